"""The menus: each role is offered only what it can open and use (``core.navigation``)."""

import pytest

from core.navigation import menu_for
from tests.security.test_permission_matrix import ANONYMOUS, ROLES, world

pytestmark = pytest.mark.django_db
__all__ = ["world"]  # the permission matrix's users, one per role, and one of every object


@pytest.mark.parametrize("role", [role for role in ROLES if role != ANONYMOUS])
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
