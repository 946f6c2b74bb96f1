"""Fixtures of the audits tests: cycles and audits built by hand."""

from collections.abc import Callable
from datetime import date

import pytest

from audits.models import Audit, AuditCycle, ServiceArea, Status


@pytest.fixture
def cycle(db) -> AuditCycle:
    return AuditCycle.objects.create(month=date(2024, 3, 1), theme="Reunifications")


@pytest.fixture
def area(db) -> Callable[[str], ServiceArea]:
    """A service area of the data migration, by short name."""
    return lambda short_name: ServiceArea.objects.get(short_name=short_name)


@pytest.fixture
def make_audit(make_user, cycle, area) -> Callable[..., Audit]:
    """An audit in ``cycle`` (SWF, allocated to one auditor of the test unless told otherwise)."""
    counter = iter(range(1, 1_000_000))
    auditors = []

    def make(**fields) -> Audit:
        fields.setdefault("cycle", cycle)
        fields["service_area"] = area(fields.pop("service_area", "SWF"))
        if "auditor" not in fields:
            auditors[:] = auditors or [make_user(username="auditor")]
            fields["auditor"] = auditors[0]
        fields.setdefault("case_reference", f"CD{next(counter):06d}")
        if fields.get("status") == Status.COMPLETED:
            fields.setdefault("grade", "good")
        return Audit.objects.create(**fields)

    return make
