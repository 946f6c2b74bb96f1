"""The monthly return's state machine: how one month's value moves from the reporter to the
owner to the performance team, and who may change it on the way.

Each step is one function with keyword-only arguments. It checks that the actor may take
it now - by the part they play for the indicator (reporter, owner, or a deputy of either)
or as the performance team, who may act at any step - writes the values and their history
in bulk, and records a ``ReturnEvent`` per value: the audit trail of the return. A return
owes its e-mails through ``returns.services.reminders``; the month itself is opened, locked
and published in ``returns.services.periods``.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Value
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from core.models import PeriodStatus, ReportingPeriod
from core.months import month_name
from imports.plans import ConflictError
from indicators import value_writes
from indicators.models import BlankReason, ChangeKind, Hat, Indicator, MonthlyValue, ValueState
from quality.selectors import commentary_refusals_by_value
from returns.models import RETURNS, Action, ReturnEvent
from returns.services.reminders import owe_notice

PERFORMANCE = "performance"  # the part the performance team plays for every indicator
HAT_PERMISSIONS = {Hat.REPORTER: "returns.enter_values", Hat.OWNER: "returns.submit_values"}
WRITTEN = [  # by a save
    "value",
    "commentary",
    "blank_reason",
    "blank_reason_text",
    "version",
    "updated_by",
    "updated_at",
]


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
    """The parts ``user`` plays for each indicator, by indicator id: those the catalogue or a
    deputy gives them (``Indicator.objects.played_by``) that their role lets them act in,
    and the performance team's for every indicator. One query."""
    ids = [indicator.pk for indicator in indicators]
    general = {PERFORMANCE} if user.has_perm("returns.accept_values") else set()
    hats = {id_: set(general) for id_ in ids}
    allowed = [hat for hat, perm in HAT_PERMISSIONS.items() if user.has_perm(perm)]
    played = [
        Indicator.objects.filter(pk__in=ids)
        .played_by(user, hat=hat)
        .order_by()
        .annotate(hat=Value(hat.value))
        .values_list("pk", "hat")
        for hat in allowed
    ]
    if played:
        for pk, hat in played[0].union(*played[1:], all=True):
            hats[pk].add(Hat(hat))
    return hats


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


def _untouched_returns(rows: list[MonthlyValue]) -> dict[int, str]:
    """Drafts returned to the reporter and not changed since, by value id: passing one on
    in bulk would send the owner back what they refused, unread."""
    last: dict[int, ReturnEvent] = {}
    for event in ReturnEvent.objects.filter(
        monthly_value__in=[row.pk for row in rows if row.state == ValueState.DRAFT]
    ).order_by("at", "pk"):
        last[event.monthly_value_id] = event
    return {
        row.pk: (
            f"{row.indicator.ref}, {month_name(row.month)} was returned to the reporter "
            f'("{event.reason}") and has not changed since: correct it on its page first.'
        )
        for row in rows
        if (event := last.get(row.pk))
        and event.action == Action.RETURNED_TO_REPORTER
        and row.updated_at <= event.at
    }


def _problems(step: Step, *, user, rows, periods, versions, bulk: bool) -> dict[int, list[str]]:
    """Why each of ``rows`` may not take ``step`` now, by value id (rows it may are absent)."""
    hats = hats_for(user=user, indicators=[row.indicator for row in rows])
    problems: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        refusal = step_refusal(
            step,
            monthly_value=row,
            period=periods.get(row.month),
            hats=hats[row.indicator_id],
            version=versions.get(row.pk),
        )
        if refusal:
            problems[row.pk].append(refusal)
    if step in (PASS, SUBMIT):  # a flagged value goes on only with its explanation
        for pk, refusal in commentary_refusals_by_value(monthly_values=rows).items():
            problems[pk].append(refusal)
    if step in (PASS, SUBMIT, ACCEPT):
        for row in rows:
            if refusal := blank_refusal(step, monthly_value=row):
                problems[row.pk].append(refusal)
    if bulk and step == PASS:
        for pk, refusal in _untouched_returns(rows).items():
            problems[pk].append(refusal)
    return problems


