"""What a figure counted from records means: definitions as data (no Django).

A definition names its list, how a record is placed in a month (``placing``), filters
that leave records out (codes, ages), and a measure: a count, a percentage of the placed
records meeting a condition (timeliness is a percentage whose condition is "done within N
working days"), or a rate per 10,000 children of the population figure. The standard
definitions below follow the DfE's (Local Authority Interactive Tool, children in need and
looked-after children statistics) and Ofsted's Annex A; each says its source in words.
A definition is changed only by raising its ``version``: a stored figure names the version
it was counted by.

A definition reads one list; one that has a ``fallback`` reads the fallback list from an
upload holding none of its own (placements: the 903 episodes, else list 8's count).
"""

from collections.abc import Mapping
from dataclasses import dataclass

from records.lists import PLACEMENT_STARTS

# How a record is placed in a month.
IN_MONTH = "in_month"  # its event date falls in the month
AT_MONTH_END = "at_month_end"  # open on the month's last day (an end on that day counts)
DURING_MONTH = "during_month"  # open on any day of the month
AS_AT = "as_at"  # a snapshot list: every record, in the month the list is as at

# Measures.
COUNT = "count"
PERCENTAGE = "percentage"
TIMELINESS = "timeliness"
RATE_PER_10000 = "rate_per_10000"
MEASURES = (COUNT, PERCENTAGE, TIMELINESS, RATE_PER_10000)


@dataclass(frozen=True)
class CodeFilter:
    """Keep records whose ``column`` holds one of ``codes`` (compared as ``normalise_code``)."""

    column: str
    codes: tuple[str, ...]
    label: str  # how a left-out record's reason names the column, e.g. "in touch"


@dataclass(frozen=True)
class AgeFilter:
    """Keep children aged ``low`` to ``high`` (inclusive) on the month's last day."""

    low: int
    high: int


@dataclass(frozen=True)
class Condition:
    """What a placed record must meet to be in a percentage's numerator.

    ``kind``: ``working_days`` (``end`` within ``days`` working days of ``start``),
    ``within_months`` (``end`` on or before the day ``months`` months after ``start``),
    ``prior_within_months`` (the same child has an earlier record of the list within
    ``months`` months), ``prior_ever`` (an earlier record, however long ago, or ``column``
    says so), ``lasted_over_days`` (``end`` more than ``days`` days after ``start``),
    ``code_in`` (``column`` holds one of ``codes``), ``placements`` (the child had ``days`` or
    more placements in the ``months`` months to the month's end: from 903 episodes whose RNE
    is one of ``codes``, or, in a list without episodes, ``column``'s count).
    """

    kind: str
    start: str = ""
    end: str = ""
    column: str = ""
    days: int = 0
    months: int = 0
    codes: tuple[str, ...] = ()
    noun: str = "record"  # "assessment", "plan": how reasons name the record


@dataclass(frozen=True)
class Definition:
    key: str
    title: str
    list_key: str
    placing: str
    measure: str
    event: str = ""  # IN_MONTH: the date that places a record in a month
    start: str = "start_date"  # AT_MONTH_END / DURING_MONTH: the episode
    end: str = "end_date"
    filters: tuple[CodeFilter | AgeFilter, ...] = ()
    condition: Condition | None = None
    distinct_children: bool = False  # a child with overlapping episodes counts once
    source: str = ""
    version: int = 1
    fallback: str = ""  # the list read when an upload has none of ``list_key``'s records

    def list_in(self, counts: Mapping[str, int]) -> str:
        """The list counted from an upload holding ``counts`` records per list."""
        if self.fallback and not counts.get(self.list_key):
            return self.fallback
        return self.list_key

    def __post_init__(self) -> None:
        if self.measure not in MEASURES:
            raise ValueError(f"{self.key}: unknown measure {self.measure!r}")
        if (self.measure in (PERCENTAGE, TIMELINESS)) != (self.condition is not None):
            raise ValueError(f"{self.key}: a percentage needs a condition, a count none")
        if self.placing == IN_MONTH and not self.event:
            raise ValueError(f"{self.key}: placed in the month of which date?")


YES = ("yes", "y", "true", "1")

