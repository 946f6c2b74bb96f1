"""Roles are groups made by a data migration; access follows permissions, not names."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from core import roles

pytestmark = pytest.mark.django_db


def test_every_role_exists_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ROLES)


def test_only_the_performance_team_may_use_the_admin():
    holders = Group.objects.filter(
        permissions__codename="use_admin", permissions__content_type__app_label="core"
    )
    assert list(holders.values_list("name", flat=True)) == [roles.PERFORMANCE_TEAM]


def test_primary_role_follows_precedence(make_user):
    user = make_user(roles.REPORTER)
    assert roles.primary_role(user) == roles.REPORTER
    user.groups.add(Group.objects.get(name=roles.OWNER))
    assert roles.primary_role(user) == roles.OWNER


def test_primary_role_of_anonymous_superuser_and_roleless(make_user):
    assert roles.primary_role(AnonymousUser()) is None
    assert roles.primary_role(make_user(None)) is None
    assert roles.primary_role(make_user(None, is_superuser=True)) == roles.PERFORMANCE_TEAM


@pytest.mark.parametrize("role", roles.ROLES)
def test_admin_is_for_the_performance_team_only(client_as, role):
    response = client_as(role, is_staff=True).get("/admin/")
    if role == roles.PERFORMANCE_TEAM:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_grant_and_revoke_are_inverse():
    from django.apps import apps

    group = Group.objects.get(name=roles.VIEWER)
    roles.grant(apps, {roles.VIEWER: ["core.use_admin"]})
    assert group.permissions.filter(codename="use_admin").exists()
    roles.revoke(apps, {roles.VIEWER: ["core.use_admin"]})
    assert not group.permissions.filter(codename="use_admin").exists()


@pytest.mark.parametrize(
    "path",
    [
        "/admin/indicators/population/add/",
        "/admin/indicators/arearule/add/",
        "/admin/caseloads/teamservicerule/add/",
    ],
)
def test_the_performance_team_keeps_the_reference_lists_in_the_admin(client_as, path):
    assert client_as(roles.PERFORMANCE_TEAM).get(path).status_code == 200
