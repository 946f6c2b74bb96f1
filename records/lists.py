"""The child-level lists the portal counts from, and the columns each keeps.

Pure data (no Django): the counting, the upload and the bench all read it. Each list's
columns are the few the standard definitions need, under a short canonical name; Ofsted's
Annex A headers (or the SSDA903 tables' field names) are their aliases, matched by
``imports.headers.match_headers`` as every import's: case, spaces and punctuation do not
matter. A column the portal does not keep is dropped on arrival, so nothing is held that no
figure needs.

The SSDA903 tables (Header, Episodes, Missing, OC3) are a second source for children in care
and care leavers: each is a list of its own, under its own field names (an Annex A list never
takes a 903 field name, so a file is one list or the other). ``records.intake`` gives their
rows the child's sex, date of birth and ethnicity from the Header, and turns Episodes and OC3
into the rows of lists 8 and 9 when those lists did not come.
"""

import re
from dataclasses import dataclass, field

from imports.headers import compact_key

DATE = "date"
TEXT = "text"
NUMBER = "number"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    aliases: tuple[str, ...]
    required: bool = False


@dataclass(frozen=True)
class RecordList:
    """One Annex A list (or SSDA903 table): its key, title and kept columns."""

    key: str
    number: str
    title: str
    columns: tuple[Column, ...]
    # Pairs of columns (earlier, later) that must be in order on every row.
    in_order: tuple[tuple[str, str], ...] = ()
    # (start, end) of an episode: one child's episodes of this list must not overlap.
    episode: tuple[str, str] | None = None
    sheet_aliases: tuple[str, ...] = field(default=())
    # Headers that all name this list in a sheet named neither way; by default its required
    # columns past the child's (or its first one). The 903 tables name theirs: their field
    # names are what tells them from an Annex A list with the same kind of column.
    identified_by: tuple[str, ...] = ()
    # One child's episodes overlapping is an error here, not a warning (903 episodes).
    overlap_is_error: bool = False
    # One row per child (the 903 Header): a child twice is an error.
    one_row_per_child: bool = False

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)


# Every list begins with the child and the little the figures need to know about them.
# The date of birth keeps its month and year only (``birth_month``); names never arrive.
CHILD = (
    Column("child_id", TEXT, ("Child Unique ID", "Child ID", "CHILD", "Unique ID"), True),
    Column("gender", TEXT, ("Gender", "SEX")),
    Column("ethnicity", TEXT, ("Ethnicity", "ETHNIC")),
    Column("birth_month", DATE, ("Date of Birth", "DOB", "Birth date")),
)

# Columns that name or locate a person: dropped on arrival with a note, never stored.
IDENTIFYING = (
    "name", "forename", "surname", "first name", "last name", "full name", "child name",
    "address", "postcode", "post code", "home post", "pl post", "home_post", "pl_post",
    "upn", "nhs number", "allocated worker",
)  # fmt: skip
# Short codes that identify only as the whole header: "URN" (the Ofsted number of the
# child's placement, which with dates locates the child), not "Date of return".
IDENTIFYING_CODES = ("urn",)
# 903 episodes that begin a placement (RNE): S started to be looked after, P change of
# placement and carer(s), T change of placement with the same carer(s), B change of legal
# status and of placement and carer(s), U change of legal status and of placement with the
# same carer(s). L (a change of legal status only) keeps the placement.
PLACEMENT_STARTS = ("s", "p", "t", "b", "u")

