"""The build's rules, run in-process: versions, one build at a time, published versions that
never change, timeouts, retries of transient errors, failures, and interrupted attempts."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import IntegrityError, OperationalError
from django.utils import timezone

from kpi_portal.celery import app
from packs import selectors, services, storage
from packs.builders import pdf
from packs.models import FileKind, Pack, PackFile, Status
from packs.tasks import build_pack
from tests.packs.conftest import MONTH

pytestmark = pytest.mark.django_db


def fingerprint(pack: Pack) -> dict[str, tuple[str, int]]:
    """Each file's checksum on disk and modification time."""
    return {
        file.kind: (storage.sha256_of(path := storage.absolute(file.path)), path.stat().st_mtime_ns)
        for file in pack.files.all()
    }


def folder_of(pack: Pack):
    return storage.absolute(storage.relative_folder(month=pack.month, version=pack.version))


def test_each_build_is_a_new_version_with_its_own_files(small_month, make_user):
    user = make_user()
    first = services.request_build(month=MONTH, user=user)
    second = services.request_build(month=MONTH, user=user)
    assert first.created and second.created
    assert [first.pack.version, second.pack.version] == [1, 2]
    packs = Pack.objects.order_by("version")
    assert [pack.status for pack in packs] == [Status.READY, Status.READY]
    assert packs[0].requested_by == user and packs[0].attempts == 1
    assert set(packs[0].stage_seconds) == {"data", "xlsx", "web", "pdf", "files"}
    for pack in packs:
        for file in pack.files.all():
            path = storage.absolute(file.path)
            assert f"/v{pack.version}/" in file.path
            assert path.stat().st_size == file.size and storage.sha256_of(path) == file.sha256
        assert not list(folder_of(pack).glob(".*.tmp"))


def test_a_request_while_a_build_is_queued_finds_it(small_month):
    queued = Pack.objects.create(month=MONTH, version=1)
    request = services.request_build(month=MONTH)
    assert not request.created and request.pack == queued
    assert Pack.objects.count() == 1


def test_the_database_allows_one_active_build_per_month(small_month):
    Pack.objects.create(month=MONTH, version=1, status=Status.BUILDING)
    with pytest.raises(IntegrityError):
        Pack.objects.create(month=MONTH, version=2, status=Status.QUEUED)


def test_a_published_version_never_changes(small_month, make_user):
    first = services.request_build(month=MONTH).pack
    services.publish(pack=first, user=make_user())
    before, row = fingerprint(first), Pack.objects.filter(pk=first.pk).values().get()

    build_pack.delay(first.pk)  # a redelivered message for the published version
    second = services.request_build(month=MONTH).pack  # a rebuild

    assert second.version == 2 and Pack.objects.get(pk=second.pk).is_ready
    assert fingerprint(first) == before
    assert Pack.objects.filter(pk=first.pk).values().get() == row
    with pytest.raises(services.PackRefused, match="already published"):
        services.publish(pack=first, user=None)


def test_only_a_ready_version_can_be_published(small_month):
    failed = Pack.objects.create(month=MONTH, version=1, status=Status.FAILED)
    with pytest.raises(services.PackRefused, match="not ready"):
        services.publish(pack=failed, user=None)
    with pytest.raises(IntegrityError):
        Pack.objects.filter(pk=failed.pk).update(published_at=timezone.now())


def test_builds_stuck_past_the_timeout_are_marked_failed(small_month, settings):
    settings.PACK_BUILD_TIMEOUT_SECONDS = 600
    now = timezone.now()
    stuck = Pack.objects.create(
        month=MONTH, version=1, status=Status.BUILDING, started_at=now - timedelta(minutes=11)
    )
    never_started = Pack.objects.create(month=MONTH.replace(month=8), version=1)
    Pack.objects.filter(pk=never_started.pk).update(requested_at=now - timedelta(minutes=11))
    running = Pack.objects.create(
        month=MONTH.replace(month=7), version=1, status=Status.BUILDING, started_at=now
    )
    assert services.expire_stuck_builds(now=now) == 2
    stuck, never_started, running = (
        Pack.objects.get(pk=p.pk) for p in (stuck, never_started, running)
    )
    assert stuck.status == Status.FAILED and "did not finish within 10 minutes" in stuck.error
    assert never_started.status == Status.FAILED and "No worker started" in never_started.error
    assert running.status == Status.BUILDING


