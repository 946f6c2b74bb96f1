"""The data-quality pages and the API token page in a real browser, checked with axe."""

import pytest

from core import roles
from quality import checks
from tests.accessibility import blocking_violations
from tests.conftest import BROWSER_TEST
from tests.indicators.factories import make_indicator
from tests.quality.conftest import make_rule, with_history

pytestmark = BROWSER_TEST


@pytest.fixture
def flagged_month(db):
    contacts, referrals = make_indicator("M1"), make_indicator("M2")
    make_rule(referrals, contacts, severity=checks.ERROR)
    with_history(contacts, "100")
    with_history(referrals, "101")


def test_adding_a_rule_and_reading_the_month(sign_in_page, flagged_month):
    page = sign_in_page(roles.PERFORMANCE_TEAM)
    page.goto("/quality/rules/new/")
    assert blocking_violations(page) == []
    page.get_by_label("Indicator", exact=True).select_option(label="M2 - Indicator M2")
    page.get_by_label("Operator").select_option(label="is within N % of")
    page.get_by_label("Compared with the indicator").select_option(label="M1 - Indicator M1")
    page.get_by_label("Message").fill("Referrals and contacts agree")
    page.get_by_role("button", name="Add the rule").click()
    assert "There is a problem" in page.content()  # within needs its N
    assert blocking_violations(page) == []
    page.get_by_label("N (%)").fill("5")
    page.get_by_role("button", name="Add the rule").click()
    page.wait_for_url("**/quality/rules/")
    assert page.get_by_role("link", name="M2 within 5 % of M1").is_visible()

    page.goto("/quality/?month=2016-09")
    assert page.get_by_role("heading", level=1).inner_text() == "Data quality: September 2016"
    assert page.get_by_text("M2 should be at most M1, but M2 is 101 and M1 is 100.").count() == 2
    assert blocking_violations(page) == []
    page.get_by_role("link", name="Completeness of September 2016").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Completeness: September 2016"
    assert page.locator("figure svg").count() == 1
    assert blocking_violations(page) == []


def test_getting_an_api_token(sign_in_page):
    page = sign_in_page(roles.VIEWER)
    page.goto("/api/token/")
    assert blocking_violations(page) == []
    page.get_by_role("button", name="Create my token").click()
    token = page.locator("code.app-token").inner_text()
    assert len(token) == 40 and blocking_violations(page) == []
    page.goto("/api/docs/")
    page.wait_for_selector(".swagger-ui .opblock")  # drawn by the portal's own static files
    assert page.locator(".opblock-summary-path").count() == 8
