"""Benchmark: five years of a large authority's Annex A lists uploaded and counted.

200,000 contacts, 40,000 referrals, 35,000 assessments, 6,000 CP plans, 5,000 SSDA903 care
episodes (with their children's 903 Header, from which the upload makes list 8's periods
of care), 1,000 care leavers (903 OC3, made into list 9), 500 children of list 10 (adoption)
and 500 adopters of list 11 over 60 months, as CSVs and then as one workbook.
Times and peak memory (each phase in its own process):
``manage.py import_records`` end to end (read, check, pseudonymise, COPY), the raw COPY of
the same CSV rows into plain text tables as the baseline, and every standard definition
counted for each of the 60 months (``records.figures.count_upload``).
Run: ``.venv/bin/python bench/records.py`` (PostgreSQL at 127.0.0.1:5432; BENCH_POSTGRES).
"""

import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from _setup import ROOT, django_on, drop_database, fresh_database

# This file is named as the app it measures: the portal's folder goes first on the path
# (``django_on``), and the working directory is the portal's too, as Celery's loader puts
# the working directory first when Django starts.
os.chdir(ROOT)
DATABASE = "kpi_bench_records"
SIZES = {
    "contacts": 200_000,
    "referrals": 40_000,
    "assessments": 35_000,
    "cp_plans": 6_000,
    "episodes": 5_000,
    "oc3": 1_000,
    "adoption": 500,  # list 10, and as many adopters of list 11
}
FIRST, MONTHS = date(2012, 1, 1), 60


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_lists(folder: Path) -> int:
    from records.generated import bench_lists

    rows = 0
    for key, table in bench_lists(first=FIRST, months=MONTHS, sizes=SIZES):
        with open(folder / f"{key}.csv", "w", newline="") as file:
            csv.writer(file).writerows(table)
        rows += len(table) - 1
    return rows


def raw_copy(folder: Path) -> float:
    """The baseline: COPY each CSV as it is into a table of text columns."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        for path in sorted(folder.glob("*.csv")):
            header = path.open().readline().strip().split(",")
            columns = ", ".join(f"c{i} text" for i in range(len(header)))
            cursor.execute(f"DROP TABLE IF EXISTS raw_{path.stem}")
            cursor.execute(f"CREATE TABLE raw_{path.stem} ({columns})")
            with cursor.copy(f"COPY raw_{path.stem} FROM STDIN WITH (FORMAT csv, HEADER)") as copy:
                copy.write(path.read_bytes())
    return time.perf_counter() - started


def count_phase() -> None:
    """In its own process: every standard definition mapped and counted for 60 months."""
    from django.db import transaction

    from indicators.models import Area, Indicator, Population, Unit
    from records import figures
    from records.definitions import COUNT, RATE_PER_10000, STANDARD
    from records.models import CountedIndicator, RecordUpload

    with transaction.atomic():
        area, _ = Area.objects.get_or_create(name="Bench")
        Population.objects.get_or_create(
            year=2011, defaults={"children": 50_000, "source": "bench", "in_use_from": FIRST}
        )
        for definition in STANDARD:
            unit = {COUNT: Unit.COUNT, RATE_PER_10000: Unit.RATE_PER_10000}.get(
                definition.measure, Unit.PERCENTAGE
            )
            indicator, _ = Indicator.objects.get_or_create(
                ref=f"R-{definition.key}",
                defaults={"title": definition.title, "area": area, "unit": unit},
            )
            CountedIndicator.objects.get_or_create(
                indicator=indicator, defaults={"definition": definition.key}
            )
    upload = RecordUpload.objects.latest("uploaded_at")
    started = time.perf_counter()
    rows = figures.count_upload(upload=upload)
    elapsed = time.perf_counter() - started
    months = len(figures.months_of(upload))
    print(
        f"count: {len(rows):,} figures ({len(STANDARD)} definitions x {months} months, "
        f"snapshot lists at their month only) in {elapsed:.1f} s (target < 10 s: "
        f"{'met' if elapsed < 10 else 'MISSED'}); peak {peak_mb():,.0f} MB"
    )


def write_workbook(folder: Path) -> Path:
    """The same lists as one workbook, a sheet per list (openpyxl's write-only mode), as an
    analyst exports Annex A from Excel."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for path in sorted(folder.glob("*.csv")):
        sheet = workbook.create_sheet(path.stem)
        with open(path, newline="") as file:
            for row in csv.reader(file):
                sheet.append(row)
    target = folder / "xlsx" / "annex-a.xlsx"
    target.parent.mkdir()
    workbook.save(target)
    return target


def upload_phase(folder: Path) -> None:
    """In its own process: the upload as the page and the command make it (read, check,
    pseudonymise, COPY, confirm), timed without Django's start-up: the CSVs of ``folder``,
    or its one workbook (read in the capped worker, measured first)."""
    from records import services

    paths = sorted(folder.glob("*.csv")) or sorted(folder.glob("*.xlsx"))
    files = [(path.name, path.read_bytes()) for path in paths]
    started = time.perf_counter()
    intake = services.check_files(files)
    checked = time.perf_counter()
    upload = services.store_upload(intake=intake, filename=folder.name, data=b"", user=None)
    services.confirm_upload(upload=upload, user=None)
    stored = time.perf_counter()
    print(
        f"upload of {paths[0].suffix} files: {stored - started:.1f} s (target < 20 s: "
        f"{'met' if stored - started < 20 else 'MISSED'}; read and check "
        f"{checked - started:.1f} s, COPY {stored - checked:.1f} s), "
        f"{len(intake.errors)} errors; peak {peak_mb():,.0f} MB"
    )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in ("--count", "--upload"):
        django_on(os.environ["DATABASE_URL"])
        count_phase() if sys.argv[1] == "--count" else upload_phase(Path(sys.argv[2]))
        return
    url = fresh_database(DATABASE)
    try:
        django_on(url)
        env = os.environ | {"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "kpi_portal.settings"}
        with tempfile.TemporaryDirectory() as folder:
            rows = write_lists(Path(folder))
            print(
                f"lists: {rows:,} records over {MONTHS} months, "
                f"{sum(p.stat().st_size for p in Path(folder).glob('*.csv')) / 1e6:.1f} MB CSV"
            )
            print(f"baseline raw COPY of the same rows: {raw_copy(Path(folder)):.1f} s")
            subprocess.run([sys.executable, __file__, "--upload", folder], env=env, check=True)
            started = time.perf_counter()
            result = subprocess.run(
                ["/usr/bin/time", "-f", "%M", sys.executable, "manage.py", "import_records",
                 folder], cwd=ROOT, env=env, capture_output=True, text=True, check=False,
            )  # fmt: skip
            elapsed = time.perf_counter() - started
            if result.returncode:
                print(result.stdout[-3000:], result.stderr[-3000:])
                raise SystemExit("import_records failed")
            peak = int(result.stderr.strip().splitlines()[-1]) / 1024
            print(
                f"the same by manage.py import_records, start-up and system checks included: "
                f"{elapsed:.1f} s; "
                f"peak {peak:,.0f} MB"
            )
            workbook = write_workbook(Path(folder))
            print(f"the same lists as one workbook: {workbook.stat().st_size / 1e6:.1f} MB")
            subprocess.run(
                [sys.executable, __file__, "--upload", str(workbook.parent)], env=env, check=True
            )
        subprocess.run([sys.executable, __file__, "--count"], env=env, check=True)
    finally:
        drop_database(DATABASE)


if __name__ == "__main__":
    main()
