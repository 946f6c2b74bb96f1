"""The lifecycle of a reporting month: opened for entry (with a draft for every indicator
due), locked, published to the pack, reopened for corrections - by the performance team
only, each step recorded on the month and on the portal's audit trail.
"""

from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core.access import require
from core.models import PERIOD_STEPS, AuditEvent, PeriodStatus, PeriodStep, ReportingPeriod
from core.months import add_months
from core.trail import record
from indicators import value_writes
from indicators.models import ChangeKind, Indicator, MonthlyValue
from returns import working_days
from returns.models import Action, ReturnEvent
from returns.services.workflow import ReturnRefused

OPENED = "Reporting period opened"
ONLY_THE_TEAM = "Only the performance team can do that."


def open_period(*, user, month: date, due: date | None = None) -> ReportingPeriod:
    """Open ``month`` for entry, due a set number of working days after it ends, with a draft
    value for every indicator due in it (active, and reporting that month by its frequency)
    that has none yet; derived ones are computed, not entered."""
    require(user, "returns.manage_periods", refused=ReturnRefused, message=ONLY_THE_TEAM)
    return _open(month=month, due=due, user=user)


def _open(*, month: date, due: date | None, user) -> ReportingPeriod:
    """``open_period`` for the team or, with ``user`` None, for the monthly task."""
    due = due or working_days.due_date(month, working_days=settings.RETURN_DUE_WORKING_DAYS)
    try:
        with transaction.atomic():
            period = ReportingPeriod.objects.create(month=month, due_date=due)
            lacking = Indicator.objects.expected_in(month).exclude(values__month=month)
            now = timezone.now()
            bulk_create_with_history(
                [
                    MonthlyValue(indicator=indicator, month=month, updated_by=user, updated_at=now)
                    for indicator in lacking
                ],
                MonthlyValue,
                default_user=user,
                default_change_reason=OPENED,
                default_date=now,
                custom_historical_attrs={value_writes.KIND: ChangeKind.OPENED},
            )
            _period_event(period, user=user, action=Action.OPENED, from_state="")
    except IntegrityError:
        raise ReturnRefused(f"{month:%B %Y} is already open for returns.") from None
    return period


def open_ended_month(*, today: date) -> ReportingPeriod | None:
    """Open the month that ended before ``today`` unless it has a period already (the
    monthly task, on the first of each month): the next step of the cycle happens without
    anyone having to remember it. None where there was nothing to open."""
    month = add_months(today.replace(day=1), -1)
    if ReportingPeriod.objects.filter(month=month).exists():
        return None
    try:
        return _open(month=month, due=None, user=None)
    except ReturnRefused:  # opened by the team in the meantime
        return None


def _period_event(period, *, user, action: Action, from_state: str, reason: str = "") -> None:
    """The month's own record of the step, and a line on the portal's audit trail."""
    ReturnEvent.objects.create(
        period=period,
        action=action,
        from_state=from_state,
        to_state=period.status,
        reason=reason,
        actor=user,
    )
    because = f" Reason: {reason}" if reason else ""
    record(
        action=AuditEvent.Action.MONTH,
        user=user,
        detail=f"{period}: {action.label.lower()}.{because}",
    )


def _move_period(
    period: ReportingPeriod,
    *,
    user,
    step: PeriodStep,
    action: Action,
    reason: str = "",
) -> ReportingPeriod:
    require(user, "returns.manage_periods", refused=ReturnRefused, message=ONLY_THE_TEAM)
    _, target = PERIOD_STEPS[step]
    with transaction.atomic():
        period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
        if step not in period.steps:
            raise ReturnRefused(
                f"{period} is {period.get_status_display().lower()}: it cannot be "
                f"{action.label.lower()} now."
            )
        from_state, period.status = period.status, target
        if target == PeriodStatus.PUBLISHED:
            period.published_at = timezone.now()
        period.save(update_fields=["status", "published_at"])
        _period_event(period, user=user, action=action, from_state=from_state, reason=reason)
    return period


def lock_period(*, user, period: ReportingPeriod) -> ReportingPeriod:
    """Freeze a month: no value or commentary changes until it is reopened."""
    return _move_period(
        period,
        user=user,
        step=PeriodStep.LOCK,
        action=Action.LOCKED,
    )


def publish_period(*, user, period: ReportingPeriod) -> ReportingPeriod:
    """Release a locked month to the pack and its readers; later changes are revisions."""
    return _move_period(
        period,
        user=user,
        step=PeriodStep.PUBLISH,
        action=Action.PUBLISHED,
    )


def reopen_period(*, user, period: ReportingPeriod, reason: str) -> ReportingPeriod:
    """Open a locked or published month again for corrections; the reason is recorded."""
    if not reason.strip():
        raise ReturnRefused("Give the reason for reopening the month.")
    return _move_period(
        period,
        user=user,
        step=PeriodStep.REOPEN,
        action=Action.REOPENED,
        reason=reason.strip(),
    )
