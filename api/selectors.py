"""Reads of the API: what each caller may read, and the figures, in fixed numbers of queries.

The role rules are the pages': a monthly value is read through ``MonthlyValue.restrict``
(viewers: accepted values of published months only), an audit analysis through
``AuditCycle.restrict(user, "report")`` (viewers: published cycles only), a caseload month
through ``Caseload.restrict(user, "report")`` (viewers: months whose return is published).
Only aggregates leave through the API: no practitioner name, staff identifier or case
reference.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db.models import Count, QuerySet

from audits.models import Audit, AuditCycle
from audits.selectors import COUNTS, OVERALL, area_figures
from caseloads.models import Caseload
from caseloads.selectors import load_figures
from core.months import add_months, month_text
from indicators.calculations import ComputedColumns
from indicators.models import Indicator, MonthlyValue, Target
from indicators.selectors import (
    derived_points,
    indicator_points,
    judged_columns,
    life_of,
    reported_figures,
    target_for,
)

ALL_PRACTITIONERS = "All practitioners"


def values_for(*, user) -> QuerySet[MonthlyValue]:
    return (
        MonthlyValue.objects.restrict(user, "view")
        .select_related("indicator__area")
        .order_by("month", "indicator__ref")
    )


def indicators_for(*, user) -> QuerySet[Indicator]:
    """The indicators the user may read (``Indicator.objects.restrict``), with what the API
    shows of them."""
    return Indicator.objects.select_related(
        "area", "owner", "reporter", "companion", "numerator", "denominator"
    ).restrict(user, "view")


@dataclass(frozen=True)
class ValueRow:
    """One row of the monthly values: an indicator's month, entered or derived.

    ``stored`` is the row in the table, with its id, commentary, version and time: an
    entered value's own, a derived indicator's commentary; a derived month with no
    commentary has none. ``value`` and ``state`` are the month's point (a derived one's
    computed, as provisional as its least-accepted input), ``computed`` its columns
    (``with_computed``)."""

    indicator: Indicator
    month: date
    stored: MonthlyValue | None
    value: Decimal | None
    state: str
    computed: ComputedColumns | None = None

    @property
    def id(self) -> int | None:
        return self.stored.pk if self.stored else None

    @property
    def commentary(self) -> str:
        return self.stored.commentary if self.stored else ""

    @property
    def version(self) -> int | None:
        return self.stored.version if self.stored else None

    @property
    def updated_at(self) -> datetime | None:
        return self.stored.updated_at if self.stored else None

    @property
    def order(self) -> tuple[date, str]:
        """The list's order: by month, then ref (as written, the same on every database)."""
        return self.month, self.indicator.ref

    @classmethod
    def of(cls, stored: MonthlyValue) -> "ValueRow":
        """A stored row as it stands (``with_computed`` gives a derived one its point)."""
        return cls(stored.indicator, stored.month, stored, stored.value, stored.state)


class ListedValues:
    """The rows of the monthly values list in order, entered and derived, read a page at a
    time by Django's paginator (``len`` and slices).

    Entered values stay in the database until a page asks for them: the rows per month are
    counted in one query, and a page reads the entered values of the months it spans in one
    more. Derived rows are computed for the whole list (few indicators, each month where its
    inputs give a value), which is also how they are counted and filtered by state.
    """

    def __init__(self, *, entered: QuerySet[MonthlyValue], derived: list[ValueRow]):
        self.entered = entered
        self.derived = sorted(derived, key=lambda row: row.order)

    @cached_property
    def per_month(self) -> dict[date, int]:
        counts = Counter(
            dict(self.entered.order_by().values_list("month").annotate(rows=Count("pk")))
        )
        counts.update(row.month for row in self.derived)
        return dict(sorted(counts.items()))

    def __len__(self) -> int:
        return sum(self.per_month.values())

    def __getitem__(self, window: slice) -> list[ValueRow]:
        start, stop = window.start or 0, len(self) if window.stop is None else window.stop
        skipped, spanned, position = 0, [], 0
        for month, rows in self.per_month.items():
            if position + rows <= start:
                skipped += rows
            elif position < stop:
                spanned.append(month)
            position += rows
        if not spanned:
            return []
        first, last = spanned[0], spanned[-1]
        entered = self.entered.filter(month__gte=first, month__lte=last)
        rows = [ValueRow.of(value) for value in entered]
        rows += [row for row in self.derived if first <= row.month <= last]
        rows.sort(key=lambda row: row.order)
        return rows[start - skipped : stop - skipped]


