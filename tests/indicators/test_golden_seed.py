"""Golden test: the team's September 2016 dataset (seeds/002_...txt) read by ``read_dataset``
and recomputed by ``calculations`` reproduces the file's own computed columns.

Counts are in the file unrounded, so every column must match exactly after the file's
rounding (whole numbers, half up). Percentages ("30%") and rates per 10,000 are shown
rounded to whole numbers while the file computed from the unrounded figures; for those rows
the file's figure must be one that some unrounded values showing as the file shows them
would give (each shown value v stands for one in [v - 0.5, v + 0.5]). A fixed tolerance
would not do: 36% after 3% is +1,100% on the shown values, and anything from +914% to
+1,360% on values that show as 36% and 3%; the file says +1,090%.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from core.imports import Severity
from core.months import add_months
from core.numbers import round_half_up
from dataset_import.dataset_file import CellStatus, DatasetRow, read_dataset
from dataset_import.dataset_file.cells import arrow_direction
from dataset_import.demo import SAMPLE
from indicators.calculations import (
    Direction,
    average_12_months,
    direction_of_travel,
    display,
    max_12_months,
    pct_change,
)

# The team's file (seeds/002_b43a99731c9939dd.txt), committed as the demo's sample month.
SEED = SAMPLE

DATASET = read_dataset(SEED.read_bytes(), filename=SEED.name)
MONTH = date(2016, 9, 1)
HALF = Decimal("0.5")
INFINITY = Decimal("Infinity")
# The file leaves every computed column blank on these rows (it says nothing, not "n/a").
BLANK_IN_FILE = {"CP4 (val)", "LAC14"}


def shown_rounded(row: DatasetRow) -> bool:
    """The file shows this row's values rounded: percentages, and rates per 10,000."""
    title = (row.title or "").lower()
    return any(cell.is_percent for cell in row.values.values()) or "rate per" in title


@dataclass(frozen=True)
class Span:
    """The values a computed column can take given the file's shown values."""

    low: Decimal
    high: Decimal

    def holds_shown(self, shown: Decimal) -> bool:
        """Whether a true value in this span can show (rounded) as ``shown``."""
        return shown - HALF <= self.high and shown + HALF >= self.low


def _source(value: Decimal, rounded: bool) -> tuple[Decimal, Decimal]:
    return (max(value - HALF, Decimal(0)), value + HALF) if rounded else (value, value)


def change_span(series: dict, base_month: date, rounded: bool) -> Span | None:
    current, base = series.get(MONTH), series.get(base_month)
    if pct_change(current=current, base=base) is None:
        return None
    current_low, current_high = _source(current, rounded)
    base_low, base_high = _source(base, rounded)
    high = pct_change(current=current_high, base=base_low) if base_low else INFINITY
    return Span(pct_change(current=current_low, base=base_high), high)


def direction_fits(arrow: Direction, span: Span) -> bool:
    return {
        Direction.UP: span.high >= 10,
        Direction.DOWN: span.low <= -10,
        Direction.SIMILAR: span.low < 10 and span.high > -10,
    }[arrow]


def check_change(name: str, cell, series: dict, base_month: date, rounded: bool) -> list[str]:
    ours = pct_change(current=series.get(MONTH), base=series.get(base_month))
    said = f"{name}: ours {display(ours)} ({ours}), the file {cell.text!r}"
    if cell.status == CellStatus.MISSING:
        return [] if ours is None else [said + " (the file says n/a)"]
    if ours is None:
        return [said + " (ours is n/a)"]
    span = change_span(series, base_month, rounded)
    arrow = arrow_direction(cell.text)
    failures = []
    if rounded and not span.holds_shown(cell.value):
        failures.append(f"{said}: outside {display(span.low)} .. {display(span.high)}")
    if not rounded and round_half_up(ours) != cell.value:
        failures.append(said)
    if arrow is None or not direction_fits(arrow, span):
        failures.append(f"{said}: the arrow {arrow} vs ours {direction_of_travel(ours)}")
    return failures


def check_average(cell, series: dict, rounded: bool) -> list[str]:
    ours = average_12_months(series, MONTH)
    said = [f"12 month average: ours {display(ours)} ({ours}), the file {cell.text!r}"]
    if None in (ours, cell.value):
        return [] if ours is cell.value else said
    if rounded:  # each value within 0.5, so the average is; the file's rounding adds 0.5
        return [] if abs(cell.value - ours) <= 1 else said
    return [] if round_half_up(ours) == cell.value else said


def check_max(cell, series: dict) -> list[str]:
    # Rounding keeps order, so the largest shown value is the largest value, shown.
    ours = max_12_months(series, MONTH)
    return [] if ours == cell.value else [f"12 month max: ours {ours}, the file {cell.text!r}"]


def test_the_seed_reads_without_problems():
    # Only notes: its title lines and placeholders ("-", "n/a", "Local ind'ctr") are listed.
    assert [p for p in DATASET.problems if p.severity != Severity.NOTE] == []
    assert DATASET.latest_month == MONTH
    assert len(DATASET.rows) == 50
    assert len({row.ref for row in DATASET.rows}) == 50


@pytest.mark.parametrize("row", DATASET.rows, ids=[row.ref for row in DATASET.rows])
def test_computed_columns_match_the_file(row: DatasetRow):
    series = {month: cell.value for month, cell in row.values.items()}
    file_cells = (
        row.file_pct_change_prev_month,
        row.file_pct_change_prev_year,
        row.file_avg_12m,
        row.file_max_12m,
    )
    if row.ref in BLANK_IN_FILE:
        assert {cell.text for cell in file_cells} == {""}, row.ref
        return
    rounded = shown_rounded(row)
    failures = [
        *check_change(
            "% change from previous month",
            row.file_pct_change_prev_month,
            series,
            add_months(MONTH, -1),
            rounded,
        ),
        *check_change(
            "% change from the same month last year",
            row.file_pct_change_prev_year,
            series,
            add_months(MONTH, -12),
            rounded,
        ),
        *check_average(row.file_avg_12m, series, rounded),
        *check_max(row.file_max_12m, series),
    ]
    assert not failures, f"{row.ref} (row {row.line}): " + "; ".join(failures)