LISTS: tuple[RecordList, ...] = (
    RecordList(
        "contacts", "1", "List 1: contacts",
        (*CHILD,
         Column("contact_date", DATE, ("Date of Contact", "Contact Date"), True),
         Column("contact_source", TEXT, ("Contact Source", "Source of Contact"))),
        sheet_aliases=("List 1", "Contacts", "L1"),
    ),
    RecordList(
        "early_help", "2", "List 2: early help",
        (*CHILD,
         Column("start_date", DATE, ("Assessment start date", "Early Help Start Date"), True),
         Column("completion_date", DATE, ("Assessment completion date",))),
        in_order=(("start_date", "completion_date"),),
        sheet_aliases=("List 2", "Early Help", "L2"),
    ),
    RecordList(
        "referrals", "3", "List 3: referrals",
        (*CHILD,
         Column("referral_date", DATE, ("Date of referral", "Referral Date"), True),
         Column("referral_source", TEXT, ("Referral Source",)),
         Column("referral_nfa", TEXT, ("Referral NFA?", "Referral NFA")),
         Column("referrals_last_12m", NUMBER, ("Number of Referrals in Last 12 Months",))),
        sheet_aliases=("List 3", "Referrals", "L3"),
    ),
    RecordList(
        "assessments", "4", "List 4: assessments",
        (*CHILD,
         Column("start_date", DATE,
                ("Continuous Assessment Start Date",), True),
         Column("authorised_date", DATE,
                ("Continuous Assessment Date of Authorisation", "Date of Authorisation",
                 "Assessment Authorisation Date"))),
        in_order=(("start_date", "authorised_date"),),
        sheet_aliases=("List 4", "Assessments", "L4"),
    ),
    RecordList(
        "s47", "5", "List 5: Section 47 enquiries and ICPCs",
        (*CHILD,
         Column("strategy_date", DATE,
                ("Strategy discussion initiating Section 47 Enquiry Start Date",
                 "Section 47 Enquiry Start Date", "S47 Start Date")),
         Column("icpc_date", DATE,
                ("Date of Initial Child Protection Conference", "ICPC Date")),
         Column("icpc_plan", TEXT,
                ("Did the Initial Child Protection Conference Result in a Child Protection "
                 "Plan", "ICPC Resulted in Plan"))),
        in_order=(("strategy_date", "icpc_date"),),
        sheet_aliases=("List 5", "Section 47", "S47", "L5"),
    ),
    RecordList(
        "cin", "6", "List 6: children in need",
        (*CHILD,
         Column("start_date", DATE, ("CIN Start Date",), True),
         Column("end_date", DATE, ("CIN Closure Date",)),
         Column("case_status", TEXT, ("Case Status",))),
        in_order=(("start_date", "end_date"),),
        episode=("start_date", "end_date"),
        sheet_aliases=("List 6", "Children in Need", "CIN", "L6"),
    ),
    RecordList(
        "cp_plans", "7", "List 7: child protection plans",
        (*CHILD,
         Column("start_date", DATE, ("Child Protection Plan Start Date", "CP Plan Start Date"),
                True),
         Column("end_date", DATE, ("Child Protection Plan End Date", "CP Plan End Date")),
         Column("previous_plans", NUMBER, ("Number of Previous Child Protection Plans",))),
        in_order=(("start_date", "end_date"),),
        episode=("start_date", "end_date"),
        sheet_aliases=("List 7", "Child Protection", "CP Plans", "L7"),
    ),
    RecordList(
        "children_in_care", "8", "List 8: children in care",
        (*CHILD,
         Column("start_date", DATE, ("Date Started to be Looked After",), True),
         Column("end_date", DATE, ("Date Ceased to be Looked After",)),
         Column("placements_12m", NUMBER, ("Number of Placements in the Last 12 months",)),
         Column("reason_ceased", TEXT, ("Reason Ceased to be Looked After",))),
        in_order=(("start_date", "end_date"),),
        episode=("start_date", "end_date"),
        sheet_aliases=("List 8", "Children in Care", "Looked After", "CLA", "L8"),
    ),
    RecordList(
        "care_leavers", "9", "List 9: care leavers",
        (*CHILD,
         Column("in_touch", TEXT, ("In touch", "Is the LA in touch")),
         Column("accommodation_suitable", TEXT,
                ("Accommodation suitable", "Suitability of accommodation",
                 "Is this accommodation suitable")),
         Column("activity", TEXT, ("Activity status", "Activity"))),
        sheet_aliases=("List 9", "Care Leavers", "L9"),
    ),
    RecordList(
        "missing", "SSDA903", "SSDA903: missing from care",
        (*CHILD,
         Column("start_date", DATE, ("MIS_START", "Missing Start Date"), True),
         Column("end_date", DATE, ("MIS_END", "Missing End Date"))),
        in_order=(("start_date", "end_date"),),
        sheet_aliases=("Missing",),
    ),
    RecordList(
        "header", "SSDA903", "SSDA903: header",
        CHILD,
        sheet_aliases=("Header",),
        identified_by=("SEX", "DOB"),
        one_row_per_child=True,
    ),
    RecordList(
        "episodes", "SSDA903", "SSDA903: episodes",
        (*CHILD,
         Column("start_date", DATE, ("DECOM",), True),
         Column("rne", TEXT, ("RNE",), True),
         Column("legal_status", TEXT, ("LS",), True),
         Column("category_of_need", TEXT, ("CIN",)),
         Column("placement_type", TEXT, ("PLACE",), True),
         Column("provider", TEXT, ("PLACE_PROVIDER",)),
         Column("end_date", DATE, ("DEC",)),
         Column("reason_ceased", TEXT, ("REC",)),
         Column("reason_placement_changed", TEXT, ("REASON_PLACE_CHANGE",))),
        in_order=(("start_date", "end_date"),),
        episode=("start_date", "end_date"),
        sheet_aliases=("Episodes",),
        identified_by=("DECOM", "RNE"),
        overlap_is_error=True,
    ),
    RecordList(
        "oc3", "SSDA903", "SSDA903: care leavers (OC3)",
        (*CHILD,
         Column("in_touch", TEXT, ("IN_TOUCH",)),
         Column("activity", TEXT, ("ACTIV",)),
         Column("accommodation", TEXT, ("ACCOM",))),
        sheet_aliases=("OC3",),
        identified_by=("IN_TOUCH", "ACCOM"),
    ),
)  # fmt: skip

LIST_BY_KEY = {record_list.key: record_list for record_list in LISTS}


def is_identifying(header: str) -> bool:
    """A name, address or other identifying column, dropped on arrival."""
    key = compact_key(header)
    return key in IDENTIFYING_CODES or any(compact_key(word) in key for word in IDENTIFYING)


def normalise_code(text: object) -> str:
    """``a) Yes`` / ``A) YES`` / ``Yes`` -> ``yes``; ``C2: FCO`` stays ``c2: fco``.

    Annex A writes a choice as a lettered option; the letter is Excel's, not the code's."""
    value = str(text or "").strip().lower()
    return re.sub(r"^[a-z]\)\s*", "", value)
