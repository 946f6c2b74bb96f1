"""Reads of the monthly return: worklists and the month overview, in constant queries."""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Case, OuterRef, QuerySet, Subquery, When

from core.models import PeriodStatus, ReportingPeriod
from core.months import add_months
from core.people import display_name
from indicators.models import Hat, Indicator, MonthlyValue, ValueState, people_playing
from indicators.selectors import DatasetLine, derived_points, month_dataset
from quality.checks import Flag
from quality.selectors import flags_for
from returns.models import RETURNS, ReturnEvent

NOT_YET_SUBMITTED = (ValueState.DRAFT, ValueState.WITH_OWNER)


def period_for(*, user, month: date | None) -> ReportingPeriod | None:
    """The period a page shows: ``month``'s if asked, else the newest open one, else the newest."""
    periods = ReportingPeriod.objects.restrict(user, "view")
    if month:
        return periods.filter(month=month).first()
    return periods.order_by(
        Case(When(status=PeriodStatus.OPEN, then=0), default=1), "-month"
    ).first()


def open_periods(*, user) -> list[ReportingPeriod]:
    return list(ReportingPeriod.objects.restrict(user, "view").open())


def return_values() -> QuerySet[MonthlyValue]:
    """Monthly values with what the return pages show: the indicator, its people, the last step."""
    last = ReturnEvent.objects.filter(monthly_value=OuterRef("pk")).order_by("-at", "-pk")
    return (
        MonthlyValue.objects.select_related(
            "indicator__area", "indicator__owner", "indicator__reporter", "indicator__companion"
        )
        .order_by(
            "indicator__area__position",
            "indicator__area__name",
            "indicator__position",
            "indicator__ref",
            "month",
        )
        .annotate(
            last_action=Subquery(last.values("action")[:1]),
            last_reason=Subquery(last.values("reason")[:1]),
        )
    )


def wearing(monthly_values: QuerySet[MonthlyValue], *, user, hat: Hat) -> QuerySet:
    """The values of the indicators ``user`` reports (or owns), in person or as a deputy."""
    return monthly_values.filter(indicator__in=Indicator.objects.played_by(user, hat=hat))


def returned(monthly_values: QuerySet[MonthlyValue]) -> QuerySet[MonthlyValue]:
    """Values whose last step was a return (needs ``return_values``' annotations)."""
    return monthly_values.filter(last_action__in=RETURNS)


@dataclass(frozen=True)
class ReturnLine:
    """One line of a worklist: the value with its computed columns and last month's commentary."""

    monthly_value: MonthlyValue
    line: DatasetLine | None  # None for an indicator no longer active in the month
    previous_commentary: str
    overdue: bool
    flags: list = field(default_factory=list)  # quality.checks.Flag: rules and outliers

    @property
    def indicator(self) -> Indicator:
        return self.monthly_value.indicator

    @property
    def value(self) -> Decimal | None:
        """The month's figure: the stored one, or a derived indicator's, worked out from its
        inputs (its own row holds only commentary)."""
        if self.line is not None and self.indicator.is_derived:
            return self.line.value
        return self.monthly_value.value

    @property
    def is_returned(self) -> bool:
        return self.monthly_value.last_action in RETURNS

    @property
    def trend(self) -> list[Decimal | None]:
        return [cell.value for cell in self.line.cells] if self.line else []


def return_lines(
    *,
    monthly_values: Iterable[MonthlyValue],
    period: ReportingPeriod,
    today: date,
    with_flags: bool = True,
) -> list[ReturnLine]:
    """Worklist lines for ``monthly_values`` of ``period``: ten queries whatever their number.

    ``with_flags=False`` skips the data-quality checks (three queries and most of the
    arithmetic) for a worklist that does not show them.
    """
    rows = list(monthly_values)
    ids = [row.indicator_id for row in rows]
    lines = {
        line.indicator.pk: line
        for line in month_dataset(
            month=period.month, indicators=Indicator.objects.filter(pk__in=ids)
        )
    }
    previous = dict(
        MonthlyValue.objects.filter(
            indicator__in=ids, month=add_months(period.month, -1)
        ).values_list("indicator_id", "commentary")
    )
    overdue = period.is_overdue(today)
    # What the owner and the team see before acting.
    flagged = flags_for(monthly_values=rows) if with_flags else defaultdict(list)
    return [
        ReturnLine(
            monthly_value=row,
            line=lines.get(row.indicator_id),
            previous_commentary=previous.get(row.indicator_id, ""),
            # An ended measure's stray draft is not expected, so never overdue.
            overdue=overdue
            and row.state in NOT_YET_SUBMITTED
            and row.indicator.is_due_in(period.month)
            and not row.indicator.is_derived,
            flags=flagged[row.pk],
        )
        for row in rows
    ]


