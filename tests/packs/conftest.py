"""Fixtures of the pack tests: a small hand-built month, and a real broker and worker.

The worker tests run ``celery -A kpi_portal worker`` as a subprocess on the same test
database (committed rows: transactional tests) and the test Redis database, which is
emptied first. Every wait is bounded.
"""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.contrib.auth import get_user_model
from django.db import connection
from kombu import pools

from audits.models import Audit, AuditCycle, Grade, ServiceArea, Status
from caseloads.models import Caseload, Practitioner, QualifyingStatus, Service, Team
from indicators.models import Area, Benchmark, PreferredDirection, Target, Unit, ValueState
from kpi_portal.celery import app
from packs import services
from packs.models import Pack
from tests.indicators.factories import add_values, make_indicator, months_from

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
MONTH = date(2016, 9, 1)
FIRST = date(2015, 9, 1)  # the 13 months shown run Sep 2015 - Sep 2016
SECRET_NAME = "Priya Secretname"
CASE_REFERENCE = "CD12345"  # and a last digit


@dataclass(frozen=True)
class SmallMonth:
    """M1 (count, up is good, accepted), M3 (percentage, down is good, 22% -> 28%,
    submitted: provisional) in MASH; CP1 (count with a target it misses, draft: provisional,
    no commentary) in Child Protection."""

    month: date


@pytest.fixture
def small_month(db) -> SmallMonth:
    owner = get_user_model().objects.create_user(
        username="jane.white", first_name="Jane", last_name="White"
    )
    m1 = make_indicator(
        "M1", title="Number of contacts received", preferred_direction=PreferredDirection.UP,
        owner=owner,
    )  # fmt: skip
    m3 = make_indicator(
        "M3", unit=Unit.PERCENTAGE, title="Percentage of contacts that become referrals",
        preferred_direction=PreferredDirection.DOWN,
    )  # fmt: skip
    cp1 = make_indicator(
        "CP1", area="Child Protection", title="Number of S47 enquiries started",
        preferred_direction=PreferredDirection.DOWN,
    )  # fmt: skip
    months = [str(1000 + 10 * n) for n in range(12)]
    accepted = {"state": ValueState.ACCEPTED}
    add_values(m1, months_from(FIRST, [*months, "1480"]), commentary="Contacts rose.", **accepted)
    add_values(m3, months_from(FIRST, ["20"] * 11 + ["22"]), commentary="Steady.", **accepted)
    add_values(m3, {MONTH: "28"}, commentary="More contacts became referrals.",
               state=ValueState.SUBMITTED)  # fmt: skip
    add_values(cp1, months_from(FIRST, ["50"] * 12), commentary="Usual.", **accepted)
    add_values(cp1, {MONTH: "80"}, state=ValueState.DRAFT)
    Benchmark.objects.create(indicator=m3, group=Benchmark.Group.ENGLAND, value=Decimal("21.5"),
                             year="2015-16")  # fmt: skip
    Target.objects.create(indicator=cp1, financial_year=2016, value=Decimal(60))
    for position, name in enumerate(["MASH", "Child Protection"]):
        Area.objects.filter(name=name).update(position=position)
    return SmallMonth(month=MONTH)


@pytest.fixture
def audits_and_caseloads(small_month) -> None:
    """An audit cycle and a caseload snapshot for the month, with a case reference and a
    practitioner's name that the pack must never show."""
    auditor = get_user_model().objects.create_user(username="auditor")
    cycle = AuditCycle.objects.create(month=MONTH, theme="Reunifications")
    swf = ServiceArea.objects.get(short_name="SWF")
    for number, grade in enumerate((Grade.GOOD, Grade.GOOD, Grade.INADEQUATE)):
        Audit.objects.create(
            cycle=cycle, service_area=swf, case_reference=f"{CASE_REFERENCE}{number}",
            auditor=auditor,
            status=Status.COMPLETED, grade=grade, good_practice="Clear plan.",
        )  # fmt: skip
    team = Team.objects.create(name="SWF East 1", service=Service.objects.get(code="SWF"))
    practitioner = Practitioner.objects.create(staff_id="P10001", display_name=SECRET_NAME)
    Caseload.objects.create(
        month=MONTH, practitioner=practitioner, team=team, allocations=24,
        qualifying_status=QualifyingStatus.objects.get(name="NQSW"),
    )  # fmt: skip


