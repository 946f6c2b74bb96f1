"""In a real browser: an auditor records an audit, and the QA unit sees it in the report."""

import re
from datetime import date

import pytest

from audits.models import Audit, AuditCycle, ServiceArea, Status
from core import roles
from tests.accessibility import blocking_violations
from tests.conftest import BROWSER_TEST, TEST_PASSWORD

pytestmark = BROWSER_TEST


@pytest.fixture
def allocated(make_user):
    auditor = make_user(first_name="Grace", last_name="Okafor")
    cycle = AuditCycle.objects.create(month=date(2024, 3, 1), theme="Reunifications")
    audit = Audit.objects.create(
        cycle=cycle,
        service_area=ServiceArea.objects.get(short_name="SWF"),
        case_reference="CD123456",
        auditor=auditor,
    )
    return audit


def sign_in(page, user) -> None:
    page.goto("/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")


def test_an_auditor_records_an_audit_and_the_qa_unit_sees_it_in_the_report(
    page, allocated, sign_in_page
):
    """The auditor has no role: "My audits" is how they reach their allocation."""
    sign_in(page, allocated.auditor)
    page.goto("/audits/mine/")
    assert blocking_violations(page) == []
    page.get_by_role("link", name="CD123456").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Record audit CD123456"
    assert blocking_violations(page) == []

    # Completing without answers shows the error summary, accessibly.
    page.get_by_label("Completed", exact=True).check()
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    assert "A completed audit needs a grade." in summary.inner_text()
    assert page.title().startswith("Error: ")
    assert blocking_violations(page) == []

    page.get_by_label("Good", exact=True).check()
    page.get_by_role("group", name="Did you discuss the case with the practitioner?").get_by_label(
        "Yes"
    ).check()
    answers = {
        "Chronology present and in date": "Yes",
        "Case summary present and in date": "No",
        "Cultural genogram": "Not applicable",
        "Supervision in timescale": "Yes",
        "Visit in timescale": "Yes",
    }
    for question, answer in answers.items():
        page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()
    page.get_by_label("Areas of good practice").fill("The child's voice is clear.")
    page.get_by_label("Areas for improvement").fill("Update the case summary.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/audits/mine/")
    assert "Audit CD123456 saved." in page.locator(".govuk-notification-banner").inner_text()
    allocated.refresh_from_db()
    assert allocated.status == Status.COMPLETED

    page.context.clear_cookies()
    qa_page = sign_in_page(roles.QA_UNIT)
    qa_page.wait_for_url("**/")
    qa_page.get_by_role("link", name="Audit analysis").first.click()
    qa_page.get_by_role("link", name="March 2024").click()
    assert qa_page.get_by_role("heading", level=1).inner_text() == "Audit analysis, March 2024"
    area_row = qa_page.locator("#audits-by-area tr", has_text="SWF")
    assert re.sub(r"\s+", " ", area_row.inner_text()).split() == [
        "SWF", "1", "1", "0", "100.0%", "100.0%", "100.0%",
    ]  # fmt: skip
    assert "The child's voice is clear." in qa_page.locator(".app-audit-report").inner_text()
    assert "no completed audits" in qa_page.locator("#grades-by-area").inner_text()
    assert blocking_violations(qa_page) == []


def test_the_qa_unit_allocates_through_the_form(sign_in_page, make_user):
    make_user(username="pmreid", first_name="Fiona", last_name="Reid")
    page = sign_in_page(roles.QA_UNIT)
    page.goto("/audits/allocate/")
    assert blocking_violations(page) == []
    page.get_by_label("Month of the audit cycle").fill("2024-05")
    page.get_by_label("Service area").select_option(label="BIT")
    page.get_by_label("Auditor").select_option(label="Fiona Reid (pmreid)")
    page.get_by_label("Case references").fill("CD000001\nJane Smith")
    page.get_by_role("button", name="Allocate").click()
    assert "looks like a person's name" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("Case references").fill("CD000001\nCD000002")
    page.get_by_role("button", name="Allocate").click()
    page.wait_for_url("**/audits/")
    assert "2 audits allocated to Fiona Reid in May 2024." in page.content()
    assert blocking_violations(page) == []
