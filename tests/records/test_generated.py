"""The generated lists (demo and bench) pass the upload's checks: no real person, no error."""

import csv
import io
from datetime import date

import pytest

from imports.spreadsheets import Limits
from records.generated import bench_lists, demo_lists
from records.intake import take

KEY = "test-key-of-at-least-thirty-two-characters"
LIMITS = Limits(rows=100_000, columns=50, cells=1_000_000)


def csv_of(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()


@pytest.mark.parametrize("seed", range(4))
def test_bench_lists_with_adoption_pass_the_checks(seed):
    sizes = {"contacts": 50, "episodes": 40, "oc3": 5, "adoption": 150}
    lists = dict(bench_lists(first=date(2012, 1, 1), months=60, sizes=sizes, seed=seed))
    intake = take(
        [(f"{key}.csv", csv_of(rows)) for key, rows in lists.items()],
        key=KEY,
        today=date(2026, 1, 1),
        limits=LIMITS,
    )
    assert [str(error) for error in intake.errors] == []
    assert intake.counts["adoption"] == intake.counts["adopters"] == 150
    # some children are adopted within the five years, some are still on their way
    orders = intake.frames["adoption"]["adoption_order_date"]
    assert 0 < orders.null_count() < orders.len()
    assert orders.max() <= date(2016, 12, 31)


def test_the_demos_adoption_lists_stay_within_september_2016():
    intake = take(
        [(f"{key}.csv", csv_of(rows)) for key, rows in demo_lists().items()],
        key=KEY,
        today=date(2026, 1, 1),
        limits=LIMITS,
    )
    assert intake.errors == []
    assert intake.counts["adoption"] == intake.counts["adopters"] == 12
    assert intake.months() == (date(2016, 9, 1), date(2016, 9, 1))