@pytest.fixture
def built_pack(audits_and_caseloads) -> Pack:
    """The small month's pack, built in-process, with a narrative."""
    services.save_narrative(month=MONTH, summary="Contacts rose with the new term.", user=None)
    pack = Pack.objects.get(pk=services.request_build(month=MONTH).pack.pk)
    assert pack.is_ready, pack.error
    return pack


# --- A real broker and worker -------------------------------------------------------------


def wait_for(check: Callable[[], object], *, timeout: float, what: str) -> object:
    """Poll ``check`` until it returns something true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := check():
            return result
        time.sleep(0.2)
    pytest.fail(f"Timed out after {timeout:.0f} s waiting for {what}.")


def refreshed(pack: Pack) -> Pack:
    return Pack.objects.get(pk=pack.pk)


def _reset_producers() -> None:
    """Close and forget the pooled broker connections, so that the next send uses the URL now
    configured (Celery builds its pool from the URL on first use and keeps it)."""
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def use_broker(settings) -> Iterator[Callable[[str], None]]:
    """Send tasks to a broker instead of running them eagerly; back to eager afterwards."""
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}

    def use(url: str) -> None:
        settings.CELERY_BROKER_URL = url
        app.conf.update(broker_url=url, task_always_eager=False)
        _reset_producers()

    yield use
    app.conf.update(saved)
    _reset_producers()


@pytest.fixture
def broker(use_broker) -> Iterator[redis.Redis]:
    """The test Redis as the broker, emptied; returns a client to look into its queue."""
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    use_broker(REDIS_URL)
    yield client
    client.flushdb()


def database_url() -> str:
    """The URL of the database this test uses, for a worker to use the same one."""
    if connection.vendor != "postgresql":
        pytest.skip("A worker shares the test database only on PostgreSQL.")
    db = connection.settings_dict
    user = quote(db["USER"] or "")
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return (
        f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


class Worker:
    """A ``celery worker`` subprocess with one pool process, in its own process group."""

    def __init__(self, *, log: Path, env: dict[str, str]) -> None:
        self.log = log
        command = [
            sys.executable, "-m", "celery", "-A", "kpi_portal", "worker", "--loglevel=INFO",
            "--concurrency=1", "--pool=prefork", "--without-gossip", "--without-mingle",
            "--without-heartbeat", "-n", f"{log.stem}@%h",
        ]  # fmt: skip
        with log.open("wb") as output:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        wait_for(self._ready, timeout=90, what=f"the worker to start (log: {log})")

    def _ready(self) -> bool:
        if self.process.poll() is not None:
            pytest.fail(f"The worker exited: {self.log.read_text()[-3000:]}")
        return "ready." in self.log.read_text()

    def pool_process(self) -> int:
        """The pid of the pool process that runs the tasks."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        pids = wait_for(lambda: children.read_text().split(), timeout=30, what="a pool process")
        return int(pids[0])

    def kill(self) -> None:
        """SIGKILL the whole worker, as when its machine or container dies."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def start_worker(broker, transactional_db, settings, tmp_path) -> Iterator[Callable[..., Worker]]:
    """Start workers on the test database and Redis; every one is stopped at the end."""
    workers: list[Worker] = []

    def start(
        *, pause: float = 0, visibility_timeout: int = 3600, env: dict[str, str] | None = None
    ) -> Worker:
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "kpi_portal.settings",
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": REDIS_URL,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "PACK_STAGE_PAUSE_SECONDS": str(pause),
            "CELERY_VISIBILITY_TIMEOUT": str(visibility_timeout),
            "PYTHONUNBUFFERED": "1",
            **(env or {}),
        }
        worker = Worker(log=tmp_path / f"worker{len(workers) + 1}.log", env=environment)
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()