NOT_STARTED = "not_started"  # an expected value nobody has started: no row for the month


@dataclass
class Progress:
    """How far one group's expected values (an area's, a person's) have gone through the
    return, by state - ``not_started`` where no value was begun - with the returned and
    overdue ones; ``total`` is the number expected."""

    label: str
    counts: Counter = field(default_factory=Counter)

    def add(self, row: MonthlyValue | None, *, overdue: bool) -> None:
        state = row.state if row is not None else NOT_STARTED
        self.counts[state] += 1
        self.counts["total"] += 1
        self.counts["returned"] += row is not None and row.last_action in RETURNS
        self.counts["overdue"] += overdue and state in (NOT_STARTED, *NOT_YET_SUBMITTED)

    @property
    def not_yet_accepted(self) -> int:
        return self.counts["total"] - self.counts["accepted"]


@dataclass(frozen=True)
class Missing:
    indicator: Indicator
    monthly_value: MonthlyValue | None  # None: no value was ever started for the month

    @property
    def what(self) -> str:
        if self.monthly_value is None:
            return "No value or commentary started"
        return " and ".join(gaps(self.monthly_value)).capitalize() + " missing"


def gaps(row: MonthlyValue) -> list[str]:
    """What a month's row lacks: its value - never a derived indicator's, which is worked
    out from its inputs (they are listed if they lack theirs) - and its commentary."""
    return [
        name
        for name, gap in (
            ("value", row.value is None and not row.indicator.is_derived),
            ("commentary", not row.commentary.strip()),
        )
        if gap
    ]


@dataclass(frozen=True)
class MonthState:
    """The one count of a month's return: every page that counts the month (its overview,
    the lock and publish confirmations, the pack's cover and summary, the home pages) reads
    this, so no two of them can disagree."""

    month: date
    period: ReportingPeriod | None
    total: Progress
    by_area: list[Progress]
    by_reporter: list[Progress]
    by_owner: list[Progress]
    missing: list[Missing]
    values: list[MonthlyValue]  # the started values among the expected
    # Values started and not yet accepted: what a lock or publication would freeze or
    # release as it is (the expected values not started are among ``missing``).
    provisional: list[MonthlyValue] = field(default_factory=list)

    @property
    def totals(self) -> list[Progress]:
        return [self.total]

    @property
    def counts(self) -> Counter:
        return self.total.counts

    @property
    def expected(self) -> int:
        return self.total.counts["total"]

    @property
    def accepted(self) -> int:
        return self.total.counts["accepted"]

    @property
    def not_yet_accepted(self) -> int:
        return self.total.not_yet_accepted


