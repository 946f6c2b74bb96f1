"""In a real browser: each form's error summary links move focus to their field, and the
error state passes axe (WCAG 2.2 AA)."""

from datetime import date

import pytest

from audits.models import Audit, AuditCycle, ServiceArea
from core import roles
from tests.accessibility import blocking_violations
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser


def _links_move_focus(page) -> list[str]:
    """Click each summary link and say where focus went: the ids it missed (empty if none)."""
    summary = page.locator(".govuk-error-summary a")
    assert summary.count() > 0, "the page shows an error summary"
    missed = []
    for index in range(summary.count()):
        link = summary.nth(index)
        target = link.get_attribute("href").lstrip("#")
        link.click()
        focused = page.evaluate("document.activeElement && document.activeElement.id")
        if focused != target:
            missed.append(f"{link.inner_text()} -> #{target}, focus on #{focused}")
    return missed


@pytest.mark.django_db(transaction=True)
def test_sign_in_errors(page):
    page.goto("/login/")
    page.get_by_role("button", name="Sign in").click()
    assert page.title().startswith("Error: ")
    assert _links_move_focus(page) == []
    assert blocking_violations(page) == []


@pytest.mark.django_db(transaction=True)
def test_open_a_month_with_an_impossible_date(sign_in_page):
    page = sign_in_page(roles.PERFORMANCE_TEAM)
    page.goto("/returns/periods/open/")
    due = page.get_by_role("group", name="Due date")
    due.get_by_label("Day").fill("31")
    due.get_by_label("Month").fill("2")
    due.get_by_label("Year").fill("2024")
    page.get_by_role("button", name="Open the month").click()
    assert "Due date must be a real date" in page.locator(".govuk-error-summary").inner_text()
    assert _links_move_focus(page) == []
    assert blocking_violations(page) == []


@pytest.mark.django_db(transaction=True)
def test_upload_without_a_file(sign_in_page):
    page = sign_in_page(roles.PERFORMANCE_TEAM)
    page.goto("/indicators/import/")
    page.get_by_role("button", name="Upload and preview").click()
    assert page.title().startswith("Error: ")
    assert _links_move_focus(page) == []
    assert blocking_violations(page) == []


@pytest.mark.django_db(transaction=True)
def test_record_an_audit_completed_without_answers(page, make_user):
    auditor = make_user(first_name="Grace", last_name="Okafor")
    cycle = AuditCycle.objects.create(month=date(2024, 3, 1))
    audit = Audit.objects.create(
        cycle=cycle,
        service_area=ServiceArea.objects.get(short_name="SWF"),
        case_reference="CD123456",
        auditor=auditor,
    )
    page.goto("/login/")
    page.get_by_label("Username").fill(auditor.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")
    page.goto(f"/audits/{audit.pk}/record/")
    page.get_by_label("Completed", exact=True).check()
    page.get_by_label("Day").fill("30")
    page.get_by_label("Month", exact=True).fill("13")
    page.get_by_label("Year").fill("2024")
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Completed date must be a real date" in summary
    assert "month must be in" not in summary
    assert _links_move_focus(page) == []
    assert blocking_violations(page) == []
