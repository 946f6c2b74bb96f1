"""The retention beat task: thin over ``records.services.purge_expired``."""

from celery import shared_task

from core import clock
from records import services


@shared_task(ignore_result=True)
def purge_expired_records() -> int:
    """Run nightly by Celery beat (``CELERY_BEAT_SCHEDULE``); returns the records purged."""
    return services.purge_expired(today=clock.today())
