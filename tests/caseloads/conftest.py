"""Hand-built caseload snapshots for the caseload tests."""

from collections.abc import Callable, Iterable
from datetime import date

import pytest

from caseloads.models import Caseload, Practitioner, QualifyingStatus, Service, Team
from core.models import PeriodStatus, ReportingPeriod

OCTOBER = date(2026, 10, 1)


@pytest.fixture
def team(db) -> Callable[[str], Team]:
    """The team called ``name``, created in the service named by its first word if missing."""

    def get(name: str) -> Team:
        existing = Team.objects.filter(name=name).first()
        return existing or Team.objects.create(
            name=name, service=Service.objects.get(code=name.split()[0])
        )

    return get


@pytest.fixture
def snapshot(team) -> Callable:
    """Create caseloads of ``month`` from (staff id, team, status, allocations) rows."""

    def make(rows: Iterable[tuple[str, str, str, int]], *, month: date = OCTOBER) -> None:
        statuses = {status.name: status for status in QualifyingStatus.objects.all()}
        for staff_id, team_name, status, allocations in rows:
            practitioner, _ = Practitioner.objects.get_or_create(
                staff_id=staff_id, defaults={"display_name": f"Name of {staff_id}"}
            )
            Caseload.objects.create(
                month=month,
                practitioner=practitioner,
                team=team(team_name),
                qualifying_status=statuses[status],
                allocations=allocations,
            )

    return make


@pytest.fixture
def published(db) -> Callable[[date], ReportingPeriod]:
    """Publish the return of ``month``: from then on the scrutiny panel reads its caseloads."""

    def publish(month: date = OCTOBER) -> ReportingPeriod:
        return ReportingPeriod.objects.create(
            month=month, due_date=month, status=PeriodStatus.PUBLISHED
        )

    return publish


def many_rows(count: int) -> list[tuple[str, str, str, int]]:
    """``count`` practitioners spread over teams and statuses, some over threshold."""
    teams = ["SWF East 1", "SWF West 2", "BIT Central 1", "YJS"]
    statuses = ["SW", "NQSW", "ASYE", "Senior practitioner"]
    return [(f"P{n:05}", teams[n % 4], statuses[n % 3], 8 + n % 17) for n in range(count)]