STANDARD: tuple[Definition, ...] = (
    Definition(
        "contacts", "Contacts received", "contacts", IN_MONTH, COUNT, event="contact_date",
        source="Ofsted ILACS Annex A list 1: every contact received in the month, including "
        "those that become referrals.",
    ),
    Definition(
        "referrals", "Referrals", "referrals", IN_MONTH, COUNT, event="referral_date",
        source="DfE children in need census: referrals received in the month (Annex A "
        "list 3), including those with no further action.",
    ),
    Definition(
        "referrals_per_10000", "Referrals per 10,000 children", "referrals", IN_MONTH,
        RATE_PER_10000, event="referral_date",
        source="DfE LAIT: referrals per 10,000 children aged 0-17 (ONS mid-year estimate).",
    ),
    Definition(
        "re_referrals_12m", "Re-referrals within 12 months (%)", "referrals", IN_MONTH,
        PERCENTAGE, event="referral_date",
        condition=Condition("prior_within_months", start="referral_date", months=12,
                            column="referrals_last_12m", noun="referral"),
        source="DfE children in need census: referrals in the month that were within 12 "
        "months of a previous referral of the same child (12 months to the day counts), "
        "as a share of all referrals in the month. The earlier referral is in the list, or "
        "the list's \"Number of Referrals in Last 12 Months\" (read as the referrals before "
        "this one) is 1 or more: the list may not reach 12 months back.",
        version=2,
    ),
    Definition(
        "assessments_completed", "Assessments completed", "assessments", IN_MONTH, COUNT,
        event="authorised_date",
        source="DfE children in need census: assessments authorised in the month "
        "(Annex A list 4, date of authorisation).",
    ),
    Definition(
        "assessments_45_days", "Assessments completed within 45 working days (%)",
        "assessments", IN_MONTH, TIMELINESS, event="authorised_date",
        condition=Condition("working_days", start="start_date", end="authorised_date",
                            days=45, noun="assessment"),
        source="Working Together to Safeguard Children and DfE LAIT: assessments authorised "
        "in the month within 45 working days of their start (England bank holidays are "
        "not working days), as a share of all authorised in the month.",
    ),
    Definition(
        "s47_started", "Section 47 enquiries started", "s47", IN_MONTH, COUNT,
        event="strategy_date",
        source="DfE children in need census: Section 47 enquiries started in the month, "
        "dated by the strategy discussion that began them (Annex A list 5).",
    ),
    Definition(
        "icpc_15_days", "ICPCs within 15 working days of the strategy discussion (%)", "s47",
        IN_MONTH, TIMELINESS, event="icpc_date",
        condition=Condition("working_days", start="strategy_date", end="icpc_date", days=15,
                            noun="conference"),
        source="DfE LAIT: initial child protection conferences held in the month within 15 "
        "working days of the strategy discussion that began the Section 47 enquiry, as a "
        "share of those held; a transfer-in conference (no strategy discussion here) is "
        "left out.",
    ),
    Definition(
        "cp_month_end", "Children on a child protection plan at month end", "cp_plans",
        AT_MONTH_END, COUNT, distinct_children=True,
        source="DfE children in need census: children on a plan on the month's last day "
        "(a plan ending that day counts); a child counts once.",
    ),
    Definition(
        "cp_per_10000", "Children on a child protection plan per 10,000 children",
        "cp_plans", AT_MONTH_END, RATE_PER_10000, distinct_children=True,
        source="DfE LAIT: children on a plan at the month's end per 10,000 children aged "
        "0-17 (ONS mid-year estimate).",
    ),
    Definition(
        "cp_second_subsequent", "Second or subsequent child protection plans (%)",
        "cp_plans", IN_MONTH, PERCENTAGE, event="start_date",
        condition=Condition("prior_ever", start="start_date", column="previous_plans",
                            noun="plan"),
        source="DfE LAIT: plans starting in the month for a child who had a plan before, "
        "however long ago (an earlier plan in the list or the list's count of previous "
        "plans), as a share of plans starting in the month.",
    ),
    Definition(
        "cp_ceased_2_years", "Child protection plans ceasing after 2 years or more (%)",
        "cp_plans", IN_MONTH, PERCENTAGE, event="end_date",
        condition=Condition("lasted_over_days", start="start_date", end="end_date", days=729,
                            noun="plan"),
        source="DfE LAIT: plans ending in the month that had lasted 2 years or more (more "
        "than 729 days), as a share of plans ending in the month.",
    ),
    Definition(
        "cic_month_end", "Children in care at month end", "children_in_care", AT_MONTH_END,
        COUNT, distinct_children=True,
        source="DfE SSDA903: children looked after on the month's last day (an episode "
        "ending that day counts); a child counts once. From Annex A list 8, or from the "
        "903 Episodes made into periods of care when list 8 did not come.",
    ),
    Definition(
        "cic_per_10000", "Children in care per 10,000 children", "children_in_care",
        AT_MONTH_END, RATE_PER_10000, distinct_children=True,
        source="DfE LAIT: children looked after at the month's end per 10,000 children aged "
        "0-17 (ONS mid-year estimate).",
    ),
    Definition(
        "cic_3_placements", "Children in care with 3 or more placements in the last 12 "
        "months (%)", "episodes", AT_MONTH_END, PERCENTAGE, distinct_children=True,
        condition=Condition("placements", column="placements_12m", days=3, months=12,
                            codes=PLACEMENT_STARTS, noun="child"),
        fallback="children_in_care",
        source="DfE looked-after children statistics, placement stability (as the LAIT's "
        "'3 or more placements during the year', over the 12 months to each month's end): "
        "children looked after on the month's last day who had 3 or more placements in the "
        "12 months ending that day, as a share of all looked after then; a child counts "
        "once. A child's placements in those months are counted from the SSDA903 episodes: "
        "the placement they were in on the first day of the 12 months (if they were looked "
        "after then), plus each episode starting in the 12 months that begins a placement "
        "(RNE S started to be looked after, P change of placement, T change of placement "
        "with the same carers, B or U a change of legal status and placement together); an "
        "episode that changes the legal status only (RNE L) is the same placement. A child "
        "who transferred in from another authority has only this authority's episodes. "
        "When no episodes came, Annex A list 8's 'Number of Placements in the Last 12 "
        "months' is read instead (a count as at the list's date); the trace says which.",
        version=2,
    ),
    Definition(
        "care_leavers_in_touch", "Care leavers aged 19-21 in touch (%)", "care_leavers",
        AS_AT, PERCENTAGE, filters=(AgeFilter(19, 21),),
        condition=Condition("code_in", column="in_touch", codes=YES, noun="care leaver"),
        source="DfE SSDA903 (OC3) and LAIT: care leavers aged 19 to 21 the authority is in "
        "touch with, as a share of all care leavers of that age (Annex A list 9, as at "
        "the list's month, or the 903 OC3 table when list 9 did not come: IN_TOUCH YES is "
        "in touch; NO, REFU, NREQ, RHOM and DIED are not).",
    ),
    Definition(
        "care_leavers_suitable", "Care leavers aged 19-21 in suitable accommodation (%)",
        "care_leavers", AS_AT, PERCENTAGE, filters=(AgeFilter(19, 21),),
        condition=Condition("code_in", column="accommodation_suitable", codes=YES,
                            noun="care leaver"),
        source="DfE SSDA903 (OC3) and LAIT: care leavers aged 19 to 21 in suitable "
        "accommodation, as a share of all care leavers of that age (Annex A list 9, or the "
        "903 OC3 table when list 9 did not come: an ACCOM code ending in 1, e.g. B1, is "
        "suitable; ending in 2 is not).",
    ),
    Definition(
        "missing_in_month", "Children missing from care in the month", "missing",
        DURING_MONTH, COUNT, distinct_children=True,
        source="DfE SSDA903 missing table: children looked after who were missing on any "
        "day of the month; a child counts once however many times.",
    ),
    Definition(
        "adopted", "Children adopted", "adoption", IN_MONTH, COUNT,
        event="adoption_order_date",
        source="DfE SSDA903 and looked-after children statistics: children who ceased to be "
        "looked after because an adoption order was granted (REC E11 or E12), in the month "
        "of the order (Annex A list 10, date of adoption order).",
    ),
    Definition(
        "adopted_placed_12_months", "Children adopted who were placed for adoption within 12 "
        "months of the decision (%)", "adoption", IN_MONTH, PERCENTAGE,
        event="adoption_order_date",
        condition=Condition("within_months", start="decision_date", end="placed_date",
                            months=12, noun="child"),
        source="As the former National Indicator 61 (DCSF, from the SSDA903: timeliness of "
        "placements for adoption following the decision that the child should be placed "
        "for adoption): children adopted in the month (Annex A list 10, date of adoption "
        "order) who were placed for adoption within 12 months of that decision (12 months "
        "to the day counts; from 29 February, to 28 February), as a share of all adopted "
        "in the month. A child with no date placed for adoption is left out, as it cannot "
        "be timed.",
    ),
)  # fmt: skip

STANDARD_BY_KEY = {definition.key: definition for definition in STANDARD}
