"""Roles are groups whose permissions are declared once (``<app>/roles.py``) and synced after
every migrate; access follows permissions, not names."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission

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


def _held() -> dict[str, frozenset[str]]:
    return {
        group.name: frozenset(
            f"{permission.content_type.app_label}.{permission.codename}"
            for permission in group.permissions.select_related("content_type")
        )
        for group in Group.objects.filter(name__in=roles.ROLES)
    }


def test_after_migrate_each_role_holds_exactly_its_declared_permissions():
    declared = roles.declared_permissions()
    assert set(declared) == set(roles.ROLES)
    assert _held() == declared


def test_every_role_declares_something_and_no_app_declares_an_unknown_role():
    declared = roles.declared_permissions()
    assert all(declared[role] for role in roles.ROLES)


def test_the_sync_undoes_a_grant_or_revocation_made_outside_the_declaration():
    from django.apps import apps

    viewer = Group.objects.get(name=roles.VIEWER)
    viewer.permissions.add(Permission.objects.get(codename="use_admin"))
    viewer.permissions.remove(Permission.objects.get(codename="view_published_pack"))
    Group.objects.get(name=roles.PRACTICE_MANAGER).delete()

    roles.sync_roles(apps=apps, verbosity=0)

    assert _held() == roles.declared_permissions()


def test_the_sync_names_a_declared_permission_that_does_not_exist(monkeypatch):
    import io

    from django.apps import apps

    declared = roles.declared_permissions()
    monkeypatch.setattr(
        roles,
        "declared_permissions",
        lambda: declared | {roles.VIEWER: declared[roles.VIEWER] | {"packs.no_such_thing"}},
    )
    out = io.StringIO()
    roles.sync_roles(apps=apps, stdout=out)
    assert "Role Viewer: no such permission yet, skipped: packs.no_such_thing" in out.getvalue()
    assert _held()[roles.VIEWER] == declared[roles.VIEWER]


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


@pytest.mark.django_db(transaction=True)
def test_a_flush_gives_the_roles_back(serialized_database):
    """``flush`` (as after a transactional test) empties the groups and signals post_migrate
    without a migration state: the sync puts every role back from the live registry."""
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    assert _held() == roles.declared_permissions()
