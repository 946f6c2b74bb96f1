"""Benchmark: the monthly pack of 100 and of 300 indicators, built through a real worker.

For each size, in a throw-away database: indicators over nine areas with 25 months of values
(some not yet accepted, so provisional), benchmarks, targets and commentary; 12 audit cycles
and 12 caseload snapshots from the audits and caseloads demo data (skipped, with a note,
where those apps are missing). Then ``celery worker`` on Redis builds the pack of the last
month twice - typeset by WeasyPrint, then by Chromium (``PACK_PDF_ENGINE``), each by a fresh
worker - and this prints each stage's time, the whole build, its processor time and the peak
memory of the worker with every process under it (Chromium's too), against the issue's
targets, and the two engines' ratio. Run: ``.venv/bin/python bench/build_pack.py``
(PostgreSQL at 127.0.0.1:5432 and Redis at 127.0.0.1:6379/9, which it empties;
BENCH_POSTGRES, BENCH_REDIS and BENCH_DATABASE, its database's name, override them).
"""

import contextlib
import io
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from importlib.util import find_spec
from pathlib import Path

from _setup import ROOT, django_on, drop_database, fresh_database

DATABASE = os.environ.get("BENCH_DATABASE", "kpi_bench_pack")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/9")
SIZES = (100, 300)
MONTHS = 25
AREAS = (
    "MASH", "Early Help", "Children in Need", "Assessments", "Child Protection",
    "Looked after Children", "Care Leavers", "Fostering and Adoption", "Youth Justice",
)  # fmt: skip
TARGETS = {100: {"xlsx": 3.0, "whole": 6.0}, 300: {"whole": 20.0}}
MEMORY_TARGET_MB = 1024
# Both typesetters of the PDF, each by its own worker on the same data (PACK_PDF_ENGINE).
ENGINES = ("weasyprint", "chromium")


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


def start_worker(url: str, media: Path, log: Path, engine: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "CELERY_BROKER_URL": REDIS, "MEDIA_ROOT": str(media),
           "PYTHONUNBUFFERED": "1", "PACK_PDF_ENGINE": engine}  # fmt: skip
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


def descendants(pid: int) -> list[int]:
    """``pid`` and every process under it (the pool process, Playwright's driver, Chromium)."""
    found, queue = [], [pid]
    while queue:
        each = queue.pop()
        found.append(each)
        for task in Path(f"/proc/{each}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                queue.extend(int(child) for child in task.read_text().split())
    return found


def status_mb(pid: int, field: str) -> float:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_memory_mb(pid: int) -> float:
    """The highest resident memory of one process of the worker (VmHWM): the worker or its
    pool process, where WeasyPrint typesets."""
    return max(status_mb(each, "VmHWM") for each in descendants(pid))


def proportional_mb(pid: int) -> float:
    """A process's share of memory (Pss): its own pages, and pages it shares divided among
    the processes sharing them, so that a sum over processes counts each page once."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    """The processor time a process has used so far (user and system)."""
    with contextlib.suppress(OSError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return 0.0


class TreeSampler(threading.Thread):
    """Samples, every 0.1 s, the worker with every process under it (Chromium's run beside
    the pool process and are gone when the build ends): the peak of the sum of their Pss, and
    the processor time each has used - a figure that other work on the machine does not
    inflate, as it does the seconds on the clock (a process's last 0.1 s may be missed)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.running = pid, 0.0, True
        self.cpu = {each: cpu_seconds(each) for each in descendants(pid)}
        self.cpu_before = sum(self.cpu.values())

    def run(self) -> None:
        while self.running:
            processes = descendants(self.pid)
            self.peak = max(self.peak, sum(proportional_mb(each) for each in processes))
            for each in processes:
                self.cpu[each] = max(self.cpu.get(each, 0.0), cpu_seconds(each))
            time.sleep(0.1)

    @property
    def cpu_used(self) -> float:
        return sum(self.cpu.values()) - self.cpu_before


@dataclass
class Run:
    engine: str
    stages: dict[str, float]
    waited: float
    memory: float
    tree_memory: float
    cpu: float
    files: str

    @property
    def whole(self) -> float:
        return sum(self.stages.values())


def build_with(engine: str, url: str, month: date) -> Run:
    """One build of ``month``'s pack by a fresh worker typesetting with ``engine``."""
    from packs import services
    from packs.models import Pack

    with tempfile.TemporaryDirectory() as folder:
        worker = start_worker(url, Path(folder), Path(folder) / "worker.log", engine)
        sampler = TreeSampler(worker.pid)
        sampler.start()
        try:
            asked = time.perf_counter()
            pack = services.request_build(month=month).pack
            while (pack := Pack.objects.get(pk=pack.pk)).is_active:
                time.sleep(0.1)
            waited = time.perf_counter() - asked
            memory = peak_memory_mb(worker.pid)
        finally:
            sampler.running = False
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=60)
        if not pack.is_ready:
            raise SystemExit(f"The {engine} build failed: {pack.error}")
        files = ", ".join(f"{f.kind} {f.size / 1024:.0f} KB" for f in pack.files.all())
    return Run(engine, pack.stage_seconds, waited, memory, sampler.peak, sampler.cpu_used, files)


def report(size: int, run: Run) -> None:
    from packs.definitions import STAGES

    print(f"  PACK_PDF_ENGINE={run.engine}")
    for stage in STAGES:
        print(f"    {stage.key:<6} {run.stages[stage.key]:7.2f} s  ({stage.label})")
    print(f"    whole  {run.whole:7.2f} s in the worker; {run.waited:.2f} s from request to ready; "
          f"{run.cpu:.2f} s of processor time (the worker and every process under it)")  # fmt: skip
    print(f"    files: {run.files}")
    print(f"    peak memory: {run.memory:.0f} MB in one process (VmHWM); {run.tree_memory:.0f} MB "
          "the worker with every process under it (sum of Pss, sampled)")  # fmt: skip
    targets = TARGETS[size]
    checks = [("whole pack", run.whole, targets["whole"]),
              ("memory MB", max(run.memory, run.tree_memory), MEMORY_TARGET_MB)]  # fmt: skip
    if "xlsx" in targets:
        checks.insert(0, ("XLSX", run.stages["xlsx"], targets["xlsx"]))
    for name, value, target in checks:
        print(f"    {name}: {value:.1f} against a target under {target:g}: "
              f"{'met' if value < target else 'MISSED'}")  # fmt: skip


def build(size: int, url: str) -> None:
    from core.months import last_month

    month = last_month(date.today())
    start = time.perf_counter()
    make_indicators(size, month)
    audits_and_caseloads()
    print(f"{size} indicators: data created in {time.perf_counter() - start:.1f} s")
    runs = {engine: build_with(engine, url, month) for engine in ENGINES}
    for run in runs.values():
        report(size, run)
    slow, fast = runs["weasyprint"], runs["chromium"]
    print(f"  chromium against weasyprint: PDF {fast.stages['pdf']:.2f} s against "
          f"{slow.stages['pdf']:.2f} s ({slow.stages['pdf'] / fast.stages['pdf']:.1f} times as "
          f"fast); whole {fast.whole:.2f} s against {slow.whole:.2f} s "
          f"({slow.whole / fast.whole:.1f} times); processor time {fast.cpu:.2f} s against "
          f"{slow.cpu:.2f} s")  # fmt: skip
    print(f"  load average now: {' '.join(f'{load:.1f}' for load in os.getloadavg())} "
          f"on {os.cpu_count()} processors")  # fmt: skip


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
