"""Reads of caseloads: who may see whose name, and the monthly caseload report.

The report is built from one query for the month's rows and one for the twelve-month trend,
whatever the number of practitioners; the figures are computed by the pure functions below.
"""

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, F, Q, Sum, Value, When
from django.db.models.expressions import Expression

from caseloads.models import ROWS_PERMISSION, Caseload, CaseloadQuerySet
from core.months import month_text, months_ending

TREND_MONTHS = 12
NAME_PERMISSION = "caseloads.view_practitioner_name"


# --- Who may see whose name -------------------------------------------------------------


@dataclass(frozen=True)
class IdentityRule:
    """What a reader may see of practitioners: aggregates only, staff identifiers, and names.

    ``user_may_see_names`` shows every display name; ``named_team_ids`` shows the names of
    the practitioners in those teams (the reader manages them); everyone else who sees rows
    sees staff identifiers only.
    """

    user_may_see_names: bool = False
    named_team_ids: frozenset[int] = frozenset()
    aggregates_only: bool = False

    def shown_name(self) -> Expression:
        """The display name where this reader may see it, else empty text (for ``annotate``)."""
        if self.user_may_see_names:
            return F("practitioner__display_name")
        return Case(
            When(team_id__in=self.named_team_ids, then=F("practitioner__display_name")),
            default=Value(""),
        )


def identity_rule(user) -> IdentityRule:
    """The one rule on practitioner identities, for pages and exports.

    The performance team sees every name; a team's managers see the names of that team's
    practitioners (the team of the month shown); others with the caseload rows permission
    (owners) see staff identifiers; everyone else who may read the report (the scrutiny
    panel) sees aggregates only.
    """
    if not user.has_perm(ROWS_PERMISSION):
        return IdentityRule(aggregates_only=True)
    return IdentityRule(
        user_may_see_names=user.has_perm(NAME_PERMISSION),
        named_team_ids=frozenset(user.managed_teams.values_list("pk", flat=True)),
    )


def with_shown_names(rows, *, user):
    """``rows`` (caseloads) with the name ``user`` may see of each as ``shown_name``."""
    return rows.annotate(shown_name=identity_rule(user).shown_name())


def snapshot_months() -> list[date]:
    """The months that have a caseload snapshot, newest first (for the command line and the
    readers of the rows, who may read them all)."""
    return list(Caseload.objects.months())


def readable_months(*, user) -> CaseloadQuerySet:
    """The months of the caseload report ``user`` may read, newest first: the page and the
    API both offer these (``Caseload.objects.restrict(user, "report")``)."""
    return Caseload.objects.restrict(user, "report").months()


# --- The figures ------------------------------------------------------------------------


def one_decimal(value: Decimal | float | int) -> Decimal:
    """Figures are shown to one decimal place, halves rounded up as people expect."""
    return Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def mean_of(total: int, count: int) -> Decimal | None:
    return one_decimal(Decimal(total) / count) if count else None


@dataclass(frozen=True)
class LoadFigures:
    """Count, how many at or over their service's threshold, mean, median and max load."""

    name: str
    practitioners: int
    at_or_over: int
    mean: Decimal | None
    median: Decimal | None
    max: int | None
    newly_qualified: bool = False

    @property
    def highlighted(self) -> bool:
        """Newly qualified practitioners carrying a load at or over the threshold."""
        return self.newly_qualified and self.at_or_over > 0

    def as_json(self) -> dict:
        return {
            "practitioners": self.practitioners,
            "at_or_over": self.at_or_over,
            "mean": None if self.mean is None else float(self.mean),
            "median": None if self.median is None else float(self.median),
            "max": self.max,
        }


