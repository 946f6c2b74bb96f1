"""Counting a definition's figure for a month from a list's records (polars; no Django).

Every record the definition looks at comes back with its outcome and the reason in words:
``counted`` (in the count, or in a percentage's numerator), ``denominator only`` (in a
percentage's denominator, not its numerator: "assessment took 52 working days (more than
45)") or ``left out`` (placed in the month but filtered out: "aged 18 on 30/09/2016, not
19-21"). That list is what an analyst opens from a counted value, so the figure and its
explanation are one computation and cannot disagree.
"""

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

import holidays
import polars as pl

from records.definitions import (
    AS_AT,
    AT_MONTH_END,
    DURING_MONTH,
    IN_MONTH,
    RATE_PER_10000,
    AgeFilter,
    CodeFilter,
    Condition,
    Definition,
)
from records.lists import LIST_BY_KEY

COUNTED = "counted"
DENOMINATOR_ONLY = "denominator only"
LEFT_OUT = "left out"
STORED_PLACES = Decimal("0.0001")  # MonthlyValue keeps four decimal places
TRACE_SCHEMA = {"row": pl.Int64, "child_id": pl.String, "outcome": pl.String, "reason": pl.String}
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True)
class Figure:
    """One month's figure of one definition, with the records behind it."""

    month: date
    value: Decimal | None
    numerator: int
    denominator: int | None
    records: pl.DataFrame  # row, child_id, outcome, reason

    @property
    def counted(self) -> pl.DataFrame:
        return self.records.filter(pl.col("outcome") == COUNTED)

    @property
    def left_out(self) -> pl.DataFrame:
        return self.records.filter(pl.col("outcome") != COUNTED)


