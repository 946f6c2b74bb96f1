"""Writes: allocating many audits at once, saving a recorded audit, publishing a cycle."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audits import services
from audits.models import Audit, AuditCycle, Grade, Status

pytestmark = pytest.mark.django_db


def test_allocate_creates_the_cycle_and_one_audit_per_case(make_user, area):
    qa, auditor = make_user(), make_user()
    audits = services.allocate_audits(
        month=date(2024, 5, 17),
        service_area=area("BIT"),
        auditor=auditor,
        case_references=["CD000001", "CD000002"],
        user=qa,
    )
    cycle = AuditCycle.objects.get()
    assert cycle.month == date(2024, 5, 1)
    assert sorted(a.case_reference for a in cycle.audits.all()) == ["CD000001", "CD000002"]
    assert {(a.auditor, a.recorded_by, a.status) for a in audits} == {
        (auditor, qa, Status.ALLOCATED)
    }


@pytest.mark.parametrize(
    ("first", "second", "named"),
    [
        (["CD000001"], ["CD000002", "CD000001"], "CD000001"),  # already in the cycle
        ([], ["CD000003", "CD000003"], "CD000003"),  # named twice in one allocation
    ],
)
def test_allocate_refuses_a_case_twice_in_a_cycle_and_saves_nothing(
    make_user, area, first, second, named
):
    qa, auditor = make_user(), make_user()
    allocate = {"service_area": area("BIT"), "auditor": auditor, "user": qa}
    services.allocate_audits(month=date(2024, 5, 1), case_references=first, **allocate)
    before = Audit.objects.count()
    with pytest.raises(services.AllocationRefused, match=f"May 2024: {named}"):
        services.allocate_audits(month=date(2024, 5, 1), case_references=second, **allocate)
    assert Audit.objects.count() == before


def test_save_audit_records_who_and_dates_a_completed_audit(make_audit, make_user):
    audit = make_audit()
    before = audit.updated_at
    audit.status, audit.grade = Status.COMPLETED, Grade.GOOD
    services.save_audit(audit=audit, user=audit.auditor)
    audit.refresh_from_db()
    assert audit.recorded_by == audit.auditor
    assert audit.completed_on == timezone.localdate()
    assert audit.updated_at > before


def test_save_audit_refuses_a_completed_audit_without_grade(make_audit):
    audit = make_audit()
    audit.status = Status.COMPLETED
    with pytest.raises(ValidationError):
        services.save_audit(audit=audit, user=audit.auditor)
    assert Audit.objects.get().status == Status.ALLOCATED


def test_publish_and_withdraw(cycle, make_user):
    qa = make_user()
    services.publish_cycle(cycle=cycle, user=qa)
    cycle.refresh_from_db()
    assert cycle.is_published and cycle.published_by == qa
    services.unpublish_cycle(cycle=cycle)
    cycle.refresh_from_db()
    assert not cycle.is_published and cycle.published_by is None