def load_figures(
    name: str, loads: Sequence[tuple[int, int]], *, newly_qualified: bool = False
) -> LoadFigures:
    """Figures of ``loads``, pairs of (allocations, threshold of the practitioner's service).

    A load exactly at the threshold counts as at or over it.
    """
    allocations = [load for load, _ in loads]
    return LoadFigures(
        name=name,
        practitioners=len(allocations),
        at_or_over=sum(load >= threshold for load, threshold in loads),
        mean=mean_of(sum(allocations), len(allocations)),
        median=one_decimal(statistics.median(allocations)) if allocations else None,
        max=max(allocations, default=None),
        newly_qualified=newly_qualified,
    )


@dataclass(frozen=True)
class Band:
    """A band of loads in a service's distribution: ``low`` to ``high`` (None: or more)."""

    low: int
    high: int | None
    practitioners: int
    at_or_over: bool

    @property
    def label(self) -> str:
        if self.high is None:
            return f"{self.low} or more"
        return str(self.low) if self.low == self.high else f"{self.low} to {self.high}"


def band_limits(threshold: int) -> list[int]:
    """Lower limits of the distribution's bands: a quarter of the threshold wide, so the
    threshold starts a band; three bands below it and three from it (the last open)."""
    width = max(1, threshold // 4)
    return sorted({0, *(threshold + k * width for k in range(-3, 3) if threshold + k * width > 0)})


def distribution(loads: Iterable[int], *, threshold: int) -> tuple[Band, ...]:
    limits = band_limits(threshold)
    counts = [0] * len(limits)
    for load in loads:
        counts[max(i for i, low in enumerate(limits) if load >= low)] += 1
    highs = [low - 1 for low in limits[1:]] + [None]
    return tuple(
        Band(low=low, high=high, practitioners=count, at_or_over=low >= threshold)
        for low, high, count in zip(limits, highs, counts, strict=True)
    )


@dataclass(frozen=True)
class ServiceDistribution:
    code: str
    name: str
    threshold: int
    figures: LoadFigures
    bands: tuple[Band, ...]


@dataclass(frozen=True)
class PractitionerLoad:
    staff_id: str
    name: str  # empty where the reader may not see it
    team: str
    service: str
    qualifying_status: str
    newly_qualified: bool
    allocations: int
    threshold: int


@dataclass(frozen=True)
class TrendPoint:
    month: date
    practitioners: int
    mean: Decimal | None
    at_or_over: int


@dataclass(frozen=True)
class CaseloadReport:
    """Everything the caseload report of a month shows, on the page and in the pack."""

    month: date
    overall: LoadFigures
    aggregates_only: bool
    at_or_over: tuple[PractitionerLoad, ...]  # empty when aggregates only; heaviest first
    by_team: tuple[LoadFigures, ...]
    by_status: tuple[LoadFigures, ...]
    by_service: tuple[ServiceDistribution, ...]
    trend: tuple[TrendPoint, ...]

    @property
    def names_shown(self) -> bool:
        """Whether any listed practitioner's name is shown (the list then has a name column)."""
        return any(row.name for row in self.at_or_over)

    @property
    def names_withheld(self) -> bool:
        """Whether some listed names are shown and others not (the page then says why)."""
        return self.names_shown and not all(row.name for row in self.at_or_over)

    def as_json(self) -> dict:
        """The figures as ``caseload_report --format json`` prints them."""
        return {
            "month": month_text(self.month),
            **self.overall.as_json(),
            "by_team": {row.name: row.as_json() for row in self.by_team},
            "by_status": {row.name: row.as_json() for row in self.by_status},
        }


# --- The report ---------------------------------------------------------------------------


def _grouped(rows, key) -> dict:
    groups = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    return groups


def _loads(rows) -> list[tuple[int, int]]:
    return [(row.allocations, row.threshold) for row in rows]


def _by_team(rows) -> tuple[LoadFigures, ...]:
    groups = _grouped(rows, lambda row: (row.team.service.code, row.team.name))
    return tuple(load_figures(name, _loads(groups[(code, name)])) for code, name in sorted(groups))


def _by_status(rows) -> tuple[LoadFigures, ...]:
    groups = _grouped(rows, lambda row: row.qualifying_status)
    ordered = sorted(groups, key=lambda status: (status.position, status.name))
    return tuple(
        load_figures(status.name, _loads(groups[status]), newly_qualified=status.newly_qualified)
        for status in ordered
    )


def _by_service(rows) -> tuple[ServiceDistribution, ...]:
    groups = _grouped(rows, lambda row: row.team.service)
    return tuple(
        ServiceDistribution(
            code=service.code,
            name=service.name,
            threshold=service.threshold,
            figures=load_figures(service.code, _loads(groups[service])),
            bands=distribution(
                (row.allocations for row in groups[service]), threshold=service.threshold
            ),
        )
        for service in sorted(groups, key=lambda service: service.code)
    )


def _at_or_over(rows) -> tuple[PractitionerLoad, ...]:
    heavy = sorted(
        (row for row in rows if row.at_or_over),
        key=lambda row: (-row.allocations, row.practitioner.staff_id),
    )
    return tuple(
        PractitionerLoad(
            staff_id=row.practitioner.staff_id,
            name=row.shown_name,
            team=row.team.name,
            service=row.team.service.code,
            qualifying_status=row.qualifying_status.name,
            newly_qualified=row.qualifying_status.newly_qualified,
            allocations=row.allocations,
            threshold=row.threshold,
        )
        for row in heavy
    )


def trend(*, month: date, caseloads: CaseloadQuerySet) -> tuple[TrendPoint, ...]:
    """Practitioners, mean load and how many at or over threshold in the 12 months to ``month``,
    from ``caseloads`` (a month the reader may not read is a gap, like one without data)."""
    months = months_ending(month, TREND_MONTHS)
    figures = {
        row["month"]: row
        for row in caseloads.filter(month__range=(months[0], months[-1]))
        .order_by()
        .values("month")
        .annotate(
            practitioners=Count("pk"),
            total=Sum("allocations"),
            at_or_over=Count("pk", filter=Q(allocations__gte=F("team__service__threshold"))),
        )
    }
    empty = {"practitioners": 0, "total": 0, "at_or_over": 0}
    points = []
    for m in months:
        row = figures.get(m, empty)
        mean = mean_of(row["total"], row["practitioners"])
        points.append(TrendPoint(m, row["practitioners"], mean, row["at_or_over"]))
    return tuple(points)


def build_report(*, month: date, rule: IdentityRule, caseloads: CaseloadQuerySet) -> CaseloadReport:
    """The report of ``month`` from the rows of ``caseloads``, names as ``rule`` allows."""
    rows = list(caseloads.with_load().filter(month=month).annotate(shown_name=rule.shown_name()))
    return CaseloadReport(
        month=month,
        overall=load_figures("All practitioners", _loads(rows)),
        aggregates_only=rule.aggregates_only,
        at_or_over=() if rule.aggregates_only else _at_or_over(rows),
        by_team=_by_team(rows),
        by_status=_by_status(rows),
        by_service=_by_service(rows),
        trend=trend(month=month, caseloads=caseloads),
    )


def caseload_report(*, month: date, user_may_see_names: bool) -> CaseloadReport:
    """The report of ``month`` for the pack and the command: staff identifiers, and names
    only when ``user_may_see_names`` (the pack and the scrutiny panel never do)."""
    return build_report(
        month=month,
        rule=IdentityRule(user_may_see_names=user_may_see_names),
        caseloads=Caseload.objects.all(),
    )


def report_for(*, month: date, user) -> CaseloadReport:
    """The report of ``month`` as ``user`` may read it: names as :func:`identity_rule` allows,
    figures and trend from the months ``Caseload.objects.restrict(user, "report")`` allows."""
    return build_report(
        month=month,
        rule=identity_rule(user),
        caseloads=Caseload.objects.restrict(user, "report"),
    )
