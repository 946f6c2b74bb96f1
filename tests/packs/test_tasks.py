"""Dead builds are failed by a scheduled task, not by the pages that read them."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from kpi_portal.celery import app
from packs import tasks
from packs.models import Pack, Status
from tests.packs.conftest import MONTH

pytestmark = pytest.mark.django_db


def test_the_task_fails_the_builds_dead_past_the_timeout(small_month, settings):
    settings.PACK_BUILD_TIMEOUT_SECONDS = 600
    now = timezone.now()
    dead = Pack.objects.create(
        month=MONTH, version=1, status=Status.BUILDING, started_at=now - timedelta(minutes=11)
    )
    running = Pack.objects.create(
        month=MONTH.replace(month=7), version=1, status=Status.BUILDING, started_at=now
    )
    assert tasks.expire_stuck_builds.delay().get() == 1
    dead.refresh_from_db()
    running.refresh_from_db()
    assert dead.status == Status.FAILED and "did not finish within 10 minutes" in dead.error
    assert running.status == Status.BUILDING


def test_the_beat_schedule_runs_the_task_every_minute():
    entries = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "packs.tasks.expire_stuck_builds"
    ]
    assert len(entries) == 1
    assert entries[0]["schedule"].remaining_estimate(timezone.now()) <= timedelta(minutes=1)
    assert "packs.tasks.expire_stuck_builds" in app.tasks  # the name is a registered task
