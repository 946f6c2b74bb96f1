"""Benchmark: import a wide XLSX of 500 indicators x 200 months (100,000 values).

Prints values per second and peak memory of the portal's import, the time of a re-import
of the unchanged file, and the same file through django-import-export's default
row-by-row path (timed on a sample, as it runs at a few hundred rows per second) with the
ratio between the two. Then the same import and re-import as the team runs them,
``manage.py import_dataset FILE`` in a new process, timed end to end (start-up included).
Run: ``.venv/bin/python bench/import_dataset.py`` (PostgreSQL at 127.0.0.1:5432; set
BENCH_POSTGRES to use another server).
"""

import io
import multiprocessing
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from _setup import ROOT, django_on, drop_database, fresh_database

INDICATORS = 500
MONTHS = 200
SAMPLE_ROWS = 3_000  # rows timed through django-import-export's default path
DATABASE = "kpi_bench_import"


def months_back(count: int) -> list[date]:
    """The ``count`` months ending last month: the history a live portal would hold."""
    from core.months import last_month, months_ending

    return months_ending(last_month(date.today()), count)


def make_workbook(months: list[date]) -> bytes:
    from openpyxl import Workbook

    rng = random.Random(7)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Dataset")
    sheet.append(
        ["Ref", "Area", "Description", "Owner", "Reporter"]
        + [m.strftime("%b %y") for m in months]
        + ["Commentary"]
    )
    for number in range(INDICATORS):
        values = [
            None if rng.random() < 0.05 else ("-" if rng.random() < 0.02 else rng.randint(0, 2000))
            for _ in months
        ]
        commentary = f"Commentary on indicator {number}: the figure moved as expected."
        sheet.append(
            [f"B{number:03}", "Bench", f"Bench indicator {number}", "", "", *values, commentary]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def make_catalogue() -> None:
    from indicators.models import Area, Indicator

    area = Area.objects.create(name="Bench")
    Indicator.objects.bulk_create(
        Indicator(ref=f"B{n:03}", title=f"Bench indicator {n}", area=area)
        for n in range(INDICATORS)
    )


def portal_import(data: bytes, queue) -> None:
    """In a child process, so its peak memory is the import's own."""
    from dataset_import.importers import DatasetImporter
    from imports.services import import_from_command

    lines: list[str] = []
    start = time.perf_counter()
    ok = import_from_command(
        importer=DatasetImporter(), data=data, filename="bench.xlsx", options={},
        user=None, dry_run=False, write=lines.append,
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((ok, elapsed, peak_mb, lines[0]))


def run_child(data: bytes) -> tuple[bool, float, float, str]:
    from django.db import connections

    connections.close_all()  # the child must not share this process's connection
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=portal_import, args=(data, queue))
    child.start()
    result = queue.get()
    child.join()
    return result


def run_command(path: Path) -> tuple[float, float, str]:
    """``manage.py import_dataset PATH`` in a new process, as a user runs it: seconds end to
    end, the peak RSS of the process (or of its workbook reader, whichever is larger) in MB,
    and its last line."""
    start = time.perf_counter()
    command = subprocess.Popen(
        [sys.executable, "manage.py", "import_dataset", str(path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = command.stdout.read()
    _, status, usage = os.wait4(command.pid, 0)
    elapsed = time.perf_counter() - start
    assert status == 0, output[-2000:]
    return elapsed, usage.ru_maxrss / 1024, output.strip().splitlines()[-1]


def clear_values() -> None:
    """Back to the catalogue alone, for a first import again."""
    from indicators.models import MonthlyValue

    MonthlyValue.history.all().delete()
    MonthlyValue.objects.all().delete()


def baseline_rows_per_second(months: list[date]) -> float:
    """django-import-export's default path (one row at a time) on a long-layout sample."""
    import tablib

    from indicators.models import MonthlyValue
    from indicators.resources import MonthlyValueResource

    MonthlyValue.objects.all().delete()
    rng = random.Random(3)
    rows = [
        (
            f"B{n % INDICATORS:03}",
            months[n // INDICATORS].strftime("%Y-%m"),
            rng.randint(0, 2000),
            "",
        )
        for n in range(SAMPLE_ROWS)
    ]
    dataset = tablib.Dataset(*rows, headers=["ref", "month", "value", "commentary"])
    start = time.perf_counter()
    result = MonthlyValueResource().import_data(dataset, dry_run=False, use_transactions=True)
    elapsed = time.perf_counter() - start
    assert not result.has_errors() and not result.has_validation_errors()
    return SAMPLE_ROWS / elapsed


def raw_copy_seconds(rows: int) -> float:
    """PostgreSQL's COPY of ``rows`` value-shaped rows into a scratch table: the floor."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE copy_floor (k bigint, m date, v numeric(14,4), c text)")
        start = time.perf_counter()
        with cursor.cursor.copy("COPY copy_floor FROM STDIN") as copy:
            for n in range(rows):
                copy.write_row((n % INDICATORS, date(2020, 1, 1), n % 2000, ""))
        elapsed = time.perf_counter() - start
        cursor.execute("DROP TABLE copy_floor")
    return elapsed


def main() -> None:
    url = fresh_database(DATABASE)
    try:
        django_on(url)
        months = months_back(MONTHS)
        start = time.perf_counter()
        data = make_workbook(months)
        took = time.perf_counter() - start
        print(f"generated {INDICATORS} x {MONTHS} XLSX ({len(data) / 1e6:.1f} MB) in {took:.1f} s")
        make_catalogue()

        ok, first, peak_mb, summary = run_child(data)
        assert ok, summary
        values = int(summary.split("new: ")[1].split(",")[0])
        rate_portal = values / first
        print(f"portal import: {values:,} values in {first:.2f} s = {rate_portal:,.0f} values/s")
        print(f"  peak RSS of the importing process: {peak_mb:.0f} MB")
        ok, second, peak_again, summary = run_child(data)
        assert ok and "new: 0, changed: 0" in summary, summary
        print(f"re-import (unchanged): {second:.2f} s, peak RSS {peak_again:.0f} MB  [{summary}]")

        clear_values()
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder, "dataset.xlsx")
            path.write_bytes(data)
            took, peak, last = run_command(path)
            print(f"manage.py import_dataset, end to end: {took:.2f} s, peak RSS {peak:.0f} MB")
            took, peak, last = run_command(path)
            print(f"  again (unchanged): {took:.2f} s, peak RSS {peak:.0f} MB  [{last}]")

        floor = raw_copy_seconds(values)
        print(f"raw COPY of {values:,} rows: {floor:.2f} s (the import takes {first / floor:.1f}x)")
        rate = baseline_rows_per_second(months)
        print(f"django-import-export default path: {rate:,.0f} rows/s (on {SAMPLE_ROWS:,} rows)")
        print(f"ratio: portal import is {values / first / rate:.1f}x faster")
        print("targets: import < 5 s, >= 20x the default path, peak < 300 MB, re-import < 3 s;")
        print("  the command end to end: import < 3 s, re-import < 2 s, peak < 300 MB")
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(DATABASE)


if __name__ == "__main__":
    main()
