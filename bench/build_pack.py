"""Benchmark: the monthly pack of 100 and of 300 indicators, built through a real worker.

For each size, in a throw-away database: indicators over nine areas with 25 months of values
(some not yet accepted, so provisional), benchmarks, targets and commentary; 12 audit cycles
and 12 caseload snapshots from the audits and caseloads demo data (skipped, with a note,
where those apps are missing). Then ``celery worker`` on Redis builds the pack of the last
month, and this prints each stage's time, the whole build and the worker's peak memory,
against the issue's targets. Run: ``.venv/bin/python bench/build_pack.py`` (PostgreSQL at
127.0.0.1:5432 and Redis at 127.0.0.1:6379/9, which it empties; BENCH_POSTGRES and
BENCH_REDIS override them).
"""

import io
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from importlib.util import find_spec
from pathlib import Path

from _setup import ROOT, django_on, drop_database, fresh_database

DATABASE = "kpi_bench_pack"
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/9")
SIZES = (100, 300)
MONTHS = 25
AREAS = (
    "MASH", "Early Help", "Children in Need", "Assessments", "Child Protection",
    "Looked after Children", "Care Leavers", "Fostering and Adoption", "Youth Justice",
)  # fmt: skip
TARGETS = {100: {"xlsx": 3.0, "whole": 6.0}, 300: {"whole": 20.0}}
MEMORY_TARGET_MB = 1024


def make_indicators(count: int, month: date) -> None:
    from core.months import add_months
    from indicators.models import (
        Area,
        Benchmark,
        Indicator,
        MonthlyValue,
        PreferredDirection,
        Target,
        Unit,
        ValueState,
    )

    rng = random.Random(count)
    areas = [  # MASH is there already: a default area rule's
        Area.objects.get_or_create(name=name, defaults={"position": n})[0]
        for n, name in enumerate(AREAS)
    ]
    units = [Unit.COUNT, Unit.PERCENTAGE, Unit.RATE_PER_10000]
    indicators = Indicator.objects.bulk_create(
        Indicator(
            ref=f"B{number:03}", title=f"Bench indicator {number}: a title of a usual length",
            area=areas[number % len(areas)], unit=units[number % 3],
            decimal_places=1 if number % 3 == 2 else 0,
            preferred_direction=list(PreferredDirection)[number % 3], position=number,
        )
        for number in range(count)
    )  # fmt: skip
    commentary = "The figure moved as expected; the team is reviewing the cases behind it. " * 2
    rows = []
    for indicator in indicators:
        level = 50 if indicator.unit == Unit.PERCENTAGE else rng.randint(20, 2000)
        for back in range(MONTHS):
            value = min(level * rng.uniform(0.8, 1.2), 100 if level == 50 else 10**6)
            provisional = back == 0 and rng.random() < 0.2
            rows.append(
                MonthlyValue(
                    indicator=indicator,
                    month=add_months(month, -back),
                    value=None if rng.random() < 0.03 else Decimal(f"{value:.1f}"),
                    commentary="" if rng.random() < 0.1 else commentary,
                    state=ValueState.SUBMITTED if provisional else ValueState.ACCEPTED,
                )
            )
    MonthlyValue.objects.bulk_create(rows, batch_size=5000)
    Benchmark.objects.bulk_create(
        Benchmark(indicator=i, group=group, value=Decimal(rng.randint(10, 90)), year="2024-25")
        for i in indicators
        for group in Benchmark.Group
    )
    Target.objects.bulk_create(
        Target(indicator=i, financial_year=month.year - (month.month < 4), value=Decimal(50))
        for i in indicators[::4]
    )


def audits_and_caseloads() -> None:
    """The demo's 12 audit cycles and 12 caseload snapshots, ending last month."""
    from importlib import import_module

    stdout = io.StringIO()
    import_module("core.demo").load(stdout=stdout)
    for app in ("audits", "caseloads"):
        if find_spec(f"{app}.demo") is None:
            print(f"  {app}: no demo data in this tree; the pack says so instead.")
            continue
        import_module(f"{app}.demo").load(stdout=stdout)


def start_worker(url: str, media: Path, log: Path) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "CELERY_BROKER_URL": REDIS,
           "MEDIA_ROOT": str(media), "PYTHONUNBUFFERED": "1"}  # fmt: skip
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "kpi_portal", "worker", "--loglevel=INFO",
         "--concurrency=1", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while "ready." not in log.read_text():
        if worker.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"The worker did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)
    return worker


def peak_memory_mb(pid: int) -> float:
    """The highest resident memory of the worker and its pool processes (VmHWM)."""
    pids = [pid, *Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    peaks = []
    for each in pids:
        for line in Path(f"/proc/{each}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return max(peaks)


def build(size: int, url: str) -> None:
    from core.months import last_month
    from packs import services
    from packs.definitions import STAGES
    from packs.models import Pack

    month = last_month(date.today())
    start = time.perf_counter()
    make_indicators(size, month)
    audits_and_caseloads()
    print(f"{size} indicators: data created in {time.perf_counter() - start:.1f} s")
    with tempfile.TemporaryDirectory() as folder:
        worker = start_worker(url, Path(folder), Path(folder) / "worker.log")
        try:
            asked = time.perf_counter()
            pack = services.request_build(month=month).pack
            while (pack := Pack.objects.get(pk=pack.pk)).is_active:
                time.sleep(0.1)
            waited = time.perf_counter() - asked
            memory = peak_memory_mb(worker.pid)
        finally:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=60)
    if not pack.is_ready:
        raise SystemExit(f"The build failed: {pack.error}")
    stages = pack.stage_seconds
    whole = sum(stages.values())
    for stage in STAGES:
        print(f"  {stage.key:<6} {stages[stage.key]:7.2f} s  ({stage.label})")
    print(f"  whole  {whole:7.2f} s in the worker; {waited:.2f} s from request to ready")
    print("  files: " + ", ".join(f"{f.kind} {f.size / 1024:.0f} KB" for f in pack.files.all()))
    print(f"  peak memory of the worker: {memory:.0f} MB")
    targets = TARGETS[size]
    checks = [("whole pack", whole, targets["whole"]), ("memory MB", memory, MEMORY_TARGET_MB)]
    if "xlsx" in targets:
        checks.insert(0, ("XLSX", stages["xlsx"], targets["xlsx"]))
    for name, value, target in checks:
        print(f"  {name}: {value:.1f} against a target under {target:g}: "
              f"{'met' if value < target else 'MISSED'}")  # fmt: skip


def main() -> None:
    import redis

    redis.Redis.from_url(REDIS).flushdb()
    os.environ["CELERY_BROKER_URL"] = REDIS
    for number, size in enumerate(SIZES):
        url = fresh_database(DATABASE)
        try:
            if number == 0:
                django_on(url)
            else:  # a fresh database for the next size, on the same Django
                from django.core.management import call_command
                from django.db import connections

                connections.close_all()
                call_command("migrate", verbosity=0)
            build(size, url)
        finally:
            from django.db import connections

            connections.close_all()
            drop_database(DATABASE)


if __name__ == "__main__":
    main()
