"""Golden test: the team's September 2016 dataset (``dataset_import/demo_data/
dataset_2016_09.tsv``) read by ``read_dataset`` and recomputed by ``calculations``
reproduces the file's own computed columns.

Counts are in the file unrounded, so every column must match exactly after the file's
rounding (whole numbers, half up). Percentages ("30%") and rates per 10,000 are shown
rounded to whole numbers while the file computed from the unrounded figures; for those rows
the file's figure must be one that some unrounded values showing as the file shows them
would give (each shown value v stands for one in [v - 0.5, v + 0.5)): that reasoning is
``calculations.rounding_explains``, which the import's check of a file's columns uses too.
A fixed tolerance would not do: 36% after 3% is +1,100% on the shown values, and anything
from +914% to +1,360% on values that show as 36% and 3%; the file says +1,090%.
"""

from datetime import date

import pytest

from core.months import add_months
from dataset_import.dataset_file import CellStatus, DatasetRow, read_dataset
from dataset_import.dataset_file.cells import arrow_direction
from dataset_import.demo import SAMPLE
from imports.plans import Severity
from indicators.calculations import (
    Column,
    Direction,
    Span,
    average_12_months,
    column_span,
    direction_of_travel,
    display,
    max_12_months,
    pct_change,
    rounding_explains,
    value_spans,
)

# The team's file, committed as the demo's sample month.
SEED = SAMPLE

DATASET = read_dataset(SEED.read_bytes(), filename=SEED.name)
MONTH = date(2016, 9, 1)
# The file leaves every computed column blank on these rows (it says nothing, not "n/a").
BLANK_IN_FILE = {"CP4 (val)", "LAC14"}


def shown_rounded(row: DatasetRow) -> bool:
    """The file shows this row's values rounded: percentages, and rates per 10,000."""
    title = (row.title or "").lower()
    return any(cell.is_percent for cell in row.values.values()) or "rate per" in title


def direction_fits(arrow: Direction, span: Span) -> bool:
    return {
        Direction.UP: span.high >= 10,
        Direction.DOWN: span.low <= -10,
        Direction.SIMILAR: span.low < 10 and span.high > -10,
    }[arrow]


def check_change(column: Column, cell, series: dict, rounded: bool) -> list[str]:
    base_month = add_months(MONTH, -1 if column == Column.PCT_CHANGE_PREV_MONTH else -12)
    ours = pct_change(current=series.get(MONTH), base=series.get(base_month))
    said = f"{column.label}: ours {display(ours)} ({ours}), the file {cell.text!r}"
    if cell.status == CellStatus.MISSING:
        return [] if ours is None else [said + " (the file says n/a)"]
    if ours is None:
        return [said + " (ours is n/a)"]
    spans = value_spans(series, rounded=rounded)
    span = column_span(column, spans, MONTH)
    failures = []
    explained = rounding_explains(
        column=column, shown=cell.value, series=series, month=MONTH, rounded=rounded
    )
    if not explained:
        failures.append(f"{said}: outside {display(span.low)} .. {display(span.high)}")
    arrow = arrow_direction(cell.text)
    if arrow is None or not direction_fits(arrow, span):
        failures.append(f"{said}: the arrow {arrow} vs ours {direction_of_travel(ours)}")
    return failures


def check_window(column: Column, cell, series: dict, rounded: bool) -> list[str]:
    ours = (average_12_months if column == Column.AVG_12M else max_12_months)(series, MONTH)
    said = [f"{column.label}: ours {display(ours)} ({ours}), the file {cell.text!r}"]
    if None in (ours, cell.value):
        return [] if ours is cell.value else said
    explained = rounding_explains(
        column=column, shown=cell.value, series=series, month=MONTH, rounded=rounded
    )
    return [] if explained else said


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
            Column.PCT_CHANGE_PREV_MONTH, row.file_pct_change_prev_month, series, rounded
        ),
        *check_change(Column.PCT_CHANGE_PREV_YEAR, row.file_pct_change_prev_year, series, rounded),
        *check_window(Column.AVG_12M, row.file_avg_12m, series, rounded),
        *check_window(Column.MAX_12M, row.file_max_12m, series, rounded),
    ]
    assert not failures, f"{row.ref} (row {row.line}): " + "; ".join(failures)
