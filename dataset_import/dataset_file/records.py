"""What the reader of the team's spreadsheet returns: rows, cells and problems."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from core.months import month_name
from imports.plans import Problem as ImportProblem
from imports.plans import ProblemList, Severity


class CellStatus(StrEnum):
    VALUE = "value"
    MISSING = "missing"  # blank, "-", "n/a": missing is not zero
    NOT_STARTED = "not_started"  # "New measure from Aug 16"
    ENDED = "ended"  # "Old measure"
    LOCAL = "local"  # "Local", "Local measure", "Local ind'ctr": no national figure exists
    NOT_AVAILABLE = "not_available"  # "-", "n/a" in a benchmark column (blank: not stated)
    INVALID = "invalid"  # not readable as a number; the reader reports it as a problem


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell as written (``text``) and as read: ``value`` is set only for VALUE."""

    text: str
    value: Decimal | None
    status: CellStatus

    @property
    def is_percent(self) -> bool:
        """The cell was written as a percentage ("30%"); its value is 30, not 0.3."""
        return self.status == CellStatus.VALUE and "%" in self.text


@dataclass(frozen=True)
class Problem:
    """Something wrong in the file, located by row and column, in plain words.

    ``message`` is a whole sentence (it quotes the cell); ``text`` is the cell as written.
    """

    line: int | None
    column: str | None
    ref: str | None
    month: date | None
    text: str
    message: str
    severity: Severity

    @property
    def context(self) -> str:
        """E.g. "M3, October 2015": which indicator and month the problem is about."""
        parts = [self.ref] if self.ref else []
        if self.month:
            parts.append(month_name(self.month))
        return ", ".join(parts)

    def as_import_problem(self) -> ImportProblem:
        """The same problem in the shared import flow's terms (``imports.plans``)."""
        return ImportProblem(
            message=self.message,
            line=self.line,
            column=self.column,
            context=self.context,
            severity=self.severity,
        )

    def __str__(self) -> str:
        return str(self.as_import_problem())


@dataclass(frozen=True)
class DatasetRow:
    """One indicator line of the file.

    Text fields are None when the file's section has no such column. ``columns`` maps each
    field name (``"title"``, ``"pct_change_prev_month"`` ...) and each month (ISO date) to
    its header as written, so a message can name the column; rows of one section share it.
    """

    line: int
    ref: str
    area: str | None
    title: str | None
    owner: str | None
    reporter: str | None
    outcome: str | None
    values: dict[date, Cell]
    columns: dict[str, str]
    file_pct_change_prev_month: Cell | None = None
    file_pct_change_prev_year: Cell | None = None
    file_avg_12m: Cell | None = None
    file_max_12m: Cell | None = None
    file_rag: Cell | None = None  # the file's RAG, its value the code: -1 red, 0 amber, 1 green
    benchmarks: dict[str, Cell] = field(default_factory=dict)
    target: Cell | None = None
    preferred_direction: str | None = None  # "up", "down" or "neither"; None: no such column
    commentary: str = ""  # the wide layout's commentary column: of the file's latest month
    commentaries: dict[date, str] = field(default_factory=dict)  # the long layout's, by month
    section: str | None = None  # the section title row above the row's table, if any
    owner_reporter: str | None = None  # a merged "Owner/Reporter" cell as written, unsplit
    target_comparator: str = ""  # "", "<", "<=", ">", ">=" ("<36%")
    target_year: int | None = None  # the financial year "Target 19-20" names (2019)
    benchmark_years: dict[str, str] = field(default_factory=dict)  # group -> "2021-22"
    frequency: str | None = None  # "monthly", "quarterly" or "annual" when the row says so
    # The name before the outcome cell's ``<i>`` markup ("Mary Hardy <i>Where ...</i>"): the
    # reporter, as the 2021 file writes some; ``outcome`` is then the marked-up part alone.
    outcome_lead: str = ""

    def commentary_for(self, month: date, *, latest: date | None) -> str:
        """The commentary the file gives for ``month`` ("" where it gives none)."""
        return self.commentaries.get(month, self.commentary if month == latest else "")


@dataclass(frozen=True)
class DatasetFile:
    rows: list[DatasetRow]
    months: list[date]  # every month column of the file, oldest first
    problems: ProblemList  # listed one by one up to a limit, then counted by kind
    tables: int = 1  # how many header rows (tables) the file has

    def __post_init__(self) -> None:
        """Problems given as a plain list (a file that cannot be read: one) are bounded too."""
        if not isinstance(self.problems, ProblemList):
            object.__setattr__(self, "problems", ProblemList(self.problems))

    @property
    def latest_month(self) -> date | None:
        return self.months[-1] if self.months else None
