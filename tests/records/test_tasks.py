"""The retention beat task: records purged once their months are published and the retention
period has passed, the count in the trail; nothing sooner."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from core.models import AuditEvent, PeriodStatus, ReportingPeriod
from records import services, tasks
from records.models import RECORD_MODELS, RecordUpload
from tests.records.files import annex_a

pytestmark = pytest.mark.django_db


@pytest.fixture
def upload(admin_user):
    intake = services.check_files([("a.xlsx", annex_a())])  # September-October 2016
    upload = services.store_upload(intake=intake, filename="a.xlsx", data=b"x", user=admin_user)
    services.confirm_upload(upload=upload, user=admin_user)
    return upload


def publish(*months):
    for month in months:
        ReportingPeriod.objects.create(
            month=month, due_date=month + timedelta(days=45), status=PeriodStatus.PUBLISHED
        )


def records_left() -> int:
    return sum(model.objects.count() for model in RECORD_MODELS.values())


def test_records_are_purged_after_retention_once_published(settings, upload):
    settings.RECORDS_RETENTION_MONTHS = 24
    publish(date(2016, 9, 1))
    # October 2016 not yet published: kept, however old
    assert services.purge_expired(today=date(2020, 1, 1)) == 0
    assert records_left() == 5
    publish(date(2016, 10, 1))
    # published, but October 2018 is within 24 months of October 2016: kept
    assert services.purge_expired(today=date(2018, 10, 15)) == 0
    assert services.purge_expired(today=date(2018, 11, 1)) == 5
    assert records_left() == 0
    upload.refresh_from_db()
    assert upload.state == RecordUpload.State.PURGED and upload.purged_at is not None
    assert AuditEvent.objects.filter(
        detail__startswith=f"Records upload {upload.pk}: 5 records purged"
    ).exists()


def test_the_beat_task_runs_the_purge(settings, upload):
    settings.RECORDS_RETENTION_MONTHS = 0
    publish(date(2016, 9, 1), date(2016, 10, 1))
    assert tasks.purge_expired_records.apply().get() == 5
    assert records_left() == 0


def test_an_upload_never_confirmed_is_deleted_after_a_day(admin_user):
    intake = services.check_files([("a.xlsx", annex_a())])
    upload = services.store_upload(intake=intake, filename="a.xlsx", data=b"x", user=admin_user)
    services.purge_expired(today=timezone.localdate())
    assert RecordUpload.objects.filter(pk=upload.pk).exists()
    RecordUpload.objects.filter(pk=upload.pk).update(uploaded_at=timezone.now() - timedelta(days=2))
    services.purge_expired(today=timezone.localdate())
    assert not RecordUpload.objects.filter(pk=upload.pk).exists()
    assert records_left() == 0
