"""The monthly return's state machine, its reporting periods and its e-mails: every write.

Each step is one function with keyword-only arguments. It checks that the actor may take
it now - by the part they play for the indicator (reporter, owner, or a deputy of either)
or as the performance team, who may act at any step - writes the values and their history
in bulk, and records a ``ReturnEvent`` per value: the audit trail of the return.
"""

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.access import require
from core.models import PERIOD_STEPS, AuditEvent, PeriodStatus, PeriodStep, ReportingPeriod
from core.months import month_name
from core.trail import record
from imports.plans import ConflictError
from indicators import value_writes
from indicators.calculations import reporting_frequencies
from indicators.models import BlankReason, Deputy, Hat, Indicator, MonthlyValue, ValueState
from quality.selectors import commentary_refusals
from returns import selectors, working_days
from returns.models import (
    RETURNS,
    Action,
    ReminderKind,
    ReturnEvent,
    ReturnNotice,
    SentReminder,
)

logger = logging.getLogger(__name__)

PERFORMANCE = "performance"  # the part the performance team plays for every indicator
HAT_PERMISSIONS = {Hat.REPORTER: "returns.enter_values", Hat.OWNER: "returns.submit_values"}
OPENED = "Reporting period opened"
WRITTEN = [  # by a save
    "value",
    "commentary",
    "blank_reason",
    "blank_reason_text",
    "version",
    "updated_by",
    "updated_at",
]


ONLY_THE_TEAM = "Only the performance team can do that."


class ReturnRefused(Exception):
    """A step the actor may not take now; the message says why, in plain words."""


class StaleVersion(ReturnRefused):
    """The value was saved by someone else after the form was loaded."""


STALE = (
    "Someone else saved this value after you opened it, so your changes were not saved. "
    "Your text is still in the form: compare it with the saved version shown on this page, "
    "then save again."
)


def hats_for(*, user, indicators: Iterable[Indicator]) -> dict[int, set[str]]:
    """The parts ``user`` plays for each indicator, by indicator id: one query for deputies."""
    indicators = list(indicators)
    deputising = set(
        Deputy.objects.filter(
            user=user, indicator__in=[indicator.pk for indicator in indicators]
        ).values_list("indicator_id", "hat")
    )
    general = {PERFORMANCE} if user.has_perm("returns.accept_values") else set()
    allowed = {hat: user.has_perm(perm) for hat, perm in HAT_PERMISSIONS.items()}
    return {
        indicator.pk: general
        | {
            hat
            for hat in Hat
            if allowed[hat]
            and (
                getattr(indicator, f"{hat}_id") == user.pk
                or (indicator.pk, hat.value) in deputising
            )
        }
        for indicator in indicators
    }


@dataclass(frozen=True)
class Step:
    """A move of a value through the return: from which states, to which, by whom."""

    name: str  # as the pages name it in their buttons and URLs
    label: str  # what its button says
    action: Action
    sources: tuple[str, ...]
    target: str
    hat: Hat | None  # who takes it besides the performance team (None: only the team)
    needs_reason: bool = False


PASS = Step(
    name="pass",
    label="Pass to the owner",
    action=Action.PASSED,
    sources=(ValueState.DRAFT,),
    target=ValueState.WITH_OWNER,
    hat=Hat.REPORTER,
)
SUBMIT = Step(
    name="submit",
    label="Submit",
    action=Action.SUBMITTED,
    sources=(ValueState.WITH_OWNER,),
    target=ValueState.SUBMITTED,
    hat=Hat.OWNER,
)
RETURN_TO_REPORTER = Step(
    name="return_to_reporter",
    label="Return to the reporter",
    action=Action.RETURNED_TO_REPORTER,
    sources=(ValueState.WITH_OWNER,),
    target=ValueState.DRAFT,
    hat=Hat.OWNER,
    needs_reason=True,
)
ACCEPT = Step(
    name="accept",
    label="Accept",
    action=Action.ACCEPTED,
    sources=(ValueState.SUBMITTED,),
    target=ValueState.ACCEPTED,
    hat=None,
)
RETURN_TO_OWNER = Step(
    name="return_to_owner",
    label="Return to the owner",
    action=Action.RETURNED_TO_OWNER,
    sources=(ValueState.SUBMITTED, ValueState.ACCEPTED),
    target=ValueState.WITH_OWNER,
    hat=None,
    needs_reason=True,
)
STEPS = (PASS, SUBMIT, RETURN_TO_REPORTER, ACCEPT, RETURN_TO_OWNER)
# Who may change the value and commentary in each state, besides the performance team.
EDITORS = {ValueState.DRAFT: Hat.REPORTER, ValueState.WITH_OWNER: Hat.OWNER}
RETURN_TO = {Action.RETURNED_TO_REPORTER: Hat.REPORTER, Action.RETURNED_TO_OWNER: Hat.OWNER}


