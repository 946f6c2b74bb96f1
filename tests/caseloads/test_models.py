"""Invariants of the caseload models, and what a fresh database holds."""

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction

from caseloads.models import Caseload, QualifyingStatus, Service, Team, name_key
from core import roles
from tests.caseloads.conftest import OCTOBER

pytestmark = pytest.mark.django_db


def test_a_fresh_database_has_the_usual_services_and_thresholds():
    assert dict(Service.objects.values_list("code", "threshold")) == {
        "SWF": 20,
        "BIT": 20,
        "CWD": 20,
        "YJS": 12,
        "YPS": 12,
    }


def test_newly_qualified_statuses():
    names = set(
        QualifyingStatus.objects.filter(newly_qualified=True).values_list("name", flat=True)
    )
    assert names == {"NQSW", "ASYE"}
    assert {"SW", "Senior practitioner", "Family engagement worker"} <= set(
        QualifyingStatus.objects.values_list("name", flat=True)
    )


@pytest.mark.parametrize(
    ("role", "granted"),
    [
        (roles.PERFORMANCE_TEAM, {"import_caseload", "view_practitioner_name", "change_service"}),
        (roles.OWNER, {"report_caseload", "view_caseload"}),
        (roles.VIEWER, {"report_caseload"}),
    ],
)
def test_roles_are_granted_the_caseload_permissions(role, granted):
    codenames = set(
        Group.objects.get(name=role)
        .permissions.filter(content_type__app_label="caseloads")
        .values_list("codename", flat=True)
    )
    assert granted <= codenames
    if role != roles.PERFORMANCE_TEAM:
        assert codenames == granted


def test_one_caseload_per_practitioner_and_month(snapshot):
    snapshot([("P1", "YJS", "SW", 3)])
    with pytest.raises(IntegrityError), transaction.atomic():
        snapshot([("P1", "YJS", "SW", 4)])


def test_a_month_is_its_first_day(snapshot):
    with pytest.raises(IntegrityError), transaction.atomic():
        snapshot([("P1", "YJS", "SW", 3)], month=OCTOBER.replace(day=2))


def test_team_names_are_unique_whatever_their_case(team):
    team("SWF East 1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Team.objects.create(name="swf east 1", service=Service.objects.get(code="SWF"))


def test_team_clean_collapses_spaces():
    team = Team(name="  BIT   East 1 ")
    team.clean()
    assert team.name == "BIT East 1"
    assert name_key("BIT  east\t1") == name_key("bit East 1")


def test_str(snapshot):
    snapshot([("P1", "YJS", "SW", 3)])
    assert str(Caseload.objects.get()) == "P1, October 2026: 3"
