"""The caseload report in a real browser: it renders its charts and passes axe."""

import pytest

from core import roles
from tests.accessibility import blocking_violations
from tests.caseloads.conftest import many_rows
from tests.conftest import BROWSER_TEST

pytestmark = BROWSER_TEST


@pytest.mark.parametrize("role", [roles.PERFORMANCE_TEAM, roles.VIEWER])
def test_caseload_report_is_accessible(sign_in_page, snapshot, published, role):
    snapshot(many_rows(40))
    published()  # the scrutiny panel reads a month once its return is published
    page = sign_in_page(role)
    page.wait_for_url("**/")
    page.get_by_role("link", name="Caseloads", exact=True).first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Caseload report: October 2026"
    assert page.locator("figure svg").count() == 5  # SWF, BIT and YJS, and two trends
    assert page.get_by_role("table", name="Allocations by team").is_visible()
    assert blocking_violations(page) == []


def test_caseloads_list_is_accessible(sign_in_page, snapshot):
    snapshot(many_rows(12))
    page = sign_in_page(roles.OWNER)
    page.goto("/caseloads/practitioners/?at_or_over=true")
    assert page.get_by_role("heading", level=1).inner_text() == "Caseloads by practitioner"
    assert blocking_violations(page) == []