def period_refusal(period: ReportingPeriod | None, *, month: date) -> str | None:
    """Why nothing in ``month`` may move now; None while its period is open."""
    if period is None:
        return f"{month:%B %Y} is not open for returns: the performance team opens it first."
    if period.status == PeriodStatus.LOCKED:
        return f"{period} is locked: the performance team must reopen it before anything changes."
    if period.status == PeriodStatus.PUBLISHED:
        return (
            f"{period} is published: ask the performance team to correct it. "
            "A correction is recorded as a revision, with its reason."
        )
    return None


def _derived_refusal(indicator: Indicator) -> str:
    """Why a derived indicator's value is not entered: what it is worked out from."""
    inputs = [
        indicator.numerator.ref,
        indicator.denominator.ref if indicator.denominator else "the population figure",
    ]
    return (
        f"{indicator.ref} is worked out from {' and '.join(inputs)}: enter those and its "
        "value follows."
    )


def edit_refusal(*, monthly_value: MonthlyValue, period, hats: set[str]) -> str | None:
    """Why the value and commentary may not be changed by someone with ``hats``; None if they may.

    The performance team may correct a published month (a revision); a locked one must be
    reopened first.
    """
    if monthly_value.indicator.is_derived:
        return _derived_refusal(monthly_value.indicator)
    published = period is not None and period.status == PeriodStatus.PUBLISHED
    if not (published and PERFORMANCE in hats) and (
        refusal := period_refusal(period, month=monthly_value.month)
    ):
        return refusal
    editor = EDITORS.get(monthly_value.state)
    if PERFORMANCE in hats or editor in hats:
        return None
    who = f"the {editor.label.lower()}" if editor else "the performance team"
    return (
        f"{monthly_value.indicator.ref} is {monthly_value.get_state_display().lower()}: "
        f"only {who} can change it now."
    )


def step_refusal(
    step: Step, *, monthly_value: MonthlyValue, period, hats: set[str], version: int | None = None
) -> str | None:
    """Why ``step`` may not be taken on the value by someone with ``hats``; None if it may."""
    ref = monthly_value.indicator.ref
    if refusal := period_refusal(period, month=monthly_value.month):
        return refusal
    if PERFORMANCE not in hats and step.hat not in hats:
        who = f"its {step.hat.label.lower()}, a deputy or " if step.hat else ""
        return f"{ref}: only {who}the performance team can {step.label.lower()}."
    if monthly_value.state not in step.sources:
        return (
            f"{ref} is {monthly_value.get_state_display().lower()}, "
            f"so it cannot be {step.action.label.lower()}."
        )
    if version is not None and version != monthly_value.version:
        return f"{ref} changed after you opened it: check it again first."
    return None


# The reasons a blank may be given, as a refusal names them (``BlankReason``).
BLANK_REASON_CHOICES = "not yet available, not collected this month, measure ended, or another"


def blank_refusal(step: Step, *, monthly_value: MonthlyValue) -> str | None:
    """Why a blank value may not be passed on, submitted or accepted: it has no reason.
    Missing is not zero, and readers of the pack are told why a figure is missing. A derived
    indicator's value is computed, never entered, so it is never blank by anyone's hand."""
    if (
        monthly_value.value is not None
        or monthly_value.blank_reason
        or monthly_value.indicator.is_derived
    ):
        return None
    return (
        f"{monthly_value.indicator.ref}, {month_name(monthly_value.month)} has no value: "
        f"choose why it is blank ({BLANK_REASON_CHOICES} reason, written) before it can be "
        f"{step.action.label.lower()}."
    )


def allowed_steps(*, user, monthly_value: MonthlyValue, period) -> list[Step]:
    """The steps ``user`` may take on the value now, for its page's buttons."""
    hats = hats_for(user=user, indicators=[monthly_value.indicator])[monthly_value.indicator_id]
    return [
        step
        for step in STEPS
        if step_refusal(step, monthly_value=monthly_value, period=period, hats=hats) is None
    ]


