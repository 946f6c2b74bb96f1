"""Celery tasks of the monthly return: the daily reminders and the message on a return.

Thin wrappers around ``returns.services``; they run eagerly without a broker and on a
worker with one. A failed send is retried; the services make each e-mail go out once.
"""

from celery import shared_task
from django.utils import timezone

from returns import services

RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "max_retries": 5}


@shared_task(**RETRY)
def send_due_reminders() -> int:
    """Run daily by Celery beat (``CELERY_BEAT_SCHEDULE``)."""
    return services.send_due_reminders(today=timezone.localdate())


@shared_task(**RETRY)
def notify_returned(*, event_ids: list[int]) -> int:
    return services.notify_returned(event_ids=event_ids)
