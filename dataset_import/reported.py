"""What a file reports about an indicator besides its values: its frequency, and its own
computed columns of the latest month, its RAG among them.

The file's computed columns are kept as ``ReportedFigure``s: where the portal lacks months
a column needs (a file with seven months of history, for its 12-month maximum), the dataset
shows the file's figure, marked as the file's, instead of a shorter window under the
column's label (``indicators.calculations.history_lacking``); the file's RAG (its -1 / 0 /
1 code) is the RAG where the portal cannot judge the month (``calculations.compute``). A
figure is planned only where it is new or differs from the one stored, so importing a file
again changes nothing.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone

from core.months import month_name
from core.numbers import round_half_up
from dataset_import.dataset_file import CellStatus, DatasetRow
from imports.plans import Change, ImportPlan, Problem, Severity
from indicators.calculations import Column, Frequency, Rag
from indicators.models import Indicator, ReportedFigure

STORED_PLACES = 4  # ReportedFigure.value's decimal places


@dataclass
class Reports:
    """What ``apply_reports`` writes: changed frequencies of existing indicators, by ref, and
    the new or changed figures of ``month`` by (ref, column)."""

    month: date | None = None
    frequencies: dict[str, str] = field(default_factory=dict)
    figures: dict[tuple[str, str], Decimal] = field(default_factory=dict)


def file_cell(row: DatasetRow, column: str):
    return getattr(row, f"file_{column}")


def frequency_of(row: DatasetRow, *, plan: ImportPlan) -> str | None:
    """The frequency the row states, or None where it states none (or one not known, which
    is reported and left as it is)."""
    if not row.frequency:
        return None
    try:
        return Frequency(row.frequency).value
    except ValueError:
        plan.add_problem(
            Problem(
                f'"{row.frequency}" is not a frequency the portal knows (monthly, quarterly or '
                "annual); the indicator's frequency is left as it is.",
                line=row.line,
                column=row.columns.get("frequency"),
                context=row.ref,
                severity=Severity.WARNING,
            )
        )
        return None


class FileReports:
    """Plans the frequencies and file's figures of one parsed file against what is stored."""

    def __init__(self, *, refs: list[str], month: date | None):
        self.month = month
        self.reports = Reports(month=month)
        self.stored: dict[tuple[str, str], Decimal] = {}
        if month is not None:
            rows = ReportedFigure.objects.filter(indicator__ref__in=refs, month=month)
            self.stored = {
                (ref, column): value
                for ref, column, value in rows.values_list("indicator__ref", "column", "value")
            }

    def plan_row(self, row: DatasetRow, *, indicator: Indicator | None, plan: ImportPlan) -> None:
        """Plan the row's frequency (for an indicator already in the catalogue; a new one
        takes it when created) and its figures of the file's latest month."""
        frequency = frequency_of(row, plan=plan) if indicator is not None else None
        if frequency and frequency != indicator.frequency:
            self.reports.frequencies[row.ref] = frequency
            plan.changes.append(
                Change(
                    row.ref,
                    "frequency",
                    Frequency(indicator.frequency).label,
                    Frequency(frequency).label,
                )
            )
        if self.month is None:
            return
        for column in Column:
            cell = file_cell(row, column)
            if cell is None or cell.status != CellStatus.VALUE:
                continue
            if column == Column.RAG and not self._judges_a_value(row, cell, plan=plan):
                continue
            value = round_half_up(cell.value, places=STORED_PLACES)
            before = self.stored.get((row.ref, column))
            if before == value:
                continue
            if before is not None:
                subject = f"{row.ref}, {month_name(self.month)}"
                plan.changes.append(
                    Change(
                        subject,
                        f"file's {column.label}",
                        _text(before, column),
                        _text(value, column),
                    )
                )
            self.stored[row.ref, column] = value  # a ref repeated in the file is planned once
            self.reports.figures[row.ref, column.value] = value

    def _judges_a_value(self, row: DatasetRow, cell, *, plan: ImportPlan) -> bool:
        """Whether the row's RAG can be kept with the file's latest month: only where the row
        has a value in that month ("TBC" there leaves unsaid which month the RAG judges)."""
        month_cell = row.values.get(self.month)
        if month_cell is not None and month_cell.status == CellStatus.VALUE:
            return True
        plan.add_problem(
            Problem(
                f"{row.ref or row.title} has no value for {month_name(self.month)}, the file's "
                "latest month, so which month this RAG judges is not known; it is not kept.",
                line=row.line,
                column=row.columns.get(Column.RAG),
                text=cell.text,
                context=row.ref,
                severity=Severity.WARNING,
            )
        )
        return False


def _text(value: Decimal, column: str) -> str:
    if column == Column.RAG:
        return f"{Rag.of_code(value).value.capitalize()} ({int(value)})"
    return f"{value.normalize():f}"


def apply_reports(reports: Reports) -> None:
    """Write planned frequencies and figures (the caller holds the transaction)."""
    by_frequency: dict[str, list[str]] = defaultdict(list)
    for ref, frequency in reports.frequencies.items():
        by_frequency[frequency].append(ref)
    for frequency, refs in by_frequency.items():
        Indicator.objects.filter(ref__in=refs).update(frequency=frequency)
    if not reports.figures:
        return
    refs = {ref for ref, _ in reports.figures}
    ids = dict(Indicator.objects.filter(ref__in=refs).values_list("ref", "pk"))
    now = timezone.now()
    ReportedFigure.objects.bulk_create(
        [
            ReportedFigure(
                indicator_id=ids[ref],
                month=reports.month,
                column=column,
                value=value,
                imported_at=now,
            )
            for (ref, column), value in reports.figures.items()
        ],
        update_conflicts=True,
        unique_fields=["indicator", "month", "column"],
        update_fields=["value", "imported_at"],
    )