@pytest.fixture
def eager_retries():
    """Run eager retries through to the end: with errors propagating (the project's setting
    for eager tasks), Celery hands the first retry back to the caller instead."""
    saved = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = saved


def test_a_transient_error_is_retried_and_the_build_completes(small_month, eager_retries):
    real = selectors.pack_content
    calls = iter([OperationalError("server closed the connection"), None])

    def flaky(**kwargs):
        if error := next(calls):
            raise error
        return real(**kwargs)

    with mock.patch.object(selectors, "pack_content", side_effect=flaky):
        pack = services.request_build(month=MONTH).pack
    pack.refresh_from_db()
    assert pack.status == Status.READY and pack.attempts == 2


def test_transient_errors_that_persist_fail_the_build_with_the_reason(small_month, eager_retries):
    pack = Pack.objects.create(month=MONTH, version=1)
    broken = mock.patch.object(
        selectors, "pack_content", side_effect=OperationalError("database gone")
    )
    with broken as reads:
        build_pack.delay(pack.pk)
    pack.refresh_from_db()
    assert services.MAX_ATTEMPTS == 5 and reads.call_count == 5  # one budget, spent once
    assert pack.status == Status.FAILED and pack.attempts == 5
    assert pack.error == "The build stopped after 5 tries: OperationalError: database gone"


def test_redeliveries_and_retries_draw_on_the_one_budget(small_month, eager_retries):
    """Two starts were lost with their worker (redelivered): three retries are left."""
    pack = Pack.objects.create(month=MONTH, version=1, status=Status.BUILDING, attempts=2)
    broken = mock.patch.object(
        selectors, "pack_content", side_effect=OperationalError("database gone")
    )
    with broken as reads:
        build_pack.delay(pack.pk)
    pack.refresh_from_db()
    assert reads.call_count == 3
    assert (pack.status, pack.attempts) == (Status.FAILED, 5)
    assert pack.error == "The build stopped after 5 tries: OperationalError: database gone"


def test_a_message_whose_pack_never_appears_is_dropped_after_the_budget(db, eager_retries, caplog):
    with mock.patch.object(services, "PackNotVisible", wraps=services.PackNotVisible) as missing:
        build_pack.delay(404)
    assert missing.call_count == services.MAX_ATTEMPTS  # tried, then dropped: no endless loop
    assert "Pack 404 never appeared; its message is dropped." in caplog.text
    assert not Pack.objects.exists()


def test_the_task_is_acknowledged_late_and_retried_with_back_off_within_the_packs_budget():
    assert build_pack.acks_late and build_pack.reject_on_worker_lost
    assert build_pack.retry_backoff and OperationalError in build_pack.autoretry_for
    assert build_pack.max_retries is None  # Celery keeps no second count: MAX_ATTEMPTS does


def test_a_failing_stage_fails_the_build_and_leaves_no_file(small_month):
    with mock.patch.object(pdf, "write_pdf", side_effect=ValueError("no font")):
        pack = services.request_build(month=MONTH).pack
    pack.refresh_from_db()
    assert pack.status == Status.FAILED
    assert pack.error == "Writing the PDF failed: ValueError: no font"
    assert set(pack.stage_seconds) == {"data", "xlsx", "web"}
    assert not PackFile.objects.exists()
    assert list(folder_of(pack).iterdir()) == []  # neither the finished XLSX nor a temporary