def month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def window_start(month: date, months: int) -> date:
    """The first day of the ``months`` months ending with ``month``'s last day: for the 12
    months to 30 September 2016, 1 October 2015."""
    index = month.year * 12 + month.month - months
    return date(index // 12, index % 12 + 1, 1)


@lru_cache(maxsize=32)
def bank_holidays(first_year: int, last_year: int) -> tuple[date, ...]:
    """England and Wales bank holidays (substitute days included) in those years."""
    return tuple(sorted(holidays.UK(subdiv="ENG", years=range(first_year, last_year + 1))))


def working_days_between(start: pl.Expr, end: pl.Expr, *, years: tuple[int, int]) -> pl.Expr:
    """Working days after ``start`` up to and including ``end`` (Monday to Friday, not a bank
    holiday): an assessment started on a Friday and authorised the next Monday took 1."""
    one_day = timedelta(days=1)
    return pl.business_day_count(
        start + one_day, end + one_day, holidays=list(bank_holidays(*years))
    )


def display(column: str) -> pl.Expr:
    return pl.col(column).dt.strftime("%d/%m/%Y")


def label(column: str) -> str:
    """``authorised_date`` -> "date of authorisation", as the Annex A header says it."""
    return LABELS.get(column, column.replace("_", " "))


LABELS = {
    "contact_date": "contact",
    "referral_date": "referral",
    "authorised_date": "authorisation",
    "strategy_date": "strategy discussion",
    "icpc_date": "conference",
    "adoption_order_date": "adoption order",
    "decision_date": "decision",
    "placed_date": "placement for adoption",
    "start_date": "start",
    "end_date": "end",
}


def placed(definition: Definition, records: pl.DataFrame, month: date) -> pl.DataFrame:
    """The records the definition places in ``month``, each with why (``reason``)."""
    first, last = month, month_end(month)
    name = f"{MONTHS[month.month - 1]} {month.year}"
    if definition.placing == IN_MONTH:
        event = definition.event
        return records.filter(pl.col(event).is_between(first, last)).with_columns(
            reason=pl.format(f"{label(event)} on {{}}, in {name}", display(event))
        )
    start, end = definition.start, definition.end
    if definition.placing == AT_MONTH_END:
        open_on = pl.col(start) <= last
        still_open = pl.col(end).is_null() | (pl.col(end) >= last)
        words = f"open on {last:%d/%m/%Y}"
    elif definition.placing == DURING_MONTH:
        open_on = pl.col(start) <= last
        still_open = pl.col(end).is_null() | (pl.col(end) >= first)
        words = f"open during {name}"
    else:
        return records.with_columns(reason=pl.lit(f"on the list as at {name}"))
    ended = (
        pl.when(pl.col(end).is_null())
        .then(pl.lit("not ended"))
        .otherwise(pl.format("ended {}", display(end)))
    )
    return records.filter(open_on & still_open).with_columns(
        reason=pl.format(f"{words} (started {{}}, {{}})", display(start), ended)
    )


def age_on(day: date) -> pl.Expr:
    """Age in whole years on ``day`` from a month of birth (taken as its first day)."""
    birth = pl.col("birth_month")
    before_birthday = (birth.dt.month() > day.month).cast(pl.Int32)
    return pl.lit(day.year) - birth.dt.year() - before_birthday


def code(column: str) -> pl.Expr:
    """``normalise_code`` in polars: ``a) Yes`` -> ``yes``."""
    return (
        pl.col(column)
        .cast(pl.String)
        .str.strip_chars()
        .str.to_lowercase()
        .str.replace(r"^[a-z]\)\s*", "")
    )


def filter_out(
    filters: Iterable[CodeFilter | AgeFilter], frame: pl.DataFrame, month: date
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(kept, left out with reason): a record fails on its first failing filter."""
    left_out = []
    last = month_end(month)
    for rule in filters:
        if isinstance(rule, AgeFilter):
            age = age_on(last)
            keep = age.is_between(rule.low, rule.high).fill_null(False)
            why = (
                pl.when(pl.col("birth_month").is_null())
                .then(pl.lit("no date of birth, so no age"))
                .otherwise(
                    pl.format(f"aged {{}} on {last:%d/%m/%Y}, not {rule.low}-{rule.high}", age)
                )
            )
        else:
            keep = code(rule.column).is_in(list(rule.codes)).fill_null(False)
            why = pl.format(f"{rule.label}: {{}}", pl.col(rule.column).fill_null("not given"))
        left_out.append(frame.filter(~keep).with_columns(reason=why))
        frame = frame.filter(keep)
    return frame, pl.concat(left_out) if left_out else frame.clear()


def one_per_child(definition: Definition, frame: pl.DataFrame) -> tuple[pl.DataFrame, ...]:
    """A child with overlapping episodes counts once: their earliest open episode."""
    if not definition.distinct_children:
        return frame, frame.clear()
    ordered = frame.sort(["child_id", definition.start, "row"], nulls_last=True)
    first = ordered.select("child_id", first_row=pl.col("row")).unique("child_id", keep="first")
    marked = ordered.join(first, on="child_id", how="left")
    duplicate = marked.filter(pl.col("row") != pl.col("first_row")).with_columns(
        reason=pl.format("child already counted (overlapping episode, row {})", "first_row")
    )
    return marked.filter(pl.col("row") == pl.col("first_row")).drop("first_row"), duplicate.drop(
        "first_row"
    )


def meets(
    condition: Condition, frame: pl.DataFrame, records: pl.DataFrame, month: date
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(frame with ``met`` and ``reason``, records it leaves out of the denominator)."""
    noun = condition.noun
    if condition.kind == "working_days":
        return _working_days(condition, frame)
    if condition.kind == "within_months":
        return _within_months(condition, frame)
    if condition.kind in ("prior_within_months", "prior_ever"):
        return _prior(condition, frame, records), frame.clear()
    if condition.kind == "lasted_over_days":
        days = (pl.col(condition.end) - pl.col(condition.start)).dt.total_days()
        return frame.with_columns(
            met=(days > condition.days).fill_null(False),
            reason=pl.format(f"{noun} lasted {{}} days", days),
        ), frame.clear()
    if condition.kind == "placements":
        return _placements(condition, frame, records, month), frame.clear()
    if condition.kind == "code_in":
        return frame.with_columns(
            met=code(condition.column).is_in(list(condition.codes)).fill_null(False),
            reason=pl.format(
                f"{label(condition.column)}: {{}}",
                pl.col(condition.column).fill_null("not given"),
            ),
        ), frame.clear()
    raise ValueError(f"unknown condition {condition.kind!r}")


def _working_days(condition: Condition, frame: pl.DataFrame) -> tuple[pl.DataFrame, ...]:
    """Within N working days; a record without its start date cannot be timed and is left
    out of the denominator (an ICPC transferred in has no strategy discussion here)."""
    start, end, noun, days = condition.start, condition.end, condition.noun, condition.days
    untimed = frame.filter(pl.col(start).is_null()).with_columns(
        reason=pl.lit(f"no {label(start)} date, so it cannot be timed (a transfer-in)")
    )
    timed = frame.filter(pl.col(start).is_not_null())
    if timed.is_empty():
        return timed.with_columns(met=pl.lit(False), reason=pl.lit("")), untimed
    years = (timed[start].min().year, timed[end].max().year + 1)
    taken = working_days_between(pl.col(start), pl.col(end), years=years)
    return timed.with_columns(
        met=taken.is_between(0, days),
        reason=pl.when(taken < 0)
        .then(pl.lit(f"{label(end)} before its {label(start)}"))
        .otherwise(
            pl.format(
                f"{noun} took {{}} working days ({{}} {days})",
                taken,
                pl.when(taken <= days).then(pl.lit("within")).otherwise(pl.lit("more than")),
            )
        ),
    ), untimed


def _within_months(condition: Condition, frame: pl.DataFrame) -> tuple[pl.DataFrame, ...]:
    """``end`` on or before the day ``months`` months after ``start`` (from 29 February, the
    28th); a record without either date cannot be timed and is left out of the denominator."""
    start, end, months = condition.start, condition.end, condition.months
    dated = pl.col(start).is_not_null() & pl.col(end).is_not_null()
    untimed = frame.filter(~dated).with_columns(
        reason=pl.format(
            "no {} date, so it cannot be timed",
            pl.when(pl.col(start).is_null())
            .then(pl.lit(label(start)))
            .otherwise(pl.lit(label(end))),
        )
    )
    by = pl.col(start).dt.offset_by(f"{months}mo")
    words = f"{label(end)} on {{}}, {{}} the {label(start)} on {{}} ({months} months: by {{}})"
    return frame.filter(dated).with_columns(
        met=pl.col(end).is_between(pl.col(start), by),
        reason=pl.format(
            words,
            display(end),
            pl.when(pl.col(end) < pl.col(start))
            .then(pl.lit("before"))
            .when(pl.col(end) <= by)
            .then(pl.lit(f"within {months} months of"))
            .otherwise(pl.lit(f"more than {months} months after")),
            display(start),
            by.dt.strftime("%d/%m/%Y"),
        ),
    ), untimed


def _placements(
    condition: Condition, frame: pl.DataFrame, records: pl.DataFrame, month: date
) -> pl.DataFrame:
    """Each child's placements in the ``months`` months to the month's end: from their 903
    episodes (the definition's rule, in its ``source``), or list 8's own count."""
    if "rne" not in records.columns:
        value = pl.col(condition.column)
        return frame.with_columns(
            met=(value >= condition.days).fill_null(False),
            reason=pl.when(value.is_null())
            .then(pl.lit("number of placements not given (Annex A list 8)"))
            .otherwise(
                pl.format(
                    "{} placements in the last 12 months (Annex A list 8's count; no episodes "
                    "came)",
                    value.cast(pl.Int64),
                )
            ),
        )
    last = month_end(month)
    first = window_start(month, condition.months)
    start, end = pl.col("start_date"), pl.col("end_date")
    begun = start.is_between(first, last) & code("rne").is_in(list(condition.codes))
    under_way = (start < first) & (end.is_null() | (end >= first))
    counted = (
        records.filter(pl.col("child_id").is_in(frame["child_id"].implode()))
        .group_by("child_id")
        .agg(_begun=begun.sum(), _under_way=under_way.any())
    )
    number = pl.col("_begun") + pl.col("_under_way").cast(pl.Int64)
    return (
        frame.join(counted, on="child_id", how="left")
        .with_columns(
            met=number >= condition.days,
            reason=pl.format(
                f"{{}} placements in the 12 months {first:%d/%m/%Y} to {last:%d/%m/%Y} "
                "(903 episodes: {} begun in them{})",
                number,
                pl.col("_begun"),
                pl.when(pl.col("_under_way"))
                .then(pl.lit(f", and the one under way on {first:%d/%m/%Y}"))
                .otherwise(pl.lit("")),
            ),
        )
        .drop("_begun", "_under_way")
    )


def _prior(condition: Condition, frame: pl.DataFrame, records: pl.DataFrame) -> pl.DataFrame:
    """The same child's latest earlier record of the list, or the list's own count of them
    (``condition.column``): an upload may not reach back as far as the condition looks."""
    start, noun = condition.start, condition.noun
    earlier = (
        frame.select("row", "child_id", start)
        .join(records.select("child_id", prior=pl.col(start)), on="child_id")
        .filter(pl.col("prior") < pl.col(start))
        .group_by("row")
        .agg(pl.col("prior").max())
    )
    frame = frame.join(earlier, on="row", how="left")
    prior = pl.col("prior")
    if condition.kind == "prior_ever":
        stated = pl.col(condition.column).fill_null(0) > 0 if condition.column else pl.lit(False)
        return frame.with_columns(
            met=prior.is_not_null() | stated,
            reason=pl.when(prior.is_not_null())
            .then(pl.format(f"child had a {noun} before, from {{}}", display("prior")))
            .when(stated)
            .then(
                pl.format(
                    f"child had {{}} {noun}(s) before (the list's count)",
                    pl.col(condition.column).cast(pl.Int64),
                )
            )
            .otherwise(pl.lit(f"child's first {noun}")),
        ).drop("prior")
    since = pl.col(start).dt.offset_by(f"-{condition.months}mo")
    within = (prior >= since).fill_null(False)
    stated = pl.col(condition.column).fill_null(0) > 0 if condition.column else pl.lit(False)
    return frame.with_columns(
        met=within | stated,
        reason=pl.when(within)
        .then(
            pl.format(
                f"previous {noun} on {{}}, within {condition.months} months", display("prior")
            )
        )
        .when(stated)
        .then(
            pl.format(
                f"child had {{}} {noun}(s) in the {condition.months} months before (the "
                "list's count)",
                pl.col(condition.column).cast(pl.Int64),
            )
        )
        .when(prior.is_null())
        .then(pl.lit(f"no earlier {noun} of the child"))
        .otherwise(
            pl.format(
                f"previous {noun} on {{}}, more than {condition.months} months before",
                display("prior"),
            )
        ),
    ).drop("prior")


def trace(frame: pl.DataFrame, outcome: str | pl.Expr) -> pl.DataFrame:
    outcome = pl.lit(outcome) if isinstance(outcome, str) else outcome
    return frame.select(
        pl.col("row").cast(pl.Int64),
        pl.col("child_id").cast(pl.String),
        outcome=outcome,
        reason=pl.col("reason").cast(pl.String),
    )


def share(numerator: int, denominator: int, scale: int) -> Decimal | None:
    if not denominator:
        return None
    value = Decimal(numerator) * scale / Decimal(denominator)
    return value.quantize(STORED_PLACES, rounding=ROUND_HALF_UP)


def count_month(
    *,
    definition: Definition,
    records: pl.DataFrame,
    month: date,
    population: int | None = None,
    as_at: date | None = None,
) -> Figure:
    """The definition's figure for ``month`` from the records of its list.

    ``records`` has the list's columns (``records.lists``) with ``row`` (the record's row,
    for tracing) and ``child_id``; ``population`` is the number of children aged 0-17 a rate
    is per; ``as_at`` the month a snapshot list (care leavers) describes."""
    if definition.placing == AS_AT and as_at != month:
        return Figure(month, None, 0, None, pl.DataFrame(schema=TRACE_SCHEMA))
    in_month = placed(definition, records, month)
    kept, filtered = filter_out(definition.filters, in_month, month)
    kept, repeated = one_per_child(definition, kept)
    left_out = [trace(filtered, LEFT_OUT), trace(repeated, LEFT_OUT)]
    if definition.condition is None:
        number = kept.height
        value = (
            (share(number, population, 10_000) if population else None)
            if definition.measure == RATE_PER_10000
            else Decimal(number)
        )
        traced = pl.concat([trace(kept, COUNTED), *left_out])
        return Figure(month, value, number, None, traced)
    judged, untimed = meets(definition.condition, kept, records, month)
    outcome = pl.when(pl.col("met")).then(pl.lit(COUNTED)).otherwise(pl.lit(DENOMINATOR_ONLY))
    traced = pl.concat([trace(judged, outcome), trace(untimed, LEFT_OUT), *left_out])
    numerator = int(judged["met"].sum())
    return Figure(month, share(numerator, judged.height, 100), numerator, judged.height, traced)


def count_months(
    *,
    definition: Definition,
    records: pl.DataFrame,
    months: Iterable[date],
    populations: Mapping[date, int] | None = None,
    as_at: date | None = None,
) -> list[Figure]:
    """``count_month`` for each month (a rate per the population figure of that month)."""
    populations = populations or {}
    return [
        count_month(
            definition=definition,
            records=records,
            month=month,
            population=populations.get(month),
            as_at=as_at,
        )
        for month in months
    ]


def empty_frame(list_key: str) -> pl.DataFrame:
    """A list with no records, with its columns typed (what an upload without it counts)."""
    kinds = {"date": pl.Date, "text": pl.String, "number": pl.Int64}
    schema = {"row": pl.Int64} | {
        column.name: kinds[column.kind] for column in LIST_BY_KEY[list_key].columns
    }
    return pl.DataFrame(schema=schema)
