"""Celery tasks of the monthly return: the daily reminders and the message on a return.

Thin wrappers around ``returns.services.reminders``; they run eagerly without a broker and on a
worker with one. A failed reminder is retried; the message on a return is an outbox row
(``ReturnNotice``) that ``send_pending_notices`` sends if its own task could not. The
services make each e-mail go out once.
"""

from celery import shared_task

from core import clock
from returns.services import periods, reminders

RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "max_retries": 5}


@shared_task(**RETRY)
def send_due_reminders() -> int:
    """Run daily by Celery beat (``CELERY_BEAT_SCHEDULE``)."""
    return reminders.send_due_reminders(today=clock.today())


@shared_task(**RETRY)
def open_ended_month() -> str:
    """Run on the first of each month by Celery beat: opens the month that just ended."""
    period = periods.open_ended_month(today=clock.today())
    return str(period) if period else ""


@shared_task
def send_notice(*, notice_id: int) -> int:
    """Queued when a return commits; a failure is kept on the notice for the drain below."""
    return reminders.send_notice(notice_id=notice_id)


@shared_task(ignore_result=True)
def send_pending_notices() -> int:
    """Run every minute by Celery beat: the e-mails owed that their own task did not send."""
    return reminders.send_pending_notices()
