"""Reads of the API: what each caller may read, and the figures, in fixed numbers of queries.

The role rules are the pages': a monthly value is read through ``MonthlyValue.restrict``
(viewers: accepted values of published months only), an audit analysis through
``AuditCycle.restrict(user, "report")`` (viewers: published cycles only), a caseload month
through ``Caseload.restrict(user, "report")`` (viewers: months whose return is published).
Only aggregates leave through the API: no practitioner name, staff identifier or case
reference.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import QuerySet

from audits.models import Audit, AuditCycle
from audits.selectors import COUNTS, OVERALL, area_figures
from caseloads.models import Caseload
from caseloads.selectors import load_figures
from core.months import add_months, month_text
from indicators.models import Indicator, MonthlyValue, Target
from indicators.selectors import (
    derived_points,
    judged_columns,
    life_of,
    target_for,
    with_reported_figures,
)

ALL_PRACTITIONERS = "All practitioners"


def values_for(*, user) -> QuerySet[MonthlyValue]:
    return (
        MonthlyValue.objects.restrict(user, "view")
        .select_related("indicator__area")
        .order_by("month", "indicator__ref")
    )


def listed_values(*, user) -> QuerySet[MonthlyValue]:
    """``values_for`` with the files' figures of each row's month, which ``with_computed``
    shows where the portal lacks the months a column needs."""
    return with_reported_figures(values_for(user=user), indicator="indicator", month="month")


def indicators_for(*, user) -> QuerySet[Indicator]:
    """The indicators the user may read (``Indicator.objects.restrict``), with what the API
    shows of them."""
    return Indicator.objects.select_related(
        "area", "owner", "reporter", "companion", "numerator", "denominator"
    ).restrict(user, "view")


def with_computed(rows: Iterable[MonthlyValue], *, user) -> list[MonthlyValue]:
    """``rows`` with their dataset columns as ``computed``, from the values the user may read
    (so a viewer's figures are the published pack's): two queries, whatever their number."""
    rows = list(rows)
    if not rows:
        return rows
    ids = {row.indicator_id for row in rows}
    months = [row.month for row in rows]
    series: dict[int, dict[date, Any]] = defaultdict(dict)
    readable = values_for(user=user).filter(
        indicator__in=ids, month__gte=add_months(min(months), -12), month__lte=max(months)
    )
    for indicator_id, month, value in readable.values_list("indicator_id", "month", "value"):
        series[indicator_id][month] = value
    # A derived indicator's row holds its commentary; its value is computed from its inputs.
    derived = derived_points(
        indicators={row.indicator_id: row.indicator for row in rows}.values(),
        first=add_months(min(months), -12),
        last=max(months),
        values=values_for(user=user),
    )
    for pk, points in derived.items():
        series[pk] = {month: point.value for month, point in points.items()}
    targets = defaultdict(list)
    for target in Target.objects.filter(indicator__in=ids):
        targets[target.indicator_id].append(target)
    for row in rows:
        if row.indicator_id in derived:
            point = derived[row.indicator_id].get(row.month)
            row.value, row.state = (point.value, point.state) if point else (None, row.state)
        row.computed = judged_columns(
            series=series[row.indicator_id],
            month=row.month,
            preferred=row.indicator.preferred_direction,
            target=target_for(targets[row.indicator_id], row.month),
            life=life_of(row.indicator, series=series[row.indicator_id], reported=row),
        )
    return rows


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
