"""Reads of the audits app: the monthly audit analysis report and the lists' querysets.

The report is one dataclass that the page, the ``audit_report`` command and the monthly
pack all render, so the figures are computed once, in a fixed number of queries.
Every share is a percentage of *completed* audits, except the completion rate, which is a
percentage of the audits allocated.
"""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from audits.models import (
    FOCUS_5,
    GOOD_OR_BETTER,
    Answer,
    Audit,
    AuditCycle,
    Grade,
    ServiceArea,
    Status,
)
from core.numbers import round_half_up, share

TREND_CYCLES = 12
OVERALL = "All service areas"


def _shown(value: Decimal | None) -> float | None:
    """A share as JSON shows it: a number rounded half up to one decimal place."""
    return None if value is None else float(round_half_up(value, places=1))


@dataclass(frozen=True)
class Focus5Item:
    """Answers to one Focus-5 question; compliance leaves out "not applicable"."""

    field: str
    question: str
    yes: int
    no: int
    not_applicable: int

    @property
    def compliance(self) -> Decimal | None:
        return share(self.yes, self.yes + self.no)


@dataclass(frozen=True)
class AreaFigures:
    """The figures of one service area, or of all of them (``short_name`` is then empty)."""

    name: str
    short_name: str
    allocated: int
    completed: int
    not_completed: int
    discussed: int
    grades: dict[str, int]  # by Grade value, in Grade order
    focus_5: list[Focus5Item]

    @property
    def still_allocated(self) -> int:
        return self.allocated - self.completed - self.not_completed

    @property
    def completion_rate(self) -> Decimal | None:
        return share(self.completed, self.allocated)

    @property
    def grade_shares(self) -> dict[str, Decimal | None]:
        return {grade: share(count, self.completed) for grade, count in self.grades.items()}

    @property
    def grade_rows(self) -> list[tuple[str, int, Decimal | None]]:
        """(label, count, share) per grade, for tables."""
        return [
            (Grade(grade).label, count, share(count, self.completed))
            for grade, count in self.grades.items()
        ]

    @property
    def good_or_better_share(self) -> Decimal | None:
        return share(sum(self.grades[grade] for grade in GOOD_OR_BETTER), self.completed)

    @property
    def discussion_share(self) -> Decimal | None:
        return share(self.discussed, self.completed)

    def as_dict(self) -> dict[str, Any]:
        """The keys of ``audit_report --format json``; shares rounded to one decimal place."""
        return {
            "allocated": self.allocated,
            "completed": self.completed,
            "not_completed": self.not_completed,
            "completion_rate": _shown(self.completion_rate),
            "grades": dict(self.grades),
            "grade_shares": {g: _shown(s) for g, s in self.grade_shares.items()},
            "good_or_better_share": _shown(self.good_or_better_share),
            "discussion_share": _shown(self.discussion_share),
            "focus_5_compliance": {i.field: _shown(i.compliance) for i in self.focus_5},
        }


@dataclass(frozen=True)
class TrendPoint:
    """The grade shares of one earlier (or the reported) cycle."""

    month: date
    completed: int
    grades: dict[str, int]

    @property
    def label(self) -> str:
        return self.month.strftime("%b %Y")

    @property
    def grade_shares(self) -> dict[str, Decimal | None]:
        return {grade: share(count, self.completed) for grade, count in self.grades.items()}

    @property
    def good_or_better_share(self) -> Decimal | None:
        return share(sum(self.grades[grade] for grade in GOOD_OR_BETTER), self.completed)


@dataclass(frozen=True)
class Points:
    """The good-practice and improvement points written in one service area's audits."""

    service_area: str
    good_practice: list[str]
    improvement: list[str]


@dataclass(frozen=True)
class AuditReport:
    """Everything the monthly audit analysis shows, for the page, the command and the pack."""

    cycle: AuditCycle
    overall: AreaFigures
    by_service_area: list[AreaFigures]
    trend: list[TrendPoint]
    points: list[Points]

    def as_dict(self) -> dict[str, Any]:
        return {
            "month": self.cycle.key,
            "theme": self.cycle.theme,
            "published": self.cycle.is_published,
            **self.overall.as_dict(),
            "by_service_area": {area.short_name: area.as_dict() for area in self.by_service_area},
            "trend": [
                {
                    "month": point.month.strftime("%Y-%m"),
                    "completed": point.completed,
                    "grade_shares": {g: _shown(s) for g, s in point.grade_shares.items()},
                    "good_or_better_share": _shown(point.good_or_better_share),
                }
                for point in self.trend
            ],
        }


def _completed(**lookups: Any) -> Count:
    return Count("id", filter=Q(status=Status.COMPLETED, **lookups))


COUNTS = {
    "allocated": Count("id"),
    "completed": _completed(),
    "not_completed": Count("id", filter=Q(status=Status.NOT_COMPLETED)),
    "discussed": _completed(practitioner_discussion=True),
    **{f"grade:{grade}": _completed(grade=grade) for grade in Grade.values},
    **{
        f"{field}:{answer}": _completed(**{field: answer})
        for field in FOCUS_5
        for answer in Answer.values
    },
}


