"""From uploaded files to checked, pseudonymised list frames (no Django, no writes).

The one path of every upload (page or command): read each sheet, match it to its list,
keep the columns the figures need, drop names and addresses with a note, type and check
the cells, then replace each child's identifier with its keyed pseudonym and keep only the
month and year of birth. Nothing here stores anything: ``records.services`` stores a clean
intake, and an intake with errors is shown and forgotten.

The SSDA903 tables come as one CSV each. 903 episodes carry no date of birth, so the Header
gives every Episodes, Missing and OC3 row its child's sex, date of birth (to the month) and
ethnicity, joined by the pseudonym. Then Episodes become list 8's rows, one per period of
care, and OC3 list 9's rows, when those lists did not come themselves: a period of care is
what a list 8 row is, and an OC3 row what a list 9 row is, so the children in care at month
end and the care leavers in touch or suitably housed are counted by the same definitions
whichever source came, and their traces read as periods and care leavers. The Episodes are
kept as they are too: the placements of the 12 months to each month end are counted from
them (``records.definitions``), which no list 8 row can hold, as its count is of one date.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from imports.headers import unknown_column
from imports.plans import Problem as MatcherProblem
from imports.spreadsheets import Limits
from records import checking
from records.checking import ERROR, NOTE, WARNING, Problem
from records.counting import empty_frame
from records.lists import LIST_BY_KEY, is_identifying
from records.protection import pseudonymise
from records.reading import UnreadableUpload, frame_of, list_of, sheets_of

# The dates that say which months an upload covers: the lists' events.
EVENT_DATES = {
    "contacts": "contact_date",
    "referrals": "referral_date",
    "assessments": "authorised_date",
    "s47": "strategy_date",
}
# The 903 tables whose rows take their child's sex, date of birth and ethnicity from the
# Header; and the Annex A list each 903 table becomes when that list did not come.
FROM_HEADER = {"episodes", "missing", "oc3"}
AS_ANNEX_A = {"episodes": "children_in_care", "oc3": "care_leavers"}
CHILD_DETAILS = ("gender", "ethnicity", "birth_month")


@dataclass
class Intake:
    frames: dict[str, pl.DataFrame] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    sheets: dict[str, str] = field(default_factory=dict)  # list key -> the sheet it came from

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == ERROR]

    def of(self, severity: str) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == severity]

    @property
    def counts(self) -> dict[str, int]:
        return {key: frame.height for key, frame in self.frames.items()}

    def months(self) -> tuple[date | None, date | None]:
        """(first, last) month covered: from the earliest event of the month-placed lists
        to the latest date of any list (an extract's latest date is about its own month)."""
        events, latest = [], []
        for key, frame in self.frames.items():
            if frame.is_empty():
                continue
            dates = [name for name, kind in frame.schema.items() if kind == pl.Date]
            dates = [name for name in dates if name != "birth_month"]
            latest += [frame[name].max() for name in dates]
            if key in EVENT_DATES:
                events.append(frame[EVENT_DATES[key]].min())
        latest = [day for day in latest if day is not None]
        events = [day for day in events if day is not None]
        if not latest:
            return None, None
        last = max(latest).replace(day=1)
        first = min(events).replace(day=1) if events else last
        return first, last


def take(files: Iterable[tuple[str, bytes]], *, key: str, today: date, limits: Limits) -> Intake:
    """Read, check and pseudonymise ``files`` (name, bytes): an XLSX (within ``limits``) or
    CSVs."""
    intake = Intake()
    for filename, data in files:
        try:
            sheets = sheets_of(data, filename=filename, limits=limits)
        except UnreadableUpload as error:  # its message names the file
            intake.problems.append(Problem(ERROR, str(error)))
            continue
        for sheet in sheets:
            _take_sheet(intake, sheet, today=today)
    if not intake.frames and not intake.errors:
        intake.problems.append(
            Problem(
                ERROR,
                "no Annex A list was found: name each sheet or file after its "
                'list ("List 3", "Referrals") and keep Ofsted\'s column names.',
            )
        )
    if not intake.errors and {"referrals", "assessments"} <= intake.frames.keys():
        intake.problems += checking.referral_before_assessment(
            intake.frames["referrals"],
            intake.frames["assessments"],
            sheet=intake.sheets["assessments"],
        )
    if not intake.errors and "header" in intake.frames:
        for table in FROM_HEADER & intake.frames.keys():
            intake.problems += checking.not_in_header(
                intake.frames[table], intake.frames["header"], sheet=intake.sheets[table]
            )
    if not intake.errors:
        _pseudonymise(intake, key=key)
        _from_header(intake)
        _as_annex_a(intake)
    return intake


def _take_sheet(intake: Intake, sheet, *, today: date) -> None:
    record_list = list_of(sheet)
    if record_list is None:
        if sheet.has_content:
            intake.problems.append(
                Problem(NOTE, "not an Annex A list the portal counts from: not read.", sheet.name)
            )
        return
    if record_list.key in intake.frames:
        intake.problems.append(
            Problem(
                ERROR,
                f"{record_list.title} is also in sheet "
                f'"{intake.sheets[record_list.key]}": upload each list once.',
                sheet.name,
            )
        )
        return
    text, headers = frame_of(sheet, record_list)
    intake.problems += [_from_matcher(problem, sheet.name) for problem in headers.problems]
    for _index, header in headers.unmatched:
        if is_identifying(header):
            why = "dropped on arrival: names, addresses and workers are never stored."
            intake.problems.append(Problem(NOTE, why, sheet.name, sheet.header_row, header))
        else:
            unread = unknown_column(header, file=record_list.title)
            intake.problems.append(Problem(NOTE, unread, sheet.name, sheet.header_row))
    if headers.missing:
        return
    typed, problems = checking.type_list(
        record_list, text, headers=headers.written, sheet=sheet.name, today=today
    )
    intake.problems += problems
    intake.frames[record_list.key] = typed
    intake.sheets[record_list.key] = sheet.name


def _from_matcher(problem: MatcherProblem, sheet: str) -> Problem:
    """A problem of the one header matcher as the records' checks word their own: its
    message names the column itself, so the place is the sheet and the header row."""
    return Problem(str(problem.severity), problem.message, sheet, problem.line)


def _pseudonymise(intake: Intake, *, key: str) -> None:
    """Each distinct child of every list hashed once (a child is in several lists)."""
    children = pl.concat([frame["child_id"] for frame in intake.frames.values()]).unique()
    pseudonyms = pseudonymise(children.to_list(), key=key)
    for list_key, frame in intake.frames.items():
        intake.frames[list_key] = frame.with_columns(
            pl.col("child_id").replace_strict(pseudonyms, return_dtype=pl.String)
        )


def _from_header(intake: Intake) -> None:
    """Each 903 row's sex, date of birth and ethnicity: its own where it has one (OC3 has a
    DOB), else the Header's. Joined by pseudonym, so ``ab1`` and ``AB1`` are one child."""
    if "header" not in intake.frames:
        return
    header = intake.frames["header"].select(
        "child_id", *(pl.col(name).alias(f"_{name}") for name in CHILD_DETAILS)
    )
    for table in FROM_HEADER & intake.frames.keys():
        intake.frames[table] = (
            intake.frames[table]
            .join(header, on="child_id", how="left")
            .with_columns(pl.coalesce(name, f"_{name}").alias(name) for name in CHILD_DETAILS)
            .drop(f"_{name}" for name in CHILD_DETAILS)
        )


def _as_annex_a(intake: Intake) -> None:
    """Episodes as list 8's rows and OC3 as list 9's, unless those lists came (then they are
    counted as they came, and a note says so)."""
    for table, annex_a in AS_ANNEX_A.items():
        if table not in intake.frames:
            continue
        if annex_a in intake.frames:
            intake.problems.append(
                Problem(
                    NOTE,
                    f"{LIST_BY_KEY[annex_a].title} came too: it is counted as it came, not "
                    f"made from {LIST_BY_KEY[table].title}.",
                    intake.sheets[table],
                )
            )
            continue
        make = periods_of_care if table == "episodes" else care_leavers_of
        intake.frames[annex_a] = make(intake.frames[table])
        intake.sheets[annex_a] = intake.sheets[table]


def periods_of_care(episodes: pl.DataFrame) -> pl.DataFrame:
    """List 8's rows from 903 episodes: one per period of care, from its first episode's
    DECOM to its last one's DEC (and REC), traced to its first episode's row. A period
    begins with a child's first episode, an episode that starts one (RNE S), or a gap after
    the previous episode's DEC; the episodes of a period follow one another without a gap."""
    previous_end = pl.col("end_date").shift(1).over("child_id")
    begins = (
        previous_end.is_null()
        | (pl.col("rne").str.to_uppercase() == "S")
        | (pl.col("start_date") != previous_end)
    )
    periods = (
        episodes.sort("child_id", "start_date", "row")
        .with_columns(period=begins.cum_sum())
        .group_by("period", maintain_order=True)
        .agg(
            pl.col("row", "child_id", *CHILD_DETAILS, "start_date").first(),
            pl.col("end_date", "reason_ceased").last(),
        )
    )
    return _as_list("children_in_care", periods)


def care_leavers_of(oc3: pl.DataFrame) -> pl.DataFrame:
    """List 9's rows from OC3: IN_TOUCH as it is (YES is in touch), ACTIV as the activity, and
    the accommodation suitable when ACCOM's last character is 1 (``B1``), not when it is 2
    (``B2``), unknown otherwise."""
    suitability = pl.col("accommodation").str.strip_chars().str.slice(-1)
    return _as_list(
        "care_leavers",
        oc3.with_columns(
            accommodation_suitable=pl.when(suitability == "1")
            .then(pl.lit("Yes"))
            .when(suitability == "2")
            .then(pl.lit("No"))
        ),
    )


def _as_list(list_key: str, frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with the list's columns, in its order and types (a column it lacks, null)."""
    return frame.select(
        (pl.col(name) if name in frame.columns else pl.lit(None)).cast(kind).alias(name)
        for name, kind in empty_frame(list_key).schema.items()
    )


__all__ = ["LIST_BY_KEY", "WARNING", "Intake", "take"]
