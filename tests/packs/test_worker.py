"""The build through a real Redis broker and real Celery workers started by the tests.

The workers use this test's database, so these tests commit (transactional) and create
their users without roles (a transactional test starts from the migrated database, but the
tests before it may have flushed the roles away).
"""

import os
import signal
import threading
from unittest import mock

import pytest
from django.db import connection

from core import roles
from packs import services, storage
from packs.models import Pack, PackFile, Status
from tests.packs.conftest import MONTH, refreshed, wait_for

WORKER_TEST = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgresql("a worker process shares the test database"),
]
BUILD_SECONDS = 180  # a generous bound on one small build on a busy machine
CLOSED_PORT = "redis://127.0.0.1:1/0"


def files_on_disk(pack: Pack) -> list[str]:
    folder = storage.absolute(storage.relative_folder(month=pack.month, version=pack.version))
    return sorted(path.name for path in folder.iterdir()) if folder.is_dir() else []


def ready(pack: Pack) -> Pack | None:
    current = refreshed(pack)
    if current.status == Status.FAILED:
        pytest.fail(f"The build failed: {current.error}")
    return current if current.is_ready else None


def assert_complete(pack: Pack) -> None:
    """Three whole files, as recorded, and nothing left over."""
    assert files_on_disk(pack) == [
        f"pack-2016-09-v{pack.version}.{kind}" for kind in ("html", "pdf", "xlsx")
    ]
    for file in pack.files.all():
        assert storage.sha256_of(storage.absolute(file.path)) == file.sha256


@pytest.mark.usefixtures("small_month")
class TestWithAWorker:
    pytestmark = WORKER_TEST

    def test_a_build_goes_from_queued_to_ready(self, start_worker):
        pack = services.request_build(month=MONTH).pack
        assert refreshed(pack).status == Status.QUEUED  # no worker yet: it waits
        start_worker()
        done = wait_for(lambda: ready(pack), timeout=BUILD_SECONDS, what="the build")
        assert done.attempts == 1 and done.provisional_count == 2
        assert_complete(done)

    def test_a_killed_worker_leaves_no_ready_file_and_a_new_worker_finishes(self, start_worker):
        first = start_worker(pause=8)  # waits after each stage: time to kill it mid-build
        pack = services.request_build(month=MONTH).pack
        wait_for(
            lambda: any(name.startswith(".pack-2016-09-v1.xlsx.") for name in files_on_disk(pack)),
            timeout=BUILD_SECONDS,
            what="the spreadsheet to be written under its temporary name",
        )
        first.kill()
        interrupted = refreshed(pack)
        assert interrupted.status == Status.BUILDING  # not ready, and not a file that looks so
        assert not PackFile.objects.exists()
        assert all(name.startswith(".") and name.endswith(".tmp") for name in files_on_disk(pack))

        # Redis hands the unacknowledged message to the next worker (visibility timeout).
        start_worker(visibility_timeout=1)
        done = wait_for(lambda: ready(pack), timeout=BUILD_SECONDS, what="the redelivered build")
        assert done.attempts == 2
        assert_complete(done)

    def test_a_killed_pool_process_is_replaced_and_the_build_redelivered(self, start_worker):
        worker = start_worker(pause=3)
        pack = services.request_build(month=MONTH).pack
        wait_for(lambda: refreshed(pack).status == Status.BUILDING, timeout=BUILD_SECONDS,
                 what="the build to start")  # fmt: skip
        os.kill(worker.pool_process(), signal.SIGKILL)  # rejected on worker loss: requeued
        done = wait_for(lambda: ready(pack), timeout=BUILD_SECONDS, what="the requeued build")
        assert done.attempts == 2
        assert_complete(done)

    def test_two_simultaneous_requests_give_one_build(self, start_worker, broker):
        barrier, results = threading.Barrier(2), []

        def ask() -> None:
            barrier.wait(timeout=30)
            try:
                results.append(services.request_build(month=MONTH))
            finally:
                connection.close()

        threads = [threading.Thread(target=ask) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert sorted(request.created for request in results) == [False, True]
        assert len({request.pack.pk for request in results}) == 1
        assert Pack.objects.count() == 1 and broker.llen("celery") == 1  # one message
        start_worker()
        done = wait_for(lambda: ready(results[0].pack), timeout=BUILD_SECONDS, what="the build")
        assert done.attempts == 1


@pytest.mark.celery_worker
def test_broker_down_refuses_the_build_clearly_and_records_nothing(
    client_as, small_month, use_broker
):
    use_broker(CLOSED_PORT)
    client = client_as(roles.PERFORMANCE_TEAM)
    response = client.post("/packs/build/", {"month": "2016-09"})
    assert response.status_code == 200
    assert (
        "The build queue is not answering, so the pack was not queued" in response.content.decode()
    )
    assert not Pack.objects.exists()


@pytest.mark.celery_worker
def test_a_broker_lost_between_check_and_send_records_nothing(small_month, use_broker):
    use_broker(CLOSED_PORT)
    checked_ok = mock.patch.object(services, "check_broker", return_value="ok")
    with checked_ok, pytest.raises(services.BrokerUnavailable, match="nothing was recorded"):
        services.request_build(month=MONTH)
    assert not Pack.objects.exists()


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_pool_process_past_the_memory_ceiling_is_replaced_after_its_task(start_worker):
    """``CELERY_WORKER_MAX_MEMORY_MB``: a child holding more after a task is recycled, so a
    pack of thousands of indicators does not keep its gigabytes in the worker."""
    from packs.tasks import expire_stuck_builds

    worker = start_worker(env={"CELERY_WORKER_MAX_MEMORY_MB": "1"})  # every child is over
    first = worker.pool_process()
    expire_stuck_builds.delay()
    wait_for(lambda: worker.pool_process() != first, timeout=60, what="a new pool process")