def listed_values(
    *,
    user,
    ref: list[str] | None = None,
    area: str = "",
    month_from: date | None = None,
    month_to: date | None = None,
    state: str = "",
) -> ListedValues:
    """The monthly values the user may read, filtered as ``api.filters.MonthlyValueFilterSet``
    documents, entered and derived alike: a derived indicator has a row for every month its
    inputs give a value (from the inputs the user may read, so a viewer's are the published
    pack's) and for every month it has commentary. Its state is its inputs' least accepted,
    and ``state`` filters by that."""
    chosen = Indicator.objects.all()
    if ref:
        chosen = chosen.filter(ref__in=ref)
    if area:
        chosen = chosen.filter(area__name__iexact=area)
    stored = values_for(user=user).filter(indicator__in=chosen)
    if month_from:
        stored = stored.filter(month__gte=month_from)
    if month_to:
        stored = stored.filter(month__lte=month_to)
    entered = stored.filter(indicator__numerator__isnull=True)
    derived_indicators = list(chosen.filter(numerator__isnull=False).select_related("area"))
    derived: list[ValueRow] = []
    if derived_indicators:
        points = derived_points(
            indicators=derived_indicators,
            first=month_from,
            last=month_to,
            values=values_for(user=user),
        )
        kept: dict[int, dict[date, MonthlyValue]] = defaultdict(dict)
        for row in stored.filter(indicator__in=derived_indicators):
            kept[row.indicator_id][row.month] = row
        for indicator in derived_indicators:
            mine, rows = points[indicator.pk], kept[indicator.pk]
            for month in mine.keys() | rows.keys():
                point, row = mine.get(month), rows.get(month)
                value, row_state = (point.value, point.state) if point else (None, row.state)
                derived.append(ValueRow(indicator, month, row, value, row_state))
    if state:
        entered = entered.filter(state=state)
        derived = [row for row in derived if row.state == state]
    return ListedValues(entered=entered, derived=derived)


def with_computed(rows: Iterable[ValueRow], *, user) -> list[ValueRow]:
    """``rows`` with their points and dataset columns, from the values the user may read (so
    a viewer's figures are the published pack's), in a fixed number of queries whatever
    their number: the values, the formulas and population figures when any is derived, the
    targets and the file's figures."""
    rows = list(rows)
    if not rows:
        return rows
    indicators = {row.indicator.pk: row.indicator for row in rows}
    months = [row.month for row in rows]
    points = indicator_points(
        indicators=indicators.values(),
        first=add_months(min(months), -12),
        last=max(months),
        values=values_for(user=user),
    )
    series = {
        pk: {month: point.value for month, point in mine.items()} for pk, mine in points.items()
    }
    targets = defaultdict(list)
    for target in Target.objects.filter(indicator__in=indicators):
        targets[target.indicator_id].append(target)
    reported = reported_figures(indicators=list(indicators), first=min(months), last=max(months))
    computed = []
    for row in rows:
        pk, indicator = row.indicator.pk, row.indicator
        point = points[pk].get(row.month)
        computed.append(
            replace(
                row,
                value=point.value if point else None,
                state=point.state if point else row.state,
                computed=judged_columns(
                    series=series[pk],
                    month=row.month,
                    preferred=indicator.preferred_direction,
                    target=target_for(targets[pk], row.month),
                    life=life_of(
                        indicator, series=series[pk], reported=reported.get((pk, row.month), {})
                    ),
                ),
            )
        )
    return computed


def audit_cycles_for(*, user) -> QuerySet[AuditCycle]:
    return AuditCycle.objects.restrict(user, "report").order_by("-month")


def audit_summaries(cycles: Iterable[AuditCycle]) -> list[dict[str, Any]]:
    """Each cycle's overall figures, as ``audit_report`` gives them: one query for all."""
    cycles = list(cycles)
    counts = {
        row.pop("cycle_id"): row
        for row in Audit.objects.filter(cycle__in=cycles)
        .values("cycle_id")
        .annotate(**COUNTS)
        .order_by()
    }
    return [
        {
            "month": cycle.key,
            "theme": cycle.theme,
            "published": cycle.is_published,
            **area_figures(name=OVERALL, short_name="", counts=counts.get(cycle.pk, {})).as_dict(),
        }
        for cycle in cycles
    ]


def caseload_summaries(months: Iterable[date]) -> list[dict[str, Any]]:
    """Each month's figures over all practitioners (count, at or over threshold, mean,
    median, max): one query for all."""
    months = list(months)
    loads = defaultdict(list)
    rows = Caseload.objects.with_load().filter(month__in=months)
    for month, allocations, threshold in rows.values_list("month", "allocations", "threshold"):
        loads[month].append((allocations, threshold))
    return [
        {"month": month_text(month), **load_figures(ALL_PRACTITIONERS, loads[month]).as_json()}
        for month in months
    ]
