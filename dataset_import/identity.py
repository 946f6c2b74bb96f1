"""Which rows of a file are the same indicator (issue #15, item 2).

An indicator is known by its ref. Where the ref is blank, or the file uses one ref for
different titles (the 2023 board tables number three indicators ``74``), the title decides,
and a warning names the row. One indicator repeated in several tables of a file is one
indicator: its rows are merged, and where two of them give a month different values the
error names both rows. Pure: rows in, groups and problems out.
"""

from dataclasses import dataclass, field, replace
from datetime import date

from core.months import month_name
from dataset_import.dataset_file import Cell, CellStatus, DatasetRow
from imports.plans import Problem, Severity

# Fields a repeated row may fill where the first row of its indicator leaves them empty.
FILLED_FIELDS = (
    "area", "section", "title", "owner", "reporter", "owner_reporter", "outcome", "outcome_lead",
    "file_pct_change_prev_month", "file_pct_change_prev_year", "file_avg_12m", "file_max_12m",
    "target", "preferred_direction", "commentary", "frequency",
)  # fmt: skip


def normalise(text: str | None) -> str:
    """Text compared as people read it: case and spacing aside."""
    return " ".join((text or "").split()).casefold()


@dataclass
class Group:
    """The rows of one indicator, first row first."""

    key: tuple[str, str]  # ("ref", "M1") or ("title", "children in need")
    rows: list[DatasetRow] = field(default_factory=list)

    @property
    def by_title(self) -> bool:
        return self.key[0] == "title"

    @property
    def first(self) -> DatasetRow:
        return self.rows[0]


@dataclass(frozen=True)
class Merged:
    """A group as one row. ``origin`` says which row each month's cell comes from;
    ``repeats`` are the other rows' cells of a month, already given by ``origin``."""

    row: DatasetRow
    origin: dict[date, DatasetRow]
    repeats: list[tuple[DatasetRow, date, Cell]]
    problems: list[Problem]


def group_rows(rows: list[DatasetRow]) -> tuple[list[Group], list[Problem]]:
    """Rows grouped by indicator, in the order of their first row; a warning per row that is
    matched by its title."""
    titles: dict[str, set[str]] = {}
    for row in rows:
        if row.ref and row.title:
            titles.setdefault(row.ref, set()).add(normalise(row.title))
    ambiguous = {ref for ref, names in titles.items() if len(names) > 1}
    groups: dict[tuple[str, str], Group] = {}
    problems = []
    for row in rows:
        by_title = bool(row.title) and (not row.ref or row.ref in ambiguous)
        key = ("title", normalise(row.title)) if by_title else ("ref", row.ref)
        groups.setdefault(key, Group(key)).rows.append(row)
        if by_title:
            why = (
                f'the ref "{row.ref}" is used for {len(titles[row.ref])} different indicators '
                "in this file"
                if row.ref
                else "it has no ref"
            )
            problems.append(
                Problem(
                    f'This row is matched by its title "{row.title}", as {why}.',
                    line=row.line,
                    column=row.columns.get("ref"),
                    context=row.ref,
                    severity=Severity.WARNING,
                )
            )
    return list(groups.values()), problems


def merge(group: Group) -> Merged:
    """The group's rows as one: each month from the first row giving it a value (else the
    first row that has the month), each empty field filled from a later row."""
    first = group.first
    origin: dict[date, DatasetRow] = {}
    repeats: list[tuple[DatasetRow, date, Cell]] = []
    problems: list[Problem] = []
    for row in group.rows:
        for month, cell in row.values.items():
            held = origin.get(month)
            if held is None:
                origin[month] = row
                continue
            held_cell = held.values[month]
            if cell.status == CellStatus.VALUE and held_cell.status != CellStatus.VALUE:
                origin[month] = row  # a later table has the value an earlier one lacked
                repeats.append((held, month, held_cell))
                continue
            repeats.append((row, month, cell))
            if cell.status == CellStatus.VALUE and cell.value != held_cell.value:
                problems.append(_disagreement(held, row, month))
    if len(group.rows) == 1:
        return Merged(first, origin, repeats, problems)
    filled = {
        name: next((v for r in group.rows if (v := getattr(r, name)) not in (None, "")), None)
        for name in FILLED_FIELDS
    }
    filled["commentary"] = filled["commentary"] or ""
    filled["outcome_lead"] = filled["outcome_lead"] or ""
    benchmarks: dict[str, Cell] = {}
    years: dict[str, str] = {}
    commentaries: dict[date, str] = {}
    for row in reversed(group.rows):  # the first row's figures win
        benchmarks.update(row.benchmarks)
        years.update(row.benchmark_years)
        commentaries.update(row.commentaries)
    row = replace(
        first,
        **filled,
        values={month: origin[month].values[month] for month in sorted(origin)},
        columns={k: v for row in reversed(group.rows) for k, v in row.columns.items()},
        benchmarks=benchmarks,
        benchmark_years=years,
        commentaries=commentaries,
        target_comparator=next((r.target_comparator for r in group.rows if r.target), ""),
        target_year=next((r.target_year for r in group.rows if r.target), None),
    )
    return Merged(row, origin, repeats, problems)


def _disagreement(first: DatasetRow, second: DatasetRow, month: date) -> Problem:
    name = second.ref or second.title
    return Problem(
        f"{name} appears in rows {first.line} and {second.line} with different values for "
        f'{month_name(month)}: "{first.values[month].text}" and "{second.values[month].text}". '
        "The same indicator must have the same value in every table.",
        line=second.line,
        column=second.columns.get(month.isoformat(), month_name(month)),
        text=second.values[month].text,
        context=f"{name}, {month_name(month)}",
    )
