"""From uploaded files to checked, pseudonymised list frames (no Django, no writes).

The one path of every upload (page or command): read each sheet, match it to its list,
keep the columns the figures need, drop names and addresses with a note, type and check
the cells, then replace each child's identifier with its keyed pseudonym and keep only the
month and year of birth. Nothing here stores anything: ``records.services`` stores a clean
intake, and an intake with errors is shown and forgotten.
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
    if not intake.errors:
        _pseudonymise(intake, key=key)
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


__all__ = ["LIST_BY_KEY", "WARNING", "Intake", "take"]
