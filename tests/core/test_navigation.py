"""The menus: each role is offered only what it can open and use (``core.navigation``)."""

from pathlib import Path

import pytest
from django.conf import settings

from core import navigation, roles
from core.navigation import menu_for
from tests.security.test_permission_matrix import ANONYMOUS, NO_ROLE, ROLES, world

pytestmark = pytest.mark.django_db
__all__ = ["world"]  # the permission matrix's users, one per role, and one of every object


@pytest.mark.parametrize("role", [role for role in ROLES if role not in (ANONYMOUS, NO_ROLE)])
def test_every_menu_link_of_every_role_opens_for_that_role(client, world, role):
    user = world["users"][role]
    client.force_login(user)
    menu = menu_for(user)
    assert menu
    refused = {
        item["label"]: status
        for item in menu
        if (status := client.get(item["url"]).status_code) != 200
    }
    assert refused == {}


def test_a_user_without_a_role_is_offered_nothing(world):
    """Menus offer what a role can open (issue 26): an auditor given no role still reaches
    "My audits" from its address, but is offered it only in the practice manager's role."""
    assert menu_for(world["users"][NO_ROLE]) == []


@pytest.mark.parametrize(
    ("role", "offered", "not_offered"),
    [
        (roles.VIEWER, {"Performance packs", "Caseloads"}, {"My audits", "Indicators"}),
        (roles.PRACTICE_MANAGER, {"My audits", "Caseloads", "Audit analysis"}, {"Audits"}),
        (roles.QA_UNIT, {"My audits", "Audits"}, {"Caseloads"}),
        (roles.PERFORMANCE_TEAM, {"Import dataset", "Month overview"}, {"My audits"}),
    ],
)
def test_each_role_is_offered_its_own_pages(make_user, role, offered, not_offered):
    labels = {item["label"] for item in menu_for(make_user(role))}
    assert offered <= labels and not labels & not_offered


def test_import_dataset_is_in_the_header_for_those_who_may_import(make_user):
    header = {
        item["label"] for item in menu_for(make_user(roles.PERFORMANCE_TEAM)) if item["in_header"]
    }
    assert "Import dataset" in header


def test_every_app_offers_its_own_entries_and_core_names_none_of_theirs():
    """The bottom layer knows no app's pages: their entries live in ``<app>/menus.py``."""
    source = Path(navigation.__file__).read_text()
    others = [app for app in settings.PORTAL_APPS if app != "core"]
    assert [app for app in others if f'"{app}:' in source or f'"{app}.' in source] == []
    assert {
        item.url_name.split(":")[0] for item in navigation.offered() if ":" in item.url_name
    } >= {
        "returns",
        "indicators",
        "dataset_import",
        "audits",
        "caseloads",
        "packs",
        "quality",
        "api",
    }
