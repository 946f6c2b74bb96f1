"""Checks on uploaded records, in the spirit of the DfE's validators (no Django).

Each list's text frame becomes typed (dates, numbers) and is checked: required fields
present, dates readable and not in the future, a 903 code one of the DfE's valid codes
(``records.lists``), dates in order on a row (a plan's end after its start, an S47 before
its ICPC, a 903 episode's DEC not before its DECOM, an adoption's decision, placement order,
placement and adoption order in that order), no row
repeated, and across rows one child's episodes not overlapping (a warning for an Annex A
list, an error for 903 episodes, whose placements are counted from them), a child once in
the 903 Header, a referral before its assessment, and every child of the 903 Episodes,
Missing and OC3 tables in the Header. Errors block the upload (nothing is stored); warnings
are listed and the records are kept as they are.
"""

from dataclasses import dataclass
from datetime import date

import polars as pl

from records.lists import DATE, NUMBER, Column, RecordList

ERROR = "error"
WARNING = "warning"
NOTE = "note"
SHOWN_PER_CHECK = 200  # rows named one by one per check and column; the rest counted


@dataclass(frozen=True)
class Problem:
    severity: str
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""

    def __str__(self) -> str:
        where = [f'sheet "{self.sheet}"'] if self.sheet else []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f'column "{self.column}"')
        place = ", ".join(where)
        return f"{place[:1].upper()}{place[1:]}: {self.message}" if where else self.message


