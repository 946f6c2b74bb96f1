"""The return's e-mails: reminders of drafts and values waiting before a month is due, and
the notices of values returned, sent once each.

A return records the notices it owes in its own transaction (the outbox) and a worker sends
them; a refused broker or an unreachable mail server loses nothing, as the beat task sends
what is still owed.
"""

import logging
from collections import defaultdict
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.models import ReportingPeriod
from indicators.calculations import reporting_frequencies
from indicators.models import Hat, MonthlyValue, ValueState
from returns import selectors, working_days
from returns.models import RETURNS, Action, ReminderKind, ReturnEvent, ReturnNotice, SentReminder

logger = logging.getLogger(__name__)

RETURN_TO = {Action.RETURNED_TO_REPORTER: Hat.REPORTER, Action.RETURNED_TO_OWNER: Hat.OWNER}


def owe_notice(events: list[ReturnEvent]) -> None:
    """Record the e-mails ``events`` owe in the return's own transaction (the outbox), then,
    once it commits, hand them to a worker. A broker that refuses the task loses nothing: the
    beat task sends what is still owed (``send_pending_notices``)."""
    from returns.tasks import send_notice  # the task calls back into this module

    notice = ReturnNotice.objects.create()
    notice.events.set(events)
    transaction.on_commit(lambda: send_notice.delay(notice_id=notice.pk), robust=True)


# A notice that failed is tried again this long after (the beat task runs every minute), at
# most NOTICE_ATTEMPTS times: a day and a half of an unreachable mail server.
NOTICE_RETRY_AFTER = timedelta(minutes=5)
NOTICE_ATTEMPTS = 400


def send_notice(*, notice_id: int, now: datetime | None = None) -> int:
    """Send the e-mails of one notice not yet sent, and mark it sent; how many went. A worker
    already sending it is left to (the row is locked); a failure counts an attempt, keeps its
    reason and leaves the notice for the next drain - it never undoes the return."""
    now = now or timezone.now()
    with transaction.atomic():
        notice = (
            ReturnNotice.objects.select_for_update(skip_locked=True)
            .filter(pk=notice_id, sent_at__isnull=True)
            .first()
        )
        if notice is None:
            return 0
        notice.attempts += 1
        notice.last_attempt_at = now
        try:
            with transaction.atomic():
                sent = notify_returned(event_ids=[event.pk for event in notice.events.all()])
        except Exception as error:  # whatever failed, the notice stays owed and is retried
            logger.exception("Return notice %s not sent (attempt %s).", notice.pk, notice.attempts)
            notice.last_error = f"{error.__class__.__name__}: {error}"
            notice.save(update_fields=["attempts", "last_attempt_at", "last_error"])
            return 0
        notice.sent_at, notice.last_error = now, ""
        notice.save(update_fields=["attempts", "last_attempt_at", "last_error", "sent_at"])
    return sent


def send_pending_notices(*, now: datetime | None = None) -> int:
    """Send every notice still owed whose last try is ``NOTICE_RETRY_AFTER`` old (the beat
    task, every minute): those the broker refused, and those the mail server did."""
    now = now or timezone.now()
    due = ReturnNotice.objects.filter(
        Q(last_attempt_at__isnull=True) | Q(last_attempt_at__lte=now - NOTICE_RETRY_AFTER),
        sent_at__isnull=True,
        attempts__lt=NOTICE_ATTEMPTS,
    ).order_by("created_at")
    return sum(send_notice(notice_id=pk, now=now) for pk in due.values_list("pk", flat=True))


def _link(url_name: str, **kwargs) -> str:
    return settings.PORTAL_URL.rstrip("/") + reverse(url_name, kwargs=kwargs)


def _send_once(*, kind: str, period, user, events: list[ReturnEvent], template: str, context):
    """E-mail ``user`` unless this reminder went out before: the record and the e-mail are
    one transaction, and its unique constraint stops a second worker sending it again."""
    if not user.email:
        # Expected, not a fault: the return page says who has no address (returns.views).
        logger.info("No e-mail address for %s: %s not sent.", user, kind)
        return False
    rows = [
        SentReminder(kind=kind, period=event.period, user=user, event=event) for event in events
    ] or [SentReminder(kind=kind, period=period, user=user)]
    subject, _, body = render_to_string(template, {"user": user, **context}).partition("\n")
    try:
        with transaction.atomic():
            SentReminder.objects.bulk_create(rows)
            send_mail(subject.strip(), body.strip(), None, [user.email])
    except IntegrityError:
        return False
    return True


REMINDERS = (
    (ReminderKind.DRAFTS_DUE, ValueState.DRAFT, Hat.REPORTER, "returns/email/drafts_due.txt"),
    (ReminderKind.WAITING, ValueState.WITH_OWNER, Hat.OWNER, "returns/email/waiting.txt"),
)


def send_due_reminders(*, today: date) -> int:
    """Remind reporters of their drafts and owners of the values waiting for them, once per
    open month, from ``RETURN_REMINDER_WORKING_DAYS`` working days before its due date."""
    sent = 0
    for period in ReportingPeriod.objects.open():
        starts = working_days.reminder_date(
            period.due_date, working_days=settings.RETURN_REMINDER_WORKING_DAYS
        )
        if today < starts:
            continue
        for kind, state, hat, template in REMINDERS:
            already = set(
                SentReminder.objects.filter(kind=kind, period=period).values_list(
                    "user_id", flat=True
                )
            )
            # A measure not due this month (a quarterly one between quarters) is not chased.
            waiting = MonthlyValue.objects.filter(
                month=period.month,
                state=state,
                indicator__frequency__in=reporting_frequencies(period.month),
            ).select_related("indicator__owner", "indicator__reporter")
            for person, rows in selectors.recipients(monthly_values=waiting, hat=hat).items():
                if person.pk in already:
                    continue
                sent += _send_once(
                    kind=kind,
                    period=period,
                    user=person,
                    events=[],
                    template=template,
                    context={"period": period, "rows": rows, "link": _worklist_link(hat)},
                )
    return sent


def _worklist_link(hat: Hat) -> str:
    return _link("returns:my_month" if hat == Hat.REPORTER else "returns:to_submit")


def notify_returned(*, event_ids: list[int]) -> int:
    """Tell whoever values were returned to - the reporter or the owner, and their deputies -
    what came back and why: one e-mail per person, once per return."""
    events = list(
        ReturnEvent.objects.filter(pk__in=event_ids, action__in=RETURNS).select_related(
            "period",
            "actor",
            "monthly_value__indicator__owner",
            "monthly_value__indicator__reporter",
        )
    )
    already = set(SentReminder.objects.filter(event__in=events).values_list("event_id", "user_id"))
    by_hat = defaultdict(list)
    for event in events:
        by_hat[RETURN_TO[event.action]].append(event)
    sent = 0
    for hat, hat_events in by_hat.items():
        event_of = {event.monthly_value_id: event for event in hat_events}
        people = selectors.recipients(
            monthly_values=[event.monthly_value for event in hat_events], hat=hat
        )
        for person, rows in people.items():
            theirs = [
                event_of[row.pk] for row in rows if (event_of[row.pk].pk, person.pk) not in already
            ]
            if theirs:
                sent += _send_once(
                    kind=ReminderKind.RETURNED,
                    period=theirs[0].period,
                    user=person,
                    events=theirs,
                    template="returns/email/returned.txt",
                    context={"events": theirs, "link": _worklist_link(hat)},
                )
    return sent
