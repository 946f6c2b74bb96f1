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


# The README's pictures of the demo as it runs (make demo: its "today" in October 2016): the
# viewer's home page, with the published September 2016 pack, and an owner's worklist.
PICTURES = [
    ("viewer", "/", "The latest published pack", "home-viewer.png"),
    ("owner", "/returns/to-submit/", "Values passed to you to check", "worklist-to-submit.png"),
]


@pytest.mark.parametrize(("username", "path", "shown", "filename"), PICTURES)
def test_the_viewers_home_page_and_a_worklist_fit_1280_px_on_the_demo(
    page, demo, settings, username, path, shown, filename
):
    from datetime import date

    from packs import services
    from packs.models import Pack

    settings.PORTAL_TODAY = "2016-10-10"
    if username == "viewer":
        built = services.request_build(month=date(2016, 9, 1)).pack
        services.publish(pack=Pack.objects.get(pk=built.pk), user=None)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")
    page.goto(path)
    assert shown in page.locator("main").inner_text()
    assert "This is the demo" in page.locator("body").inner_text()
    # Nothing wider than the page, no table wider than the main column.
    widths = page.evaluate(
        """() => ({page: document.documentElement.scrollWidth,
                  main: document.querySelector("main").getBoundingClientRect().right,
                  tables: [...document.querySelectorAll("main table")]
                    .map(table => table.getBoundingClientRect().right)})"""
    )
    assert widths["page"] <= 1280
    assert all(right <= widths["main"] + 1 for right in widths["tables"]), widths
    assert blocking_violations(page) == []
    if folder := os.environ.get("SCREENSHOTS"):
        page.screenshot(path=str(Path(folder) / filename), full_page=True)
