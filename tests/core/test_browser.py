"""Each role signs in through a real browser, lands on its page, and the page passes axe."""

import pytest

from core import roles
from tests.accessibility import blocking_violations
from tests.conftest import BROWSER_TEST

pytestmark = BROWSER_TEST


@pytest.mark.parametrize("role", roles.ROLES)
def test_each_role_lands_on_an_accessible_home_page(sign_in_page, role):
    page = sign_in_page(role)
    page.wait_for_url("**/")
    assert page.get_by_role("heading", level=1).inner_text() == "Your home page"
    assert page.locator(".govuk-caption-l").inner_text() == role
    assert blocking_violations(page) == []


def test_login_page_is_accessible(page):
    page.goto("/login/")
    assert page.get_by_role("heading", level=1).inner_text() == "Sign in"
    assert blocking_violations(page) == []
