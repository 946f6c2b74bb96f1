"""In a real browser, on the demo data: each role's home page at a glance passes axe, and
(with ``SCREENSHOTS=docs``) is photographed for the README."""

import os
from pathlib import Path

import pytest

from tests.accessibility import blocking_violations
from tests.conftest import BROWSER_TEST, TEST_PASSWORD

pytestmark = BROWSER_TEST

# The demo's users and the home page each has: (username, what the page must show, file).
HOMES = [
    ("performance", "at a glance", "dashboard-performance-team.png"),
    ("owner", "Your indicators", "dashboard-owner.png"),
    ("reporter", "Your indicators", "dashboard-reporter.png"),
]


@pytest.mark.parametrize(("username", "shown", "filename"), HOMES)
def test_home_pages_at_a_glance_on_the_demo(page, demo, username, shown, filename):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")
    assert shown in page.locator("main").inner_text()
    assert blocking_violations(page) == []
    if folder := os.environ.get("SCREENSHOTS"):
        page.screenshot(path=str(Path(folder) / filename), full_page=True)
