"""The one import flow of the portal: upload -> preview -> confirm, all or nothing.

An importer (the dataset, audits, caseloads) says what a file *would* do - an
:class:`ImportPlan` with counts, every problem and every change - without writing anything,
and then applies exactly that plan. This module keeps what is common: problems in plain
words, the fingerprint that refuses a confirm when the data moved since the preview, the
import log (:class:`core.models.ImportBatch`), and the command-line summary.
"""

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator
from django.db import models
from django.utils import timezone


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True)
class Problem:
    """Something wrong in an uploaded file, named by row and column in plain words."""

    message: str
    line: int | None = None
    column: str | None = None
    text: str | None = None
    context: str = ""  # e.g. "M3, October 2015" or "case CD123456"
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"Row {self.line}")
        if self.column:
            where.append(f'column "{self.column}"')
        place = ", ".join(where)
        if self.context:
            place = f"{place} ({self.context})" if place else self.context
        cell = f'"{self.text}" - ' if self.text not in (None, "") else ""
        return f"{place}: {cell}{self.message}" if place else f"{cell}{self.message}"


@dataclass(frozen=True)
class Change:
    """One value the import would change, old beside new, for the preview."""

    subject: str  # what changes, e.g. "M1, September 2016" or "CD123456"
    field: str
    old: str
    new: str
    conflict: bool = False  # overwrites something submitted, accepted or entered in the portal
    by: str = ""  # who entered the old value in the portal, e.g. "Jane White on 3 July 2021"


@dataclass(frozen=True)
class Conflict:
    """A stored row someone else changed or created after it was read: what, who, when."""

    subject: str  # e.g. "M1, September 2016"
    changed_by: str  # "" when nobody is recorded
    changed_at: datetime | None

    def __str__(self) -> str:
        who = f" by {self.changed_by}" if self.changed_by else ""
        when = (
            f" on {timezone.localtime(self.changed_at):%d %B %Y at %H:%M}"
            if self.changed_at
            else ""
        )
        return f"{self.subject}: changed{who}{when}"


class ConflictError(Exception):
    """Rows a write was planned against moved since they were read; nothing was written.

    A compare-and-set on each row's version: of two writers that read the same version, only
    the first to write wins, and the other learns which rows moved, by whom and when.
    """

    def __init__(self, conflicts: list[Conflict]):
        super().__init__(f"{len(conflicts)} row(s) changed since they were read.")
        self.conflicts = conflicts


def field_limit_problem(field: models.Field, value: object) -> str | None:
    """Why ``value`` would not fit the model's ``field`` (its length, its digits), in plain
    words; None when it fits. A preview asks, so that what it passes applies rather than
    failing at confirm; the limits are the model's own."""
    if value is None or value == "":
        return None
    max_length = getattr(field, "max_length", None)
    if max_length is not None and isinstance(value, str) and len(value) > max_length:
        return f"It has {len(value):,} characters: the most accepted is {max_length:,}."
    if isinstance(field, models.DecimalField):
        try:
            DecimalValidator(field.max_digits, field.decimal_places)(value)
        except ValidationError:
            places = field.decimal_places
            whole = field.max_digits - places
            after = f" and {places} after it" if places else ""
            return (
                f"It is too large to store: at most {whole} digits before the decimal point{after}."
            )
    return None


KINDS_COUNTED = 100  # of each severity; problems of further kinds are counted together


class ProblemList:
    """A file's problems as an import keeps them: the first of each severity one by one (up to
    ``settings.IMPORT_LISTED_PROBLEMS``), the rest counted by what they say.

    Why: a file of 600,000 placeholder cells ("TBC") has 600,000 notes, and holding, storing
    and showing each took a worker to 1.2 GB and its preview to 74 MB. Past the limit each
    kind of problem (its message) is a count, shown as one line: "And 12,345 more of this
    kind: "TBC" means not yet known; read as no value." Holds anything with a ``severity``
    and a ``message`` (the dataset reader's problems as well as :class:`Problem`).
    """

    def __init__(self, problems: Iterable[Any] = (), *, listed: int | None = None) -> None:
        self.limit = settings.IMPORT_LISTED_PROBLEMS if listed is None else listed
        self.listed: list[Any] = []
        self.listed_of: Counter = Counter()  # severity -> how many of it are listed
        self.totals: Counter = Counter()  # severity -> every problem of it, listed or not
        self.kinds: Counter = Counter()  # severity -> how many messages are counted apart
        # (severity, message) -> how many were not listed; message None: of other kinds
        self.unlisted: Counter = Counter()
        self.extend(problems)

    def append(self, problem: Any) -> None:
        self.count(problem.severity, problem.message, 1, example=problem)

    def count(self, severity: Severity, message: str | None, number: int, *, example=None) -> None:
        """Add ``number`` problems of ``severity`` saying ``message``; ``example`` is one of
        them, listed while there is room."""
        self.totals[severity] += number
        if example is not None and self.listed_of[severity] < self.limit:
            self.listed.append(example)
            self.listed_of[severity] += 1
            number -= 1
        if number <= 0:
            return
        if message is not None and (severity, message) not in self.unlisted:
            if self.kinds[severity] >= KINDS_COUNTED:
                message = None
            else:
                self.kinds[severity] += 1
        self.unlisted[severity, message] += number

    def extend(self, problems: Iterable[Any]) -> None:
        for problem in problems:
            self.append(problem)

    def __iadd__(self, problems: Iterable[Any]) -> "ProblemList":
        self.extend(problems)
        return self

    def __iter__(self) -> Iterator[Any]:
        """The listed problems, in the order they were found."""
        return iter(self.listed)

    def __getitem__(self, index: int) -> Any:
        return self.listed[index]

    def __len__(self) -> int:
        """Every problem, listed or counted."""
        return sum(self.totals.values())

    def __bool__(self) -> bool:
        return bool(self.totals)

    def __eq__(self, other: object) -> bool:
        """Equal to a list of the same problems, when none was only counted."""
        if isinstance(other, ProblemList):
            return (self.listed, self.unlisted) == (other.listed, other.unlisted)
        return isinstance(other, list) and not self.unlisted and self.listed == other

    __hash__ = None  # mutable, like a list

    def summaries(self) -> list["Problem"]:
        """One problem per kind not listed one by one, saying how many there were."""
        return [
            Problem(
                f"And {number:,} more of this kind, not listed one by one: {message}"
                if message is not None
                else f"And {number:,} more {PROBLEM_COUNTS[severity]} of other kinds, not "
                "listed one by one.",
                severity=severity,
            )
            for (severity, message), number in self.unlisted.items()
        ]

    def add_to(self, plan: "ImportPlan", convert: Callable[[Any], "Problem"]) -> None:
        """Each problem into ``plan``, as ``convert`` makes it one of ``imports.plans``."""
        for problem in self.listed:
            plan.add_problem(convert(problem))
        for (severity, message), number in self.unlisted.items():
            plan.problems.count(severity, message, number)
            plan.counts[PROBLEM_COUNTS[severity]] += number