def parse_dates(text: pl.Expr) -> pl.Expr:
    """A date written as Annex A extracts write one (``01/09/2016``, ``1-9-2016``,
    ``01.09.2016``, ``2016-09-01``, a spreadsheet's ``2016-09-01 00:00:00``); null when it is
    none of them or no such day. Rewritten to ISO first and parsed once: trying each format
    in turn cost a second per 200,000 dates."""
    iso = (
        text.str.strip_chars()
        .str.replace(r"[ T]00:00(:00)?(\.0+)?$", "")
        .str.replace(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$", "$3-$2-$1")
        .str.replace(r"^(\d{4})/(\d{1,2})/(\d{1,2})$", "$1-$2-$3")
    )
    return iso.str.to_date("%Y-%m-%d", strict=False)


def _rows(
    frame: pl.DataFrame, mask: pl.Expr, message: pl.Expr, *, severity: str, sheet: str, column: str
) -> list[Problem]:
    """A problem for each row of ``frame`` where ``mask`` holds; past ``SHOWN_PER_CHECK`` one
    line counts the rest, so a file of 200,000 bad dates makes a short page."""
    found = frame.filter(mask).select("row", message=message)
    problems = [
        Problem(severity, text, sheet, row, column)
        for row, text in found.head(SHOWN_PER_CHECK).iter_rows()
    ]
    if found.height > SHOWN_PER_CHECK:
        problems.append(
            Problem(
                severity,
                f"and {found.height - SHOWN_PER_CHECK:,} more rows like these, not listed.",
                sheet,
                None,
                column,
            )
        )
    return problems


def type_list(
    record_list: RecordList,
    text: pl.DataFrame,
    *,
    headers: dict[str, str],
    sheet: str,
    today: date,
) -> tuple[pl.DataFrame, list[Problem]]:
    """(the list's typed frame, its problems). Columns the sheet lacks are null; a required
    one missing is the header matcher's error (``records.intake``), so it is never typed."""
    problems: list[Problem] = []
    typed = text.select("row")
    for column in record_list.columns:
        header = headers.get(column.name, column.aliases[0])
        raw = pl.col(column.name) if column.name in text.columns else pl.lit(None, pl.String)
        blank = raw.is_null() | (raw.str.strip_chars() == "")
        frame = text.with_columns(_raw=raw, _blank=blank)
        frame = _with_value(column, frame)
        if column.required:
            problems += _rows(
                frame,
                pl.col("_blank"),
                pl.lit("required, but blank."),
                severity=ERROR,
                sheet=sheet,
                column=header,
            )
        if column.kind in (DATE, NUMBER):
            kind = "date (write it as DD/MM/YYYY)" if column.kind == DATE else "whole number"
            problems += _rows(
                frame,
                ~pl.col("_blank") & pl.col("_value").is_null(),
                pl.format(f'"{{}}" is not a {kind}.', pl.col("_raw")),
                severity=ERROR,
                sheet=sheet,
                column=header,
            )
        if column.codes:
            problems += _rows(
                frame,
                ~pl.col("_blank")
                & ~pl.col("_raw").str.strip_chars().str.to_uppercase().is_in(list(column.codes)),
                pl.format(
                    f'"{{}}" is not a valid code: one of {", ".join(column.codes)}.',
                    pl.col("_raw"),
                ),
                severity=ERROR,
                sheet=sheet,
                column=header,
            )
        if column.kind == DATE:
            problems += _rows(
                frame,
                pl.col("_value") > today,
                pl.format(
                    f"{{}} is in the future (today is {today:%d/%m/%Y}).",
                    pl.col("_value").dt.strftime("%d/%m/%Y"),
                ),
                severity=ERROR,
                sheet=sheet,
                column=header,
            )
        typed = typed.with_columns(frame.select(pl.col("_value").alias(column.name)))
    if "birth_month" in typed.columns:  # list 11 is of adults: no date of birth is kept
        typed = typed.with_columns(pl.col("birth_month").dt.month_start())
    problems += _in_order(record_list, typed, headers, sheet)
    problems += _duplicates(record_list, typed, sheet)
    problems += _overlaps(record_list, typed, headers, sheet)
    problems += _once_per_child(record_list, typed, headers, sheet)
    return typed, problems


def _with_value(column: Column, frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with ``_value``: the column typed. Dates are parsed in the format the
    column's first date is written in, and only the rows that fail it the slow way."""
    raw = pl.col("_raw")
    if column.kind != DATE:
        return frame.with_columns(_value=_typed(column, raw))
    written = frame.filter(~pl.col("_blank"))["_raw"].head(1).to_list()
    usual = "%Y-%m-%d" if written and written[0][4:5] == "-" else "%d/%m/%Y"
    frame = frame.with_columns(_value=raw.str.strip_chars().str.to_date(usual, strict=False))
    retry = frame.filter(pl.col("_value").is_null() & ~pl.col("_blank"))
    if retry.is_empty():
        return frame
    parsed = retry.select("row", _parsed=parse_dates(raw))
    return (
        frame.join(parsed, on="row", how="left")
        .with_columns(_value=pl.coalesce("_value", "_parsed"))
        .drop("_parsed")
    )


def _typed(column: Column, raw: pl.Expr) -> pl.Expr:
    if column.kind == NUMBER:
        return raw.str.strip_chars().cast(pl.Float64, strict=False).cast(pl.Int64, strict=False)
    return pl.when(raw.str.strip_chars() == "").then(None).otherwise(raw.str.strip_chars())


def _header(record_list: RecordList, headers: dict[str, str], name: str) -> str:
    return headers.get(name, record_list.column(name).aliases[0])


def _in_order(record_list, typed, headers, sheet) -> list[Problem]:
    problems = []
    for earlier, later in record_list.in_order:
        first, second = _header(record_list, headers, earlier), _header(record_list, headers, later)
        problems += _rows(
            typed,
            pl.col(later) < pl.col(earlier),
            pl.format(
                f"{{}} is before the {first!r}, {{}}.",
                pl.col(later).dt.strftime("%d/%m/%Y"),
                pl.col(earlier).dt.strftime("%d/%m/%Y"),
            ),
            severity=ERROR,
            sheet=sheet,
            column=second,
        )
    return problems


def _duplicates(record_list: RecordList, typed: pl.DataFrame, sheet: str) -> list[Problem]:
    """A row repeating another exactly would be counted twice: an error naming the first."""
    columns = [column.name for column in record_list.columns]
    first = typed.group_by(columns).agg(pl.col("row").min().alias("first_row"))
    marked = typed.join(first, on=columns, how="left", nulls_equal=True)
    return _rows(
        marked,
        pl.col("row") != pl.col("first_row"),
        pl.format(
            "repeats row {} exactly: remove one, or it would be counted twice.", pl.col("first_row")
        ),
        severity=ERROR,
        sheet=sheet,
        column="",
    )


def _overlaps(record_list, typed, headers, sheet) -> list[Problem]:
    """One child's episodes overlapping: a warning (the child counts once at month end), or
    for 903 episodes an error, as in the DfE's validator: a child is in one placement at a
    time, and their placements are counted from the episodes."""
    if record_list.episode is None or typed.is_empty():
        return []
    start, end = record_list.episode
    open_end = pl.col(end).fill_null(date.max)  # an episode not ended is open for ever
    ordered = typed.sort(["child_id", start, "row"]).with_columns(
        previous_end=open_end.cum_max().shift(1).over("child_id"),
        previous_row=pl.col("row").shift(1).over("child_id"),
    )
    overlapping = pl.col("previous_row").is_not_null() & (pl.col(start) < pl.col("previous_end"))
    then = (
        "one episode must end (DEC) on or before the next one's start (DECOM)."
        if record_list.overlap_is_error
        else "the child is counted once."
    )
    return _rows(
        ordered,
        overlapping,
        pl.format(f"overlaps the same child's episode on row {{}}: {then}", pl.col("previous_row")),
        severity=ERROR if record_list.overlap_is_error else WARNING,
        sheet=sheet,
        column=_header(record_list, headers, start),
    )


def child_key(column: str = "child_id") -> pl.Expr:
    """A child's identifier as ``records.protection`` compares it: trimmed, in upper case."""
    return pl.col(column).str.strip_chars().str.to_uppercase()


def _once_per_child(record_list, typed, headers, sheet) -> list[Problem]:
    """A child twice in the 903 Header: an error (which sex and date of birth are theirs?)."""
    if not record_list.one_row_per_child or typed.is_empty():
        return []
    marked = typed.with_columns(first_row=pl.col("row").min().over(child_key()))
    return _rows(
        marked,
        pl.col("row") != pl.col("first_row"),
        pl.format("the child is also on row {}: the Header has one row per child.", "first_row"),
        severity=ERROR,
        sheet=sheet,
        column=_header(record_list, headers, "child_id"),
    )


def not_in_header(frame: pl.DataFrame, header: pl.DataFrame, *, sheet: str) -> list[Problem]:
    """A child of a 903 table (Episodes, Missing, OC3) missing from the Header: a warning (they
    have no sex, date of birth or ethnicity, so an age filter leaves them out)."""
    known = header.select(child_key()).to_series()
    return _rows(
        frame,
        ~child_key().is_in(known.implode()),
        pl.lit("the child is not in the Header: no sex, date of birth or ethnicity for them."),
        severity=WARNING,
        sheet=sheet,
        column="CHILD",
    )


def referral_before_assessment(
    referrals: pl.DataFrame, assessments: pl.DataFrame, *, sheet: str
) -> list[Problem]:
    """An assessment starting before any referral of its child in the upload: a warning
    (its referral may predate the list, or a date is wrong)."""
    if referrals.is_empty() or assessments.is_empty():
        return []
    first = referrals.group_by("child_id").agg(first_referral=pl.col("referral_date").min())
    joined = assessments.join(first, on="child_id", how="inner")
    return _rows(
        joined,
        pl.col("start_date") < pl.col("first_referral"),
        pl.format(
            "the assessment started {} before the child's first referral in the upload, {}.",
            pl.col("start_date").dt.strftime("%d/%m/%Y"),
            pl.col("first_referral").dt.strftime("%d/%m/%Y"),
        ),
        severity=WARNING,
        sheet=sheet,
        column="Continuous Assessment Start Date",
    )