@dataclass(frozen=True)
class Outcome:
    """What a step on several values did (or, before it is confirmed, would do)."""

    taken: list[MonthlyValue]
    refused: list[str]  # why each value left out was left out, in plain words


def preview(step: Step, *, user, monthly_values: Iterable[MonthlyValue]) -> Outcome:
    """Which of the chosen values a bulk step would move, and why the others would not: the
    confirmation page's counts. Nothing is written."""
    rows = list(
        MonthlyValue.objects.filter(pk__in=[row.pk for row in monthly_values])
        .select_related("indicator")
        .order_by("pk")
    )
    periods = {
        period.month: period
        for period in ReportingPeriod.objects.filter(month__in={row.month for row in rows})
    }
    problems = _problems(step, user=user, rows=rows, periods=periods, versions={}, bulk=True)
    return Outcome(
        taken=[row for row in rows if row.pk not in problems],
        refused=[refusal for row in rows for refusal in problems.get(row.pk, [])],
    )


def _take(
    step: Step,
    *,
    user,
    monthly_values: Iterable[MonthlyValue],
    reason: str = "",
    versions: dict[int, int] | None = None,
    bulk: bool = False,
) -> Outcome:
    """Move ``monthly_values`` by ``step``: every one or none of them, or - ``bulk`` - those
    that may move, naming the others (one flagged value does not hold up the rest)."""
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
        problems = _problems(
            step, user=user, rows=rows, periods=periods, versions=versions, bulk=bulk
        )
        refused = [refusal for row in rows for refusal in problems.get(row.pk, [])]
        if (refused and not bulk) or len(problems) == len(rows):
            raise _refused(refused)
        rows = [row for row in rows if row.pk not in problems]
        _move(step, rows, user=user, periods=periods, reason=reason)
    return Outcome(taken=rows, refused=refused)


def _move(step: Step, rows: list[MonthlyValue], *, user, periods, reason: str) -> None:
    """Write the step on ``rows``: their state, their history and the return's events."""
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
        custom_historical_attrs={value_writes.KIND: ChangeKind.STEP},
    )
    ReturnEvent.objects.bulk_create(events)
    if step.action in RETURNS:
        owe_notice(events)


def take_in_bulk(step: Step, *, user, monthly_values) -> Outcome:
    """A forward step on several values from a worklist: those that may move do; the
    others are named (a flagged draft, a blank without its reason, a returned draft
    nobody has touched since) and stay where they are."""
    return _take(step, user=user, monthly_values=monthly_values, bulk=True)


def pass_to_owner(*, user, monthly_values, versions=None) -> list[MonthlyValue]:
    """The reporter (or a deputy) hands drafts to the owner to check."""
    return _take(PASS, user=user, monthly_values=monthly_values, versions=versions).taken


def submit(*, user, monthly_values, versions=None) -> list[MonthlyValue]:
    """The owner (or a deputy) vouches for values and sends them to the performance team."""
    return _take(SUBMIT, user=user, monthly_values=monthly_values, versions=versions).taken


def return_to_reporter(*, user, monthly_values, reason: str) -> list[MonthlyValue]:
    """The owner sends values back to the reporter to fix; the reason goes with them."""
    return _take(RETURN_TO_REPORTER, user=user, monthly_values=monthly_values, reason=reason).taken


def accept(*, user, monthly_values, versions=None) -> list[MonthlyValue]:
    """The performance team accepts submitted values for the pack."""
    return _take(ACCEPT, user=user, monthly_values=monthly_values, versions=versions).taken


def return_to_owner(*, user, monthly_values, reason: str) -> list[MonthlyValue]:
    """The performance team sends values back to the owner; the reason goes with them."""
    return _take(RETURN_TO_OWNER, user=user, monthly_values=monthly_values, reason=reason).taken


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
            kind=ChangeKind.REVISION if revision else ChangeKind.ENTERED,
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
