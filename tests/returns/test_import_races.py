"""Imports racing each other and a reporter's save, on real threads and connections.

Each race is made deterministic by holding a lock until the other side is seen waiting for
it (in ``pg_stat_activity``), and bounded: every connection gives up a lock after
``LOCK_TIMEOUT`` and every wait here has a timeout.
"""

import threading
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, connections, transaction

from core import roles
from core.models import AuditEvent, ImportBatch
from dataset_import.importers import DatasetImporter
from imports import services as import_services
from indicators.models import MonthlyValue
from returns.services import workflow
from tests.returns.conftest import SEPTEMBER, value_of

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgresql("row locks between threads"),
]

AUGUST_16 = SEPTEMBER.replace(month=8)
LOCK_TIMEOUT = "10s"
WAIT = 15  # seconds any step of a race may take before the test fails


@pytest.fixture(autouse=True)
def restored(migrated_data) -> None:
    """Roles and permissions back, before anyone is made: an earlier transactional test's
    flush took them."""


@pytest.fixture
def file(draft) -> bytes:
    """The dataset for M000: it creates August and changes the draft of September (v1)."""
    return (
        "Ref\tArea\tDescription\tData owner\tData accountability\tAug 16\tSep 16\tCommentary\n"
        f"{draft.indicator.ref}\tMASH\tContacts\t\t\t1377\t1480\tRising\n"
    ).encode()


def preview(file: bytes, user) -> ImportBatch:
    batch, plan = import_services.preview_import(
        importer=DatasetImporter(), data=file, filename="dataset.tsv", options={}, user=user
    )
    assert not plan.has_errors, plan.problems
    return batch


def confirm(batch_pk: int, user) -> Callable[[], Any]:
    def job() -> import_services.Confirmation:
        batch = ImportBatch.objects.get(pk=batch_pk)
        return import_services.confirm_import(importer=DatasetImporter(), batch=batch, user=user)

    return job


def save(monthly_value: MonthlyValue, user, value: str) -> Callable[[], Any]:
    def job() -> MonthlyValue:
        return workflow.save_value(
            user=user,
            monthly_value=monthly_value,
            version=monthly_value.version,
            value=Decimal(value),
            commentary="Rita's figure",
        )

    return job


def command_line_import(file: bytes, user, lines: list[str]) -> Callable[[], bool]:
    """``manage.py import_dataset`` of ``file`` as ``user``, printing into ``lines``."""

    def job() -> bool:
        return import_services.import_from_command(
            importer=DatasetImporter(), data=file, filename="dataset.tsv", options={},
            user=user, dry_run=False, write=lines.append,
        )  # fmt: skip

    return job


def start(job: Callable[[], Any], results: list, *, hold: threading.Event | None = None):
    """Run ``job`` on a thread with its own connection; its result (or what it raised) is
    appended to ``results``. With ``hold``, the job's transaction stays open until it is set."""

    def run() -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
            if hold is None:
                results.append(job())
                return
            with transaction.atomic():
                results.append(job())
                assert hold.wait(WAIT), "never released"
        except Exception as error:  # the test asserts on it
            results.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, "the race never reached the expected point"
        time.sleep(0.02)


