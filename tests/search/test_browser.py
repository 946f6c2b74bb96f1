"""The header's search box by keyboard alone, in a real browser: reached by Tab after the menu,
searched with Enter, a result opened with Enter; the results page passes axe and reflows."""

from datetime import date

import pytest

from core import roles
from indicators.models import ValueState
from tests.accessibility import violations
from tests.conftest import BROWSER_TEST
from tests.indicators.factories import add_values, make_indicator

pytestmark = BROWSER_TEST

MOST_TABS = 40  # the skip link, the logo, a performance team's menu: well under this


def _tab_to(page, element_id: str) -> list[str]:
    """Press Tab until ``element_id`` has the focus; what was focused on the way."""
    passed = []
    for _ in range(MOST_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.id || document.activeElement.textContent")
        if focused == element_id:
            return passed
        passed.append(focused.strip())
    pytest.fail(f"Tab never reached #{element_id}; it went through {passed}")


@pytest.mark.parametrize("role", [roles.PERFORMANCE_TEAM, roles.VIEWER])
def test_search_by_keyboard_from_the_header_to_a_result(sign_in_page, role):
    indicator = make_indicator("M1", title="Number of contacts received")
    add_values(indicator, {date(2016, 8, 1): "10"}, state=ValueState.ACCEPTED)
    if role == roles.VIEWER:  # a viewer reads the indicators of published months
        from core.models import PeriodStatus, ReportingPeriod

        month = date(2016, 8, 1)
        ReportingPeriod.objects.create(month=month, due_date=month, status=PeriodStatus.PUBLISHED)
    page = sign_in_page(role)
    page.wait_for_url("**/")
    passed = _tab_to(page, "site-search")
    assert passed[0] == "Skip to main content" and "KPI portal" in passed[1]
    page.keyboard.type("contacts")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=contacts")
    assert page.get_by_role("heading", level=1).inner_text() == "Search results for “contacts”"
    assert page.get_by_role("status").inner_text().startswith("Found 1 indicator")
    result = page.get_by_role("link", name="M1: Number of contacts received")
    result.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/indicators/{indicator.pk}/")


def test_the_search_button_is_reached_by_tab_and_searches(sign_in_page):
    page = sign_in_page(roles.VIEWER)
    page.wait_for_url("**/")
    _tab_to(page, "site-search")
    page.keyboard.type("September 2016")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Search"
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=September+2016")
    assert "Nothing you may open matches" in page.get_by_role("status").inner_text()


def test_the_results_page_passes_axe_and_reflows_at_320_px(sign_in_page):
    make_indicator("M1", title="Number of contacts received")
    page = sign_in_page(roles.PERFORMANCE_TEAM)
    page.goto("/search/?q=m1")
    assert violations(page) == []
    page.goto("/search/?q=" + "x" * 101)  # the error state
    assert violations(page) == []
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/search/?q=m1")
    sideways = page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
    assert not sideways
    box, button = page.locator("#site-search"), page.locator(".app-header-search button")
    assert box.is_visible() and button.is_visible()