def area_figures(*, name: str, short_name: str, counts: Mapping[str, int]) -> AreaFigures:
    """The figures from the ``COUNTS`` of some audits (zero where a key is missing)."""
    return AreaFigures(
        name=name,
        short_name=short_name,
        allocated=counts.get("allocated", 0),
        completed=counts.get("completed", 0),
        not_completed=counts.get("not_completed", 0),
        discussed=counts.get("discussed", 0),
        grades={grade: counts.get(f"grade:{grade}", 0) for grade in Grade.values},
        focus_5=[
            Focus5Item(
                field=field,
                question=question,
                yes=counts.get(f"{field}:{Answer.YES}", 0),
                no=counts.get(f"{field}:{Answer.NO}", 0),
                not_applicable=counts.get(f"{field}:{Answer.NOT_APPLICABLE}", 0),
            )
            for field, question in FOCUS_5.items()
        ],
    )


def _counts_by_area(cycle: AuditCycle) -> dict[int, dict[str, int]]:
    rows = Audit.objects.filter(cycle=cycle).values("service_area_id").annotate(**COUNTS)
    return {row.pop("service_area_id"): row for row in rows.order_by()}


def _report_areas(cycle: AuditCycle) -> QuerySet[ServiceArea]:
    """Active service areas, and inactive ones that still have audits in the cycle."""
    return ServiceArea.objects.filter(Q(active=True) | Q(audits__cycle=cycle)).distinct()


def _trend(cycle: AuditCycle, cycles: QuerySet[AuditCycle]) -> list[TrendPoint]:
    """Grades of ``cycle`` and the cycles of ``cycles`` before it (at most TREND_CYCLES)."""
    months = list(
        cycles.filter(month__lte=cycle.month)
        .order_by("-month")
        .values_list("month", flat=True)[:TREND_CYCLES]
    )
    rows = (
        Audit.objects.filter(cycle__month__in=months, status=Status.COMPLETED)
        .values_list("cycle__month", "grade")
        .annotate(count=Count("id"))
        .order_by()
    )
    counts = {(month, grade): count for month, grade, count in rows}
    points = []
    for month in reversed(months):
        grades = {grade: counts.get((month, grade), 0) for grade in Grade.values}
        points.append(TrendPoint(month=month, completed=sum(grades.values()), grades=grades))
    return points


def _points(cycle: AuditCycle) -> list[Points]:
    rows = (
        Audit.objects.filter(cycle=cycle, status=Status.COMPLETED)
        .exclude(good_practice="", improvement="")
        .order_by("service_area__short_name", "completed_on", "id")
        .values_list("service_area__short_name", "good_practice", "improvement")
    )
    grouped: dict[str, Points] = {}
    for area, good_practice, improvement in rows:
        points = grouped.setdefault(area, Points(area, [], []))
        if good_practice.strip():
            points.good_practice.append(good_practice.strip())
        if improvement.strip():
            points.improvement.append(improvement.strip())
    return list(grouped.values())


def audit_report(*, cycle: AuditCycle, cycles: QuerySet[AuditCycle] | None = None) -> AuditReport:
    """The monthly audit analysis of ``cycle`` (five queries, whatever the number of audits),
    its trend over ``cycles`` (every cycle unless given: the command line and the pack)."""
    counts = _counts_by_area(cycle)
    by_area = [
        area_figures(name=area.name, short_name=area.short_name, counts=counts.get(area.pk, {}))
        for area in _report_areas(cycle)
    ]
    total: Counter = Counter()
    for area_counts in counts.values():
        total.update(area_counts)
    return AuditReport(
        cycle=cycle,
        overall=area_figures(name=OVERALL, short_name="", counts=total),
        by_service_area=by_area,
        trend=_trend(cycle, AuditCycle.objects.all() if cycles is None else cycles),
        points=_points(cycle),
    )


def report_for(*, cycle: AuditCycle, user) -> AuditReport:
    """The analysis of ``cycle`` as ``user`` may read it, on the page and through the API: its
    trend from the cycles ``AuditCycle.objects.restrict(user, "report")`` allows, so the
    scrutiny panel never sees the grades of a cycle not yet published."""
    return audit_report(cycle=cycle, cycles=AuditCycle.objects.restrict(user, "report"))


def cycles_with_counts(queryset: QuerySet[AuditCycle]) -> QuerySet[AuditCycle]:
    """Cycles annotated with how many audits were allocated and completed, for the list."""
    return queryset.annotate(
        allocated=Count("audits"),
        completed=Count("audits", filter=Q(audits__status=Status.COMPLETED)),
    ).order_by("-month")


@dataclass(frozen=True)
class MyAudits:
    """What an auditor has on their desk: the audits allocated to them, in one query."""

    to_record: int
    completed: int
    not_completed: int


def my_audits(*, user) -> MyAudits:
    """Counts of the audits allocated to ``user`` by status, for their home page."""
    counts = Audit.objects.allocated_to(user).aggregate(
        to_record=Count("pk", filter=Q(status=Status.ALLOCATED)),
        completed=Count("pk", filter=Q(status=Status.COMPLETED)),
        not_completed=Count("pk", filter=Q(status=Status.NOT_COMPLETED)),
    )
    return MyAudits(**counts)
