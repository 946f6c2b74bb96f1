"""The rules one audit holds on its own: case reference format and grade by status."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from audits.models import (
    Audit,
    AuditCycle,
    ServiceArea,
    Status,
    normalise_case_reference,
    outcome_errors,
    validate_case_reference,
)
from core import roles

SERVICE_AREAS = {
    "Adoption": "Adoption",
    "BIT": "Brief Intervention Team",
    "SWF": "Social Work with Families",
    "C&FF": "Children and Families First",
    "CWD": "Children with Disabilities",
    "Fostering": "Fostering",
    "ICAS": "ICAS",
    "PTC": "Pathways Through Care",
    "YPS": "Young People's Service",
}


@pytest.mark.django_db
def test_a_fresh_database_has_the_nine_service_areas_active():
    areas = {area.short_name: area for area in ServiceArea.objects.all()}
    assert {short: area.name for short, area in areas.items()} == SERVICE_AREAS
    assert all(area.active for area in areas.values())


@pytest.mark.parametrize("reference", ["CD123456", "AB000001"])
def test_case_reference_in_the_format_is_accepted(reference):
    validate_case_reference(reference)


@pytest.mark.parametrize("text", ["Jane Smith", "jane", "O'Brien", "SMITH", "CD123456 Jane Smith"])
def test_a_name_is_refused_saying_why(text):
    with pytest.raises(ValidationError) as error:
        validate_case_reference(text)
    assert error.value.code == "name_like"
    assert "looks like a person's name" in error.value.messages[0]


@pytest.mark.parametrize("text", ["CD12345", "C1234567", "CD1234567", "12345678", ""])
def test_a_wrong_format_is_refused(text):
    with pytest.raises(ValidationError) as error:
        validate_case_reference(text)
    assert error.value.code == "invalid"


def test_the_pattern_is_a_setting(settings):
    settings.AUDIT_CASE_REFERENCE_PATTERN = r"^\d{7}$"
    validate_case_reference("1234567")
    with pytest.raises(ValidationError):
        validate_case_reference("CD123456")


def test_normalise_upper_cases_only_when_that_makes_it_valid():
    assert normalise_case_reference(" cd123456 ") == "CD123456"
    assert normalise_case_reference("jane") == "jane"


@pytest.mark.parametrize(
    ("status", "grade", "field"),
    [
        (Status.COMPLETED, "", "grade"),
        (Status.NOT_COMPLETED, "good", "grade"),
    ],
)
def test_outcome_errors(status, grade, field):
    assert field in outcome_errors(status=status, grade=grade)


@pytest.mark.parametrize(
    ("status", "grade"),
    [
        (Status.COMPLETED, "good"),
        (Status.NOT_COMPLETED, ""),
        (Status.ALLOCATED, ""),
        (Status.ALLOCATED, "good"),  # a draft keeps the grade chosen so far
    ],
)
def test_outcomes_allowed(status, grade):
    assert outcome_errors(status=status, grade=grade) == {}


@pytest.mark.django_db
def test_full_clean_names_the_grade_field(make_audit):
    audit = make_audit()
    audit.status = Status.COMPLETED
    with pytest.raises(ValidationError) as error:
        audit.full_clean()
    assert error.value.message_dict["grade"] == ["A completed audit needs a grade."]


@pytest.mark.django_db
def test_the_database_refuses_a_completed_audit_without_grade(make_audit):
    audit = make_audit()
    with pytest.raises(IntegrityError):
        Audit.objects.filter(pk=audit.pk).update(status=Status.COMPLETED, grade="")


@pytest.mark.django_db
def test_the_database_refuses_a_grade_on_a_not_completed_audit(make_audit):
    audit = make_audit()
    with pytest.raises(IntegrityError):
        Audit.objects.filter(pk=audit.pk).update(status=Status.NOT_COMPLETED, grade="good")


@pytest.mark.django_db
def test_a_case_is_allocated_once_per_cycle(make_audit):
    make_audit(case_reference="CD111111")
    with pytest.raises(IntegrityError):
        make_audit(case_reference="CD111111")


@pytest.mark.django_db
def test_a_cycle_month_is_its_first_day():
    with pytest.raises(IntegrityError):
        AuditCycle.objects.create(month=date(2024, 3, 2))


@pytest.mark.django_db
def test_viewers_see_only_published_cycles_for_the_report(make_user):
    published = AuditCycle.objects.create(month=date(2024, 1, 1), published_at="2024-02-01T10:00Z")
    draft = AuditCycle.objects.create(month=date(2024, 2, 1))
    viewer, owner = make_user(roles.VIEWER), make_user(roles.OWNER)
    assert list(AuditCycle.objects.restrict(viewer, "report")) == [published]
    assert set(AuditCycle.objects.restrict(owner, "report")) == {published, draft}
    assert not AuditCycle.objects.restrict(make_user(), "report").exists()


@pytest.mark.django_db
def test_an_auditor_sees_and_changes_only_their_own_audits(make_audit, make_user):
    mine = make_audit()
    make_audit(auditor=make_user())
    assert list(Audit.objects.restrict(mine.auditor, "view")) == [mine]
    assert list(Audit.objects.restrict(mine.auditor, "change")) == [mine]
    assert not Audit.objects.restrict(mine.auditor, "delete").exists()
    assert Audit.objects.restrict(make_user(roles.QA_UNIT), "delete").count() == 2