def _history_reason(action: Action, reason: str) -> str:
    return f"{action.label}: {reason}" if reason else action.label


def _periods_for_update(months: Iterable[date]) -> dict[date, ReportingPeriod]:
    """The periods of ``months``, locked so that no lock or publication crosses the write."""
    periods = ReportingPeriod.objects.select_for_update().filter(month__in=set(months))
    return {period.month: period for period in periods}


def _refused(problems: list[str]) -> ReturnRefused:
    shown = problems[:5]
    if len(problems) > len(shown):
        shown.append(f"And {len(problems) - len(shown)} more.")
    return ReturnRefused(" ".join(shown))


def _take(
    step: Step,
    *,
    user,
    monthly_values: Iterable[MonthlyValue],
    reason: str = "",
    versions: dict[int, int] | None = None,
) -> list[MonthlyValue]:
    """Move every one of ``monthly_values`` by ``step``, or none of them (all or nothing)."""
    reason = reason.strip()
    if step.needs_reason and not reason:
        raise ReturnRefused("Give the reason for returning it: it is sent to whoever gets it back.")
    versions = versions or {}
    chosen = MonthlyValue.objects.filter(pk__in=[row.pk for row in monthly_values])
    with transaction.atomic():
        # Periods first, then values: the order every write of the return locks them in.
        periods = _periods_for_update(chosen.values_list("month", flat=True))
        rows = list(
            chosen.select_for_update(of=("self",)).select_related("indicator").order_by("pk")
        )
        if not rows:
            raise ReturnRefused("Choose at least one indicator.")
        hats = hats_for(user=user, indicators=[row.indicator for row in rows])
        problems = [
            problem
            for row in rows
            if (
                problem := step_refusal(
                    step,
                    monthly_value=row,
                    period=periods.get(row.month),
                    hats=hats[row.indicator_id],
                    version=versions.get(row.pk),
                )
            )
        ]
        if step in (PASS, SUBMIT):  # a flagged value goes on only with its explanation
            problems += commentary_refusals(monthly_values=rows)
        if step in (PASS, SUBMIT, ACCEPT):
            problems += [
                problem for row in rows if (problem := blank_refusal(step, monthly_value=row))
            ]
        if problems:
            raise _refused(problems)
        now = timezone.now()
        events = [
            ReturnEvent(
                period=periods[row.month],
                monthly_value=row,
                action=step.action,
                from_state=row.state,
                to_state=step.target,
                reason=reason,
                actor=user,
                at=now,
            )
            for row in rows
        ]
        for row in rows:
            row.state, row.version, row.updated_by, row.updated_at = (
                step.target,
                row.version + 1,
                user,
                now,
            )
        bulk_update_with_history(
            rows,
            MonthlyValue,
            ["state", "version", "updated_by", "updated_at"],
            default_user=user,
            default_change_reason=_history_reason(step.action, reason),
            default_date=now,
        )
        ReturnEvent.objects.bulk_create(events)
        if step.action in RETURNS:
            _owe_notice(events)
    return rows


def pass_to_owner(*, user, monthly_values, versions=None) -> list[MonthlyValue]:
    """The reporter (or a deputy) hands drafts to the owner to check."""
    return _take(PASS, user=user, monthly_values=monthly_values, versions=versions)


def submit(*, user, monthly_values, versions=None) -> list[MonthlyValue]:
    """The owner (or a deputy) vouches for values and sends them to the performance team."""
    return _take(SUBMIT, user=user, monthly_values=monthly_values, versions=versions)


def return_to_reporter(*, user, monthly_values, reason: str) -> list[MonthlyValue]:
    """The owner sends values back to the reporter to fix; the reason goes with them."""
    return _take(RETURN_TO_REPORTER, user=user, monthly_values=monthly_values, reason=reason)


def accept(*, user, monthly_values, versions=None) -> list[MonthlyValue]:
    """The performance team accepts submitted values for the pack."""
    return _take(ACCEPT, user=user, monthly_values=monthly_values, versions=versions)


def return_to_owner(*, user, monthly_values, reason: str) -> list[MonthlyValue]:
    """The performance team sends values back to the owner; the reason goes with them."""
    return _take(RETURN_TO_OWNER, user=user, monthly_values=monthly_values, reason=reason)


