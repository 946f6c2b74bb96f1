"""A month's return in a real browser: entered, passed, returned, fixed, submitted, accepted,
locked - each person signing in through the login form."""

import re

from playwright.sync_api import expect

from core import roles
from core.models import PeriodStatus, ReportingPeriod
from indicators.models import MonthlyValue, ValueState
from tests.accessibility import blocking_violations
from tests.conftest import BROWSER_TEST, TEST_PASSWORD
from tests.returns.conftest import make_indicators, open_month

pytestmark = BROWSER_TEST


def sign_in(page, user) -> None:
    page.goto("/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login/")


def success(page) -> str:
    return page.locator(".govuk-notification-banner--success").inner_text()


def test_a_months_return_goes_round_and_is_locked(page, make_user):
    reporter = make_user(roles.REPORTER, first_name="Catherine", last_name="Parkin")
    owner = make_user(roles.OWNER, first_name="Jane", last_name="White")
    team = make_user(roles.PERFORMANCE_TEAM, first_name="Priya", last_name="Shah")
    make_indicators(1, reporter=reporter, owner=owner, prefix="M")
    open_month(team)

    # The reporter enters the value and commentary and passes it on.
    sign_in(page, reporter)
    page.get_by_role("link", name="My month").first.click()
    page.get_by_role("link", name="M000").click()
    assert blocking_violations(page) == []  # the value form
    page.get_by_label("Value for September 2016").fill("1480")
    page.get_by_label("Commentary").fill("Contacts rose.")
    page.get_by_role("button", name="Save and pass to the owner").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "M000 saved and passed to the owner."
    )
    sign_out(page)

    # The owner returns it with a reason.
    sign_in(page, owner)
    page.get_by_role("link", name="To submit").first.click()
    page.get_by_role("link", name="M000").click()
    page.get_by_role("link", name="Return to the reporter").click()
    assert blocking_violations(page) == []  # the reason form
    page.get_by_label("Why are you returning it?").fill("Say why contacts rose.")
    page.get_by_role("button", name="Return to the reporter").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Returned to the reporter: M000."
    )
    sign_out(page)

    # The reporter sees why, fixes the commentary and passes it again.
    sign_in(page, reporter)
    page.get_by_role("link", name="My month").first.click()
    expect(page.get_by_text("Reason: Say why contacts rose.")).to_be_visible()
    page.get_by_role("link", name="M000").click()
    expect(page.get_by_role("region", name="Returned")).to_contain_text("Say why contacts rose.")
    page.get_by_label("Commentary").fill("Contacts rose with the new school term.")
    page.get_by_role("button", name="Save and pass to the owner").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    sign_out(page)

    # The owner submits it from the list.
    sign_in(page, owner)
    page.get_by_role("link", name="To submit").first.click()
    page.get_by_label("Select M000").check()
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Submitted: M000.")
    sign_out(page)

    # The performance team accepts it and locks the month.
    sign_in(page, team)
    page.get_by_role("link", name="Month overview").first.click()
    page.get_by_role("link", name="Accept or return the submitted values").click()
    page.get_by_label("Select M000").check()
    page.get_by_role("button", name="Accept", exact=True).click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Accepted: M000.")
    assert blocking_violations(page) == []
    page.get_by_role("link", name="Month overview").first.click()
    assert blocking_violations(page) == []  # progress and what is missing
    page.get_by_role("button", name="Lock September 2016").click()
    # The point of no return asks first, saying what is still provisional or missing.
    expect(page.get_by_role("heading", level=1)).to_have_text("Lock September 2016?")
    assert blocking_violations(page) == []
    page.get_by_role("button", name="Yes, lock September 2016").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "September 2016 is locked."
    )

    stored = MonthlyValue.objects.get()
    assert (stored.value, stored.state) == (1480, ValueState.ACCEPTED)
    assert stored.commentary == "Contacts rose with the new school term."
    assert ReportingPeriod.objects.get().status == PeriodStatus.LOCKED
    assert stored.history.count() == 8  # opened, two saves, five steps

    # The reporter's worklist, locked, passes axe.
    sign_out(page)
    sign_in(page, reporter)
    page.get_by_role("link", name="My month").first.click()
    expect(page.get_by_text(re.compile("September 2016 is locked"))).to_be_visible()
    assert blocking_violations(page) == []