def waiting_for_locks() -> int:
    """How many connections to this test database are waiting for a lock now."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # the view is cached per transaction
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def finish(*threads: threading.Thread) -> None:
    for thread in threads:
        thread.join(WAIT)
        assert not thread.is_alive(), "a thread is stuck"


def history_versions(monthly_value: MonthlyValue) -> list[int]:
    return list(monthly_value.history.order_by("history_id").values_list("version", flat=True))


def test_the_same_batch_confirmed_twice_at_once_is_applied_once(file, people, draft):
    batch = preview(file, people.team)
    results: list = []
    with transaction.atomic():  # both confirms queue behind this lock of the batch
        ImportBatch.objects.select_for_update().get(pk=batch.pk)
        threads = [start(confirm(batch.pk, people.team), results) for _ in range(2)]
        until(lambda: waiting_for_locks() == 2)
    finish(*threads)

    assert sorted(bool(result) for result in results) == [False, True], results
    [second] = [result for result in results if not result]
    assert "already applied" in second.message
    september = value_of(draft.indicator)
    assert (september.value, september.version) == (Decimal(1480), 2)
    assert history_versions(september) == [1, 2]  # opened, then the one import
    assert history_versions(value_of(draft.indicator, AUGUST_16)) == [1]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT_APPLIED).count() == 1


def test_two_batches_of_one_file_confirmed_at_once_apply_once(file, people, draft, make_user):
    colleague = make_user(roles.PERFORMANCE_TEAM, first_name="Pat", last_name="Perkins")
    batches = {people.team.pk: preview(file, people.team), colleague.pk: preview(file, colleague)}
    results: list = []
    with transaction.atomic():  # both reach the values and queue behind this lock of one
        MonthlyValue.objects.select_for_update().get(pk=draft.pk)
        threads = [
            start(confirm(batches[user.pk].pk, user), results) for user in (people.team, colleague)
        ]
        until(lambda: waiting_for_locks() == 2)
    finish(*threads)

    assert sorted(bool(result) for result in results) == [False, True], results
    for batch in batches.values():
        batch.refresh_from_db()
    [applied] = [b for b in batches.values() if b.status == ImportBatch.Status.APPLIED]
    [refused] = [b for b in batches.values() if b.status == ImportBatch.Status.REFUSED]
    winner = applied.uploaded_by.get_full_name()
    assert [(c["subject"], c["changed_by"]) for c in refused.conflicts] == [
        (f"{draft.indicator.ref}, August 2016", winner),
        (f"{draft.indicator.ref}, September 2016", winner),
    ]
    september = value_of(draft.indicator)
    assert (september.version, september.updated_by) == (2, applied.uploaded_by)
    assert history_versions(september) == [1, 2]  # nothing of the refused batch
    assert history_versions(value_of(draft.indicator, AUGUST_16)) == [1]


def test_a_save_that_goes_first_stops_the_import(file, people, draft):
    batch = preview(file, people.team)
    results: list = []
    release = threading.Event()
    saving = start(save(value_of(draft.indicator), people.reporter, "1500"), results, hold=release)
    until(lambda: len(results) == 1)  # saved, not yet committed: the value is locked
    importing = start(confirm(batch.pk, people.team), results)
    until(lambda: waiting_for_locks() == 1)
    release.set()
    finish(saving, importing)

    saved, refused = results
    assert isinstance(saved, MonthlyValue) and saved.version == 2, results
    assert not refused and f"{draft.indicator.ref}, September 2016: changed by Rita Reporter" in (
        refused.message
    )
    september = value_of(draft.indicator)
    assert (september.value, september.version) == (Decimal(1500), 2)
    assert history_versions(september) == [1, 2]
    assert not MonthlyValue.objects.filter(month=AUGUST_16).exists()


def test_an_import_that_goes_first_refuses_the_save_as_stale(file, people, draft):
    batch = preview(file, people.team)
    opened = value_of(draft.indicator)  # the reporter's form, read at version 1
    results: list = []
    release = threading.Event()
    importing = start(confirm(batch.pk, people.team), results, hold=release)
    until(lambda: len(results) == 1)  # applied, not yet committed: the values are locked
    saving = start(save(opened, people.reporter, "1500"), results)
    until(lambda: waiting_for_locks() == 1)
    release.set()
    finish(importing, saving)

    applied, refused = results
    assert applied, results
    assert isinstance(refused, workflow.StaleVersion) and str(refused) == workflow.STALE
    september = value_of(draft.indicator)
    assert (september.value, september.version) == (Decimal(1480), 2)
    assert history_versions(september) == [1, 2]
    assert september.updated_by == people.team


def test_a_command_line_import_racing_a_save_applies_nothing(file, people, draft):
    lines: list[str] = []
    results: list = []
    run_command = command_line_import(file, people.team, lines)

    with transaction.atomic():  # the save, written but not committed: its value is locked
        save(value_of(draft.indicator), people.reporter, "1500")()
        importing = start(run_command, results)  # plans against version 1, then waits
        until(lambda: waiting_for_locks() == 1)
    finish(importing)

    assert results == [False], results
    assert lines[-1].startswith("Nothing was imported: 1 value(s) changed")
    assert history_versions(value_of(draft.indicator)) == [1, 2]
    assert not MonthlyValue.objects.filter(month=AUGUST_16).exists()


def test_an_import_does_not_wait_for_values_it_leaves_as_they_are(people, draft):
    """Only what an import writes is held: a reporter's open transaction on a value the file
    repeats unchanged neither blocks nor stops it."""
    july = MonthlyValue.objects.create(
        indicator=draft.indicator, month=SEPTEMBER.replace(month=7), value=1300
    )
    file = (
        "Ref\tArea\tDescription\tData owner\tData accountability\tJul 16\tSep 16\tCommentary\n"
        f"{draft.indicator.ref}\tMASH\tContacts\t\t\t1300\t1480\tRising\n"
    ).encode()
    lines: list[str] = []
    results: list = []
    run_command = command_line_import(file, people.team, lines)

    with transaction.atomic():  # July is locked by someone else throughout the import
        MonthlyValue.objects.select_for_update().get(pk=july.pk)
        importing = start(run_command, results)
        finish(importing)

    assert results == [True], (results, lines)
    assert (value_of(draft.indicator).value, value_of(draft.indicator).version) == (1480, 2)
    july.refresh_from_db()
    assert july.version == 1
