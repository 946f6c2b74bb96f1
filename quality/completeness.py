"""Reads of completeness: how much of a month's return is in, by area, owner and reporter.

For each month, every indicator due in it is *expected* (active, and reporting that month by
its frequency: a quarterly measure at quarter ends, an annual one in March); its value is
*entered* once the reporter has typed a figure or passed the month on, *submitted* once the
owner has vouched for it, and *accepted* once the performance team has. Each stage includes
the next, so the four counts only fall. An entered value may be *blank* (missing is not
zero): it goes on only with the reason it is blank, and blanks without one are counted
apart. The figures cover every indicator, so they are for readers of every value (the
performance team) and for the pack, which shows totals only.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q

from core.models import ReportingPeriod
from core.months import months_ending
from core.numbers import share
from core.people import display_name
from indicators.models import Indicator, MonthlyValue, ValueState

TREND_MONTHS = 12
NOT_ENTERED, ENTERED, SUBMITTED, ACCEPTED = range(4)


def stage_of(*, state: str | None, has_value: bool) -> int:
    """How far an expected value has come; ``state`` is None where no value was started."""
    if state == ValueState.ACCEPTED:
        return ACCEPTED
    if state == ValueState.SUBMITTED:
        return SUBMITTED
    if state == ValueState.WITH_OWNER or has_value:
        return ENTERED
    return NOT_ENTERED


def completion(part: int, whole: int) -> Decimal | None:
    """``part`` as a whole percentage of ``whole``, rounded half up, except that a month is
    never "100%" until every value is in (399 of 400 is 99%, not done)."""
    value = share(part, whole, places=0)
    return min(value, Decimal(99)) if value is not None and part < whole else value


@dataclass
class Tally:
    """Expected, entered, submitted and accepted values of one group (an area, a person)."""

    label: str
    expected: int = 0
    entered: int = 0
    submitted: int = 0
    accepted: int = 0
    blank: int = 0  # entered without a figure
    blank_without_reason: int = 0

    def add(self, stage: int, *, blank: bool = False, reason: bool = False) -> None:
        """Count an expected value at ``stage``; ``blank`` if it has no figure, ``reason`` if
        it says why (a blank counts once it is entered: a draft is simply not in yet)."""
        self.expected += 1
        self.entered += stage >= ENTERED
        self.submitted += stage >= SUBMITTED
        self.accepted += stage >= ACCEPTED
        if blank and stage >= ENTERED:
            self.blank += 1
            self.blank_without_reason += not reason

    @property
    def entered_pct(self) -> Decimal | None:
        return completion(self.entered, self.expected)

    @property
    def submitted_pct(self) -> Decimal | None:
        return completion(self.submitted, self.expected)

    @property
    def accepted_pct(self) -> Decimal | None:
        return completion(self.accepted, self.expected)


@dataclass
class Chase:
    """Someone holding up the month: the values they have still to enter or to submit."""

    person: str
    task: str  # "enter and pass on" or "check and submit"
    refs: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.refs)


@dataclass(frozen=True)
class TrendPoint:
    month: date
    tally: Tally


@dataclass(frozen=True)
class Completeness:
    month: date
    period: ReportingPeriod | None
    total: Tally
    by_area: list[Tally]
    by_owner: list[Tally]
    by_reporter: list[Tally]
    chase: list[Chase]  # most outstanding first
    trend: list[TrendPoint]  # the twelve months ending at ``month``, oldest first

    @property
    def trend_tallies(self) -> list[Tally]:
        return [point.tally for point in self.trend]


def _grouped(tallies: dict[str, Tally]) -> list[Tally]:
    return sorted(tallies.values(), key=lambda tally: tally.label)


def _chase_list(items: list[tuple[Indicator, int, str | None, dict]]) -> list[Chase]:
    """Reporters with values not yet passed on and owners with values not yet submitted."""
    chase: dict[tuple[str, str], Chase] = {}
    for indicator, stage, state, _ in items:
        if stage == NOT_ENTERED or state == ValueState.DRAFT:
            person = display_name(indicator.reporter, missing="No reporter set")
            task = "enter and pass on"
        elif state == ValueState.WITH_OWNER:
            person, task = display_name(indicator.owner, missing="No owner set"), "check and submit"
        else:
            continue
        chase.setdefault((person, task), Chase(person, task)).refs.append(indicator.ref)
    return sorted(chase.values(), key=lambda item: (-item.count, item.person, item.task))


def month_completeness(*, month: date) -> Completeness:
    """Completeness of ``month`` and the eleven before it: three queries, whatever the size."""
    months = months_ending(month, TREND_MONTHS)
    indicators = list(  # derived values are computed, so never expected from anyone
        Indicator.objects.entered()
        .filter(
            Q(active_from__isnull=True) | Q(active_from__lte=month),
            Q(active_to__isnull=True) | Q(active_to__gte=months[0]),
        )
        .select_related("area", "owner", "reporter")
    )
    states = {
        (indicator_id, row_month): (state, has_value, reason)
        for indicator_id, row_month, state, has_value, reason in MonthlyValue.objects.filter(
            indicator__in=[indicator.pk for indicator in indicators], month__in=months
        )
        .annotate(has_value=Q(value__isnull=False))
        .values_list("indicator_id", "month", "state", "has_value", "blank_reason")
    }
    trend, items = [], []
    for each in months:
        tally = Tally(f"{each:%b %Y}")
        for indicator in indicators:
            if not indicator.is_due_in(each):
                continue
            state, has_value, reason = states.get((indicator.pk, each), (None, False, ""))
            stage = stage_of(state=state, has_value=has_value)
            blank = {"blank": not has_value, "reason": bool(reason)}
            tally.add(stage, **blank)
            if each == month:
                items.append((indicator, stage, state, blank))
        trend.append(TrendPoint(each, tally))
    return _month(month, items=items, trend=trend)


def _month(month: date, *, items, trend: list[TrendPoint]) -> Completeness:
    groups: dict[str, dict[str, Tally]] = defaultdict(dict)
    for indicator, stage, _, blank in items:
        for kind, label in (
            ("area", indicator.area.name),
            ("owner", display_name(indicator.owner, missing="No owner set")),
            ("reporter", display_name(indicator.reporter, missing="No reporter set")),
        ):
            groups[kind].setdefault(label, Tally(label)).add(stage, **blank)
    area_order = {item[0].area.name: item[0].area.position for item in items}
    return Completeness(
        month=month,
        period=ReportingPeriod.objects.filter(month=month).first(),
        total=trend[-1].tally,
        by_area=sorted(groups["area"].values(), key=lambda t: (area_order[t.label], t.label)),
        by_owner=_grouped(groups["owner"]),
        by_reporter=_grouped(groups["reporter"]),
        chase=_chase_list(items),
        trend=trend,
    )
