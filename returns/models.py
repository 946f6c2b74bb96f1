"""The monthly return: the event trail of its steps, the reminders sent and the e-mails owed.

The state of each monthly value lives on ``indicators.MonthlyValue.state``; the rules that
move it are in ``returns.services.workflow``. Every step taken - by a person or a period - leaves a
``ReturnEvent``: that trail is the audit record of submissions, acceptances, returns,
locks, publications, reopenings and revisions.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.models import PeriodStatus, ReportingPeriod, RestrictedQuerySet
from indicators.models import REVISED_AFTER_PUBLICATION, MonthlyValue, ValueState


class Action(models.TextChoices):
    OPENED = "opened", "Opened"
    PASSED = "passed", "Passed to the owner"
    SUBMITTED = "submitted", "Submitted"
    RETURNED_TO_REPORTER = "returned_to_reporter", "Returned to the reporter"
    ACCEPTED = "accepted", "Accepted"
    RETURNED_TO_OWNER = "returned_to_owner", "Returned to the owner"
    REVISED = "revised", REVISED_AFTER_PUBLICATION
    LOCKED = "locked", "Locked"
    PUBLISHED = "published", "Published"
    REOPENED = "reopened", "Reopened"


RETURNS = (Action.RETURNED_TO_REPORTER, Action.RETURNED_TO_OWNER)
STATE_CHOICES = [*ValueState.choices, *PeriodStatus.choices]


class ReturnEvent(models.Model):
    """One step of a return - of a value, or of a whole period when ``monthly_value`` is empty."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="events")
    monthly_value = models.ForeignKey(
        MonthlyValue, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    action = models.CharField(max_length=25, choices=Action.choices)
    from_state = models.CharField(max_length=12, choices=STATE_CHOICES, blank=True)
    to_state = models.CharField(max_length=12, choices=STATE_CHOICES, blank=True)
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        # The workflow's permissions belong to the return, whatever model they hang on.
        permissions = [
            ("enter_values", "Can enter the values and commentary of the indicators they report"),
            ("submit_values", "Can check and submit the values of the indicators they own"),
            ("accept_values", "Can accept or return any value, at any step of the return"),
            ("manage_periods", "Can open, lock, publish and reopen reporting periods"),
        ]
        indexes = [models.Index(fields=["monthly_value", "-at"], name="event_of_value_newest")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.period}, {self.at:%Y-%m-%d %H:%M})"

    @property
    def is_return(self) -> bool:
        return self.action in RETURNS


class ReminderKind(models.TextChoices):
    DRAFTS_DUE = "drafts_due", "Drafts due soon"
    WAITING = "waiting", "Items waiting for the owner"
    RETURNED = "returned", "Item returned"


class SentReminder(models.Model):
    """An e-mail that went out: the unique constraints make each one go out only once."""

    kind = models.CharField(max_length=12, choices=ReminderKind.choices)
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(
        ReturnEvent, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "period", "user"],
                condition=Q(event__isnull=True),
                name="one_reminder_per_period",
            ),
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(event__isnull=False),
                name="one_message_per_event",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.user} ({self.period})"


class ReturnNotice(models.Model):
    """The e-mails a return owes whoever gets the values back: an outbox row, recorded in the
    return's own transaction. The task the return queues sends it at once; when the broker
    or the mail server is down, the beat task (``returns.tasks.send_pending_notices``) sends
    it later. Each try is counted; the last failure is kept, for the admin to read."""

    events = models.ManyToManyField(ReturnEvent, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["created_at"], condition=Q(sent_at__isnull=True), name="notice_pending"
            )
        ]

    def __str__(self) -> str:
        state = f"sent {self.sent_at:%Y-%m-%d %H:%M}" if self.sent_at else "pending"
        return f"Return notice of {self.created_at:%Y-%m-%d %H:%M} ({state})"