COUNT_KEYS = ("new", "changed", "unchanged", "skipped", "conflicts", "errors", "warnings")
PROBLEM_COUNTS = {Severity.ERROR: "errors", Severity.WARNING: "warnings", Severity.NOTE: "notes"}


@dataclass
class ImportPlan:
    """What an import would do. ``payload`` is the importer's own data for :meth:`apply`."""

    counts: Counter = field(default_factory=Counter)
    problems: ProblemList = field(default_factory=ProblemList)
    changes: list[Change] = field(default_factory=list)
    payload: Any = None
    fingerprint_parts: list[str] = field(default_factory=list)
    # What the plan read, in the importer's own JSON: the rows it holds the database to when
    # it applies. A preview keeps it on its batch and a confirm applies against that, so a
    # row that moved after the preview stops the import as a named conflict.
    expected: dict[str, Any] = field(default_factory=dict)
    # The counts the preview shows, in order; an importer may name more (the dataset counts
    # rows and indicators too), so that they add up to its file.
    count_keys: tuple[str, ...] = COUNT_KEYS

    def add_problem(self, problem: Problem) -> None:
        self.problems.append(problem)
        self.counts[PROBLEM_COUNTS[problem.severity]] += 1

    def _of(self, severity: Severity) -> list[Problem]:
        """The problems of ``severity`` listed one by one, then a line per kind counted."""
        return [p for p in (*self.problems, *self.problems.summaries()) if p.severity == severity]

    @property
    def errors(self) -> list[Problem]:
        return self._of(Severity.ERROR)

    @property
    def warnings(self) -> list[Problem]:
        return self._of(Severity.WARNING)

    @property
    def notes(self) -> list[Problem]:
        """What was skipped or read as a placeholder, and why: never a reason to refuse."""
        return self._of(Severity.NOTE)

    @property
    def has_errors(self) -> bool:
        return self.problems.totals[Severity.ERROR] > 0

    @property
    def fingerprint(self) -> str:
        """Hash of the planned changes and the database state they were planned against.

        Importers add the old values they saw to ``fingerprint_parts``; a confirm recomputes
        the plan and refuses when the fingerprint differs (someone changed the data since).
        """
        digest = hashlib.sha256()
        for change in self.changes:
            digest.update(repr(asdict(change)).encode())
        for part in self.fingerprint_parts:
            digest.update(part.encode())
        return digest.hexdigest()

    def summary_counts(self) -> dict[str, int]:
        return {key: self.counts.get(key, 0) for key in self.count_keys}


class Importer(Protocol):
    """What each app provides to plug its spreadsheet into the import flow."""

    kind: str  # stored on the import log, e.g. "dataset"
    title: str  # shown on the pages, e.g. "Import the monthly dataset"
    permission: str  # who may import, e.g. "indicators.import_dataset"

    def plan(self, *, data: bytes, filename: str, options: dict[str, Any], user) -> ImportPlan:
        """Read and validate the file against the database; write nothing."""

    def apply(self, plan: ImportPlan, *, user, options: dict[str, Any]) -> None:
        """Write exactly what ``plan`` describes; called inside a transaction.

        Raises :class:`ConflictError`, having written nothing, when a row of
        ``plan.expected`` moved since it was read.
        """

    # Optional: ``revisions_option``, the option that lets a plan change vouched values as
    # revisions (a refused preview then offers "Apply as revisions"), read with the option
    # "revision_reason"; and ``moved(expected) -> list[Conflict]``, the rows of a preview's
    # ``expected`` that moved since, so a confirm refused for an error names whose work it was.


def summary_lines(plan: ImportPlan) -> list[str]:
    """The plan as the command line prints it: counts, then every problem, then changes."""
    counts = plan.summary_counts()
    lines = [", ".join(f"{key}: {value}" for key, value in counts.items())]
    lines += [f"ERROR {problem}" for problem in plan.errors]
    lines += [f"WARNING {problem}" for problem in plan.warnings]
    lines += [f"NOTE {problem}" for problem in plan.notes]
    lines += [
        f"{'CONFLICT' if c.conflict else 'CHANGE'} {c.subject} {c.field}: {c.old} -> {c.new}"
        + (f" (entered by {c.by})" if c.by else "")
        for c in plan.changes
    ]
    return lines


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