def test_an_attempt_taken_over_by_another_changes_nothing(small_month):
    """A redelivered message started a second attempt while the first still ran."""
    pack = Pack.objects.create(month=MONTH, version=1)
    real = selectors.pack_content

    def taken_over(**kwargs):
        Pack.objects.filter(pk=pack.pk).update(attempts=2)  # the other attempt's claim
        return real(**kwargs)

    with mock.patch.object(selectors, "pack_content", side_effect=taken_over):
        services.build_pack(pack_id=pack.pk)
    pack.refresh_from_db()
    assert (pack.status, pack.attempts) == (Status.BUILDING, 2)
    assert not PackFile.objects.exists() and not any(folder_of(pack).glob("*"))


def test_an_interrupted_build_is_finished_by_the_next_attempt(small_month):
    pack = Pack.objects.create(month=MONTH, version=1, status=Status.BUILDING, attempts=1)
    leftover = folder_of(pack) / ".pack-2016-09-v1.xlsx.0123.tmp"
    leftover.parent.mkdir(parents=True)
    leftover.write_bytes(b"half a spreadsheet")
    build_pack.delay(pack.pk)
    pack.refresh_from_db()
    assert (pack.status, pack.attempts) == (Status.READY, 2)
    assert not leftover.exists()
    assert sorted(p.name for p in folder_of(pack).iterdir()) == [
        "pack-2016-09-v1.html", "pack-2016-09-v1.pdf", "pack-2016-09-v1.xlsx",
    ]  # fmt: skip


def test_a_build_interrupted_too_often_fails_instead_of_looping(small_month):
    pack = Pack.objects.create(
        month=MONTH, version=1, status=Status.BUILDING, attempts=services.MAX_ATTEMPTS
    )
    build_pack.delay(pack.pk)
    pack.refresh_from_db()
    assert pack.status == Status.FAILED and pack.attempts == services.MAX_ATTEMPTS
    assert pack.error == "The build stopped after 5 tries: its worker stopped before it finished"


def test_a_file_is_under_its_final_name_only_once_complete(settings, tmp_path):
    def write_half_then_die(path):
        path.write_bytes(b"PK half")
        raise KeyboardInterrupt  # as a worker stopping mid-write

    with pytest.raises(KeyboardInterrupt):
        storage.stage(month=MONTH, version=1, kind=FileKind.XLSX, write=write_half_then_die)
    folder = storage.absolute(storage.relative_folder(month=MONTH, version=1))
    assert list(folder.iterdir()) == []

    staged = storage.stage(
        month=MONTH, version=1, kind=FileKind.XLSX, write=lambda p: p.write_bytes(b"PK whole")
    )
    final = storage.absolute(staged.relative)
    assert staged.temp.exists() and not final.exists()
    storage.move_into_place(staged)
    assert final.read_bytes() == b"PK whole" and not staged.temp.exists()


def test_the_progress_bar_moves_through_the_stage_under_way_by_the_last_builds_times(db):
    """Issue 26: the bar sat at 45% while the PDF, most of a build, was written. Each stage
    takes its share by the last build's seconds, and the bar moves within the stage."""
    start = timezone.now()
    timings = {"data": 1.0, "xlsx": 1.0, "web": 2.0, "pdf": 15.0, "files": 1.0}
    Pack.objects.create(
        month=MONTH.replace(month=8), version=1, status=Status.READY, started_at=start,
        finished_at=start, stage_seconds=timings,
    )  # fmt: skip
    assert selectors.expected_build_seconds() == 20
    building = Pack.objects.create(
        month=MONTH, version=1, status=Status.BUILDING, started_at=start,
        stage="Writing the PDF", progress=45,
        stage_seconds={"data": 1.0, "xlsx": 1.0, "web": 2.0},
    )  # fmt: skip
    last = selectors.last_build_timings()

    def at(seconds: float) -> int:
        return selectors.build_progress(
            building, timings=last, now=start + timedelta(seconds=seconds)
        )

    # 4 of 20 seconds before the PDF: 20%; then on through its 15 seconds (75% of the bar).
    assert [at(4), at(7.75), at(11.5), at(60)] == [20, 38, 57, 91]