def month_state(
    *,
    month: date,
    period: ReportingPeriod | None,
    user=None,
    hat: Hat | None = None,
    today: date | None = None,
) -> MonthState:
    """Count the month's return once, in three queries: every indicator whose value someone
    must enter in ``month`` (``IndicatorQuerySet.expected_in``: an ended, not yet started,
    off-quarter or derived one is not expected, so never overdue, missing or provisional),
    each counted once by its value's state, by area, reporter and owner.

    ``user`` narrows the values to those they may read; with ``hat``, to the indicators
    they report (or own). Overdue needs ``today`` and the open ``period``.
    """
    expected = Indicator.objects.expected_in(month)
    values = return_values().filter(month=month, indicator__in=expected)
    if user is not None:
        values = values.restrict(user, "view")
    if hat is not None:
        values = wearing(values, user=user, hat=hat)
        expected = expected.played_by(user, hat=hat)
    rows = list(values)
    not_started = list(
        expected.exclude(values__month=month).select_related("area", "owner", "reporter")
    )
    overdue = bool(period and today and period.is_overdue(today))
    total = Progress("All indicators")
    groups: dict[str, dict[str, Progress]] = defaultdict(dict)
    for indicator, row in [(row.indicator, row) for row in rows] + [
        (indicator, None) for indicator in not_started
    ]:
        total.add(row, overdue=overdue)
        for kind, label in (
            ("area", indicator.area.name),
            ("reporter", indicator.reporter_label or "No reporter"),
            ("owner", indicator.owner_label or "No owner"),
        ):
            groups[kind].setdefault(label, Progress(label)).add(row, overdue=overdue)
    missing = [Missing(indicator, None) for indicator in not_started] + [
        Missing(row.indicator, row) for row in rows if gaps(row)
    ]
    areas = [row.indicator.area for row in rows] + [indicator.area for indicator in not_started]
    area_order = {area.name: area.position for area in areas}
    return MonthState(
        month=month,
        period=period,
        total=total,
        by_area=sorted(groups["area"].values(), key=lambda p: (area_order[p.label], p.label)),
        by_reporter=sorted(groups["reporter"].values(), key=lambda p: p.label),
        by_owner=sorted(groups["owner"].values(), key=lambda p: p.label),
        missing=sorted(missing, key=lambda m: (m.indicator.area.position, m.indicator.ref)),
        values=rows,
        provisional=[row for row in rows if row.state != ValueState.ACCEPTED],
    )


def month_overview(*, period: ReportingPeriod, user, today: date) -> MonthState:
    """The month's state as the performance team's overview and confirmations show it."""
    return month_state(month=period.month, period=period, user=user, today=today)


def month_to_open(*, period: ReportingPeriod) -> date | None:
    """The month after ``period`` once ``period`` is locked or published, if nobody (nor
    the monthly task) has opened it yet: the overview's next step after publishing."""
    following = add_months(period.month, 1)
    if period.is_open or ReportingPeriod.objects.filter(month=following).exists():
        return None
    return following


def this_month(*, user, hat: Hat, today: date) -> tuple[ReportingPeriod | None, MonthState | None]:
    """The newest open period and the state of the user's values in it (as ``hat``): a home
    page's summary."""
    period = ReportingPeriod.objects.restrict(user, "view").open().first()
    if period is None:
        return None, None
    return period, month_state(month=period.month, period=period, user=user, hat=hat, today=today)


NO_RAG = "none"  # an indicator without a target, or without a value, has no RAG
RAG_ORDER = ("red", "amber", "green", NO_RAG)
MOVED_SHOWN = 5


@dataclass(frozen=True)
class AreaRag:
    area: str
    counts: Counter  # by RAG_ORDER

    @property
    def cells(self) -> list[int]:
        return [self.counts[rag] for rag in RAG_ORDER]


def rag_by_area(lines: Iterable[DatasetLine]) -> list[AreaRag]:
    """How many of the lines are red, amber, green or without RAG, area by area in the
    lines' order: the team's dashboard and the published pack's summary count alike."""
    by_area: dict[str, Counter] = {}
    for line in lines:
        by_area.setdefault(line.indicator.area.name, Counter())[line.computed.rag or NO_RAG] += 1
    return [AreaRag(area, counts) for area, counts in by_area.items()]


def rag_totals(areas: list[AreaRag]) -> list[int]:
    """The counts of every area together, in ``RAG_ORDER``."""
    return [sum(area.counts[rag] for area in areas) for rag in RAG_ORDER]


@dataclass(frozen=True)
class Glance:
    """The performance team's month at a glance: how the month is going."""

    period: ReportingPeriod
    progress: Progress  # every value of the month by state, with the overdue ones
    rag_by_area: list[AreaRag]
    moved: list[DatasetLine]  # the largest changes from the previous month, largest first
    flags: list[Flag]  # errors first

    @property
    def rag_totals(self) -> list[int]:
        return rag_totals(self.rag_by_area)


def month_at_a_glance(*, user, today: date) -> Glance | None:
    """The open month (else the newest) as the team's dashboard shows it: progress of the
    returns, RAG by area, what moved most and the data-quality flags, in constant queries."""
    period = period_for(user=user, month=None)
    if period is None:
        return None
    state = month_state(month=period.month, period=period, user=user, today=today)
    lines = month_dataset(month=period.month, indicators=Indicator.objects.restrict(user, "view"))
    changed = [line for line in lines if line.computed.pct_change_prev_month is not None]
    changed.sort(key=lambda line: -abs(line.computed.pct_change_prev_month))
    flagged = {flag for found in flags_for(monthly_values=state.values).values() for flag in found}
    return Glance(
        period=period,
        progress=state.total,
        rag_by_area=rag_by_area(lines),
        moved=changed[:MOVED_SHOWN],
        flags=sorted(flagged, key=lambda flag: (not flag.is_error, flag.refs)),
    )