# Each step's function, by the step's name: the forward ones take no reason.
FORWARD: dict[str, Callable[..., list[MonthlyValue]]] = {
    PASS.name: pass_to_owner,
    SUBMIT.name: submit,
    ACCEPT.name: accept,
}
RETURN: dict[str, Callable[..., list[MonthlyValue]]] = {
    RETURN_TO_REPORTER.name: return_to_reporter,
    RETURN_TO_OWNER.name: return_to_owner,
}


def save_value(
    *,
    user,
    monthly_value: MonthlyValue,
    version: int,
    value,
    commentary: str,
    reason: str = "",
    blank_reason: str = BlankReason.NONE,
    blank_reason_text: str = "",
    then: str | None = None,
) -> MonthlyValue:
    """Save a new value and commentary over ``version``, then take the forward step ``then``.

    ``blank_reason`` (and its words) say why a blank value is blank; a figure takes any
    reason away.
    Refused when someone saved, or an import wrote, after ``version`` was read: the write is
    a compare-and-set on the version (``value_writes.update_values``), so of two concurrent
    writers only one can win. In a month that has been published
    a change is a revision and needs a reason.
    """
    reason = reason.strip()
    with transaction.atomic():
        period = _periods_for_update([monthly_value.month]).get(monthly_value.month)
        hats = hats_for(user=user, indicators=[monthly_value.indicator])
        refusal = edit_refusal(
            monthly_value=monthly_value, period=period, hats=hats[monthly_value.indicator_id]
        )
        if refusal:
            raise ReturnRefused(refusal)
        if monthly_value.version != version:
            raise StaleVersion(STALE)
        blank = (blank_reason, blank_reason_text.strip()) if value is None else ("", "")
        stored = (monthly_value.blank_reason, monthly_value.blank_reason_text)
        if (monthly_value.value, monthly_value.commentary, stored) != (value, commentary, blank):
            _write(
                monthly_value,
                user=user,
                version=version,
                change=(value, commentary, blank),
                period=period,
                reason=reason,
            )
        if then:
            FORWARD[then](
                user=user,
                monthly_values=[monthly_value],
                versions={monthly_value.pk: monthly_value.version},
            )
    return monthly_value


def _write(monthly_value, *, user, version, change, period, reason) -> None:
    """Write ``change`` - value, commentary and blank reason - over ``version``."""
    value, commentary, blank = change
    revision = period.was_published
    if revision and not reason:
        raise ReturnRefused(
            f"{period} has been published: give the reason for the revision. "
            "It is shown with the change on the indicator's page."
        )
    try:  # the one compare-and-set every writer of values uses, imports included
        value_writes.update_values(
            [(monthly_value.pk, value, commentary, version)],
            user=user,
            reason=_history_reason(Action.REVISED, reason) if revision else "Edited",
            blank_reasons={monthly_value.pk: blank},
        )
    except ConflictError:
        raise StaleVersion(STALE) from None
    monthly_value.refresh_from_db(fields=WRITTEN)
    if revision:
        ReturnEvent.objects.create(
            period=period,
            monthly_value=monthly_value,
            action=Action.REVISED,
            from_state=monthly_value.state,
            to_state=monthly_value.state,
            reason=reason,
            actor=user,
            at=monthly_value.updated_at,
        )


def open_period(*, user, month: date, due: date | None = None) -> ReportingPeriod:
    """Open ``month`` for entry, due a set number of working days after it ends, with a draft
    value for every indicator due in it (active, and reporting that month by its frequency)
    that has none yet; derived ones are computed, not entered."""
    require(user, "returns.manage_periods", refused=ReturnRefused, message=ONLY_THE_TEAM)
    due = due or working_days.due_date(month, working_days=settings.RETURN_DUE_WORKING_DAYS)
    try:
        with transaction.atomic():
            period = ReportingPeriod.objects.create(month=month, due_date=due)
            lacking = Indicator.objects.entered().due_in(month).exclude(values__month=month)
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
            )
            _period_event(period, user=user, action=Action.OPENED, from_state="")
    except IntegrityError:
        raise ReturnRefused(f"{month:%B %Y} is already open for returns.") from None
    return period


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


def _owe_notice(events: list[ReturnEvent]) -> None:
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
