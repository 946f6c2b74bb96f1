"""The records pages in a real browser, as a records analyst: every page and the upload's
error state pass axe (WCAG 2.2 AA, every impact)."""

import pytest
from django.contrib.auth.models import Group

from core import roles
from records import figures, services
from records.models import CountedIndicator
from tests.accessibility import violations
from tests.conftest import BROWSER_TEST
from tests.indicators.factories import make_indicator
from tests.records.files import CONTACTS, annex_a
from tests.records.test_local_definitions import police_contacts

pytestmark = BROWSER_TEST


@pytest.fixture
def analyst_page(page, make_user):
    from tests.conftest import TEST_PASSWORD

    user = make_user(roles.PERFORMANCE_TEAM)
    user.groups.add(Group.objects.get(name="Records analyst"))
    page.goto("/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")
    return page


def test_records_pages_are_accessible(analyst_page, tmp_path):
    page = analyst_page
    CountedIndicator.objects.create(indicator=make_indicator("M1"), definition="contacts")
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(
        annex_a(
            **{"List 1 - Contacts": [CONTACTS[0], ["AB1", "", "", "", "", "32/01/2016", "", ""]]}
        )
    )
    good = tmp_path / "annex-a.xlsx"
    good.write_bytes(annex_a())
    found = []

    page.get_by_role("link", name="Child-level records").first.click()
    page.get_by_role("button", name="Upload and check").click()  # no file
    assert page.locator(".govuk-error-summary").is_visible()
    found += violations(page)
    page.get_by_label("Annex A lists").set_input_files(str(bad))
    page.get_by_role("button", name="Upload and check").click()
    assert "1 error: nothing was stored" in page.locator(".govuk-error-summary").inner_text()
    found += violations(page)
    page.get_by_label("Annex A lists").set_input_files(str(good))
    page.get_by_role("button", name="Upload and check").click()
    page.get_by_role("button", name="Confirm and store the records").click()
    assert page.locator("#upload-state").inner_text() == "Stored"
    found += violations(page)
    page.get_by_role("link", name="List 1: contacts").click()
    found += violations(page)
    page.go_back()
    page.get_by_role("link", name="Figures counted from these records").click()
    found += violations(page)
    page.get_by_role("link", name="Records behind M1, September 2016").click()
    assert "contact on 01/09/2016" in page.locator("#trace-records").inner_text()
    found += violations(page)
    assert found == []


def test_the_recount_page_is_accessible(analyst_page, admin_user):
    page = analyst_page
    intake = services.check_files([("a.xlsx", annex_a())])
    upload = services.store_upload(intake=intake, filename="a.xlsx", data=b"x", user=admin_user)
    services.confirm_upload(upload=upload, user=admin_user)
    mapping = CountedIndicator.objects.create(indicator=make_indicator("M1"), definition="contacts")
    figures.apply_counts(upload=upload, user=admin_user)
    mapping.definition = "referrals"  # an analyst maps it to another definition
    mapping.save()
    found = []

    page.goto("/records/")
    found += violations(page)
    page.get_by_role("link", name="Recount them").click()
    found += violations(page)
    page.get_by_role("button", name="Recount and store").click()  # no reason
    assert "Give the reason" in page.locator(".govuk-error-summary").inner_text()
    found += violations(page)
    page.get_by_label("Why are these figures recounted?").fill("M1 counts referrals now")
    page.get_by_role("button", name="Recount and store").click()
    assert page.locator("#recount-none").is_visible()
    found += violations(page)
    assert found == []


def test_the_definitions_page_is_accessible(analyst_page, admin_user):
    services.save_local_definition(definition=police_contacts(), user=admin_user)
    page = analyst_page
    page.get_by_role("link", name="Definitions of counted figures").first.click()
    assert page.locator("#definition-young_police_health_contacts").is_visible()
    assert violations(page) == []