@dataclass(frozen=True)
class MyLine:
    """One of the user's indicators in the month: its value's state and its RAG."""

    line: DatasetLine
    monthly_value: MonthlyValue | None  # None: not started


def my_lines(*, user, hat: Hat, period: ReportingPeriod) -> list[MyLine]:
    """The month's lines of the indicators the user reports (or owns), in person or as a
    deputy, with their state: what they see first on their home page."""
    mine = Indicator.objects.played_by(user, hat=hat)
    lines = month_dataset(month=period.month, indicators=mine)
    states = {
        row.indicator_id: row
        for row in MonthlyValue.objects.filter(
            indicator__in=[line.indicator.pk for line in lines], month=period.month
        )
    }
    return [MyLine(line, states.get(line.indicator.pk)) for line in lines]


def companion_value(*, monthly_value: MonthlyValue, user) -> MonthlyValue | None:
    """The companion indicator's value for the same month, when it has commentary to point at."""
    companion_id = monthly_value.indicator.companion_id
    if companion_id is None:
        return None
    return (
        MonthlyValue.objects.restrict(user, "view")
        .filter(indicator_id=companion_id, month=monthly_value.month)
        .exclude(commentary="")
        .select_related("indicator")
        .first()
    )


def as_above(companion: MonthlyValue) -> str:
    """Commentary that says "as above" and carries the companion's words, so that the pack
    still reads right where the two lines are apart."""
    return f"As above ({companion.indicator.ref}): {companion.commentary}"


def previous_value(*, monthly_value: MonthlyValue) -> MonthlyValue | None:
    return MonthlyValue.objects.filter(
        indicator_id=monthly_value.indicator_id, month=add_months(monthly_value.month, -1)
    ).first()


@dataclass(frozen=True)
class Figures:
    """A value's figure and the month before's, as its page shows them."""

    value: Decimal | None
    previous: Decimal | None


def month_figures(*, monthly_value: MonthlyValue, previous: MonthlyValue | None) -> Figures:
    """The stored figures, or for a derived indicator (whose rows hold only commentary) the
    figures worked out from its inputs, as the worklists and the pack show them."""
    indicator, month = monthly_value.indicator, monthly_value.month
    if not indicator.is_derived:
        return Figures(monthly_value.value, previous.value if previous else None)
    before = add_months(month, -1)
    points = derived_points(indicators=[indicator], first=before, last=month).get(indicator.pk, {})

    def figure(each: date) -> Decimal | None:
        point = points.get(each)
        return point.value if point else None

    return Figures(value=figure(month), previous=figure(before))


def value_events(*, monthly_value: MonthlyValue) -> list[ReturnEvent]:
    """The steps one value went through, newest first."""
    return list(monthly_value.events.select_related("actor"))


def recipients(
    *, monthly_values: Iterable[MonthlyValue], hat: Hat
) -> dict[object, list[MonthlyValue]]:
    """Who wears ``hat`` for each value - the named person and their deputies - and the
    values each of them should hear about. Values need ``indicator`` loaded."""
    monthly_values = list(monthly_values)
    playing = people_playing(indicators=[row.indicator for row in monthly_values], hat=hat)
    people: dict[object, list[MonthlyValue]] = defaultdict(list)
    for row in monthly_values:
        for person in playing[row.indicator_id]:
            if row not in people[person]:
                people[person].append(row)
    return people


def returned_to(*, monthly_values: Iterable[MonthlyValue], hat: Hat) -> tuple[list, list]:
    """Who would get ``monthly_values`` back (those wearing ``hat``, deputies too), as two
    lists sorted by name: those the return is e-mailed to, and those with no e-mail address,
    who see it only on their worklist. Values need ``indicator`` and its people loaded."""
    people = sorted(recipients(monthly_values=monthly_values, hat=hat), key=display_name)
    return [p for p in people if p.email], [p for p in people if not p.email]
