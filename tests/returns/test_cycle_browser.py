"""Issue 26 in a real browser: the month goes round with each page's next step as its
primary button, bulk steps confirmed with their counts by keyboard, one count of the month
on every page, and the pack built and published before the next month is opened."""

import re
from datetime import date

from playwright.sync_api import expect

from core import roles
from core.models import PeriodStatus, ReportingPeriod
from indicators.models import Indicator, MonthlyValue, ValueState
from tests.accessibility import violations
from tests.conftest import BROWSER_TEST
from tests.returns.conftest import SEPTEMBER, make_indicators, open_month, value_of
from tests.returns.test_browser import sign_in, sign_out

pytestmark = BROWSER_TEST
MAIN = {"include": [["main"]]}  # the page's own content: the header is swept elsewhere


def primary(page):
    """The next-step group's primary button (a button or a link styled as one)."""
    return page.locator(
        "#next-step .govuk-button:not(.govuk-button--secondary):not(.govuk-button--warning)"
    )


def press_by_keyboard(page, name: str) -> None:
    """Reach a button with the keyboard and press it with Enter."""
    page.get_by_role("button", name=name).focus()
    page.keyboard.press("Enter")


def _month(reporter, owner, team) -> None:
    """Three drafts with figures, one blank without a reason, and an ended measure's draft."""
    indicators = make_indicators(4, reporter=reporter, owner=owner, prefix="K")
    (ended,) = make_indicators(1, reporter=reporter, owner=owner, prefix="E")
    Indicator.objects.filter(pk=ended.pk).update(active_to=date(2016, 7, 1))
    open_month(team)
    MonthlyValue.objects.create(indicator=ended, month=SEPTEMBER)
    for indicator in indicators[:3]:
        MonthlyValue.objects.filter(pk=value_of(indicator).pk).update(value=5, commentary="Why")


def test_the_cycle_goes_round_with_counts_and_next_steps(page, make_user):
    reporter = make_user(roles.REPORTER, first_name="Catherine", last_name="Parkin")
    owner = make_user(roles.OWNER, first_name="Jane", last_name="White")
    team = make_user(roles.PERFORMANCE_TEAM, first_name="Priya", last_name="Shah")
    _month(reporter, owner, team)
    page.set_default_timeout(45_000)  # the whole cycle, the pack built in the request too

    # The reporter passes every draft: the page asks first, with counts, and names the blank.
    sign_in(page, reporter)
    page.goto("/returns/my-month/")
    press_by_keyboard(page, re.compile(r"Pass all the drafts to the owner \(5\)"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Pass to the owner: 3 values?")
    # The blank goes on only with its reason; so does the ended measure's stray draft.
    expect(page.locator("#step-refused")).to_contain_text("K003, September 2016 has no value")
    expect(page.locator("#step-refused")).to_contain_text("E000, September 2016 has no value")
    assert violations(page, context=MAIN) == []
    press_by_keyboard(page, "Yes, pass to the owner: 3 values")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Passed to the owner: K000, K001, K002."
    )
    assert MonthlyValue.objects.filter(state=ValueState.WITH_OWNER).count() == 3
    sign_out(page)

    # The owner submits them all, after the same question.
    sign_in(page, owner)
    page.goto("/returns/to-submit/")
    press_by_keyboard(page, re.compile(r"Submit them all \(3\)"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Submit: 3 values?")
    press_by_keyboard(page, "Yes, submit: 3 values")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Submitted")
    sign_out(page)

    # The team: the overview's primary button is the next step, and every page counts alike.
    sign_in(page, team)
    expect(page.locator("#glance-accepted")).to_have_text("0 of 4")  # the ended one is not
    page.goto("/returns/overview/")
    expect(primary(page)).to_have_text("Accept or return the submitted values (3)")
    expect(page.locator("#month-count")).to_contain_text("0 of 4 values expected are accepted")
    page.goto("/returns/overview/values/?state=submitted")
    press_by_keyboard(page, re.compile(r"Accept all the submitted values \(3\)"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Accept: 3 values?")
    press_by_keyboard(page, "Yes, accept: 3 values")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Accepted")
    page.goto("/returns/overview/")
    expect(page.locator("#month-count")).to_contain_text("3 of 4 values expected are accepted")
    expect(primary(page)).to_have_text("Lock September 2016")
    primary(page).click()
    expect(page.get_by_text("Accepted so far: 3 of 4 values of September 2016.")).to_be_visible()
    page.get_by_role("button", name="Yes, lock September 2016").click()
    expect(primary(page)).to_have_text("Publish September 2016")
    primary(page).click()
    page.get_by_role("button", name="Yes, publish September 2016").click()
    expect(primary(page)).to_have_text("Build the pack")
    expect(page.get_by_role("button", name="Open October 2016")).to_be_visible()

    # Building without a worker runs in the request: the button says so while it waits.
    primary(page).click()
    expect(page.locator("#build-time")).to_be_visible()
    form = page.locator("form[data-build-form]")
    # Pressed, with the answer held back (as it is while the build runs in the request):
    # the button says it is building, the status beside it how long to expect.
    form.evaluate(
        "form => { form.addEventListener('submit', e => e.preventDefault()); "
        "form.requestSubmit(); }"
    )
    expect(form.get_by_role("button")).to_have_text("Building…")
    expect(form.locator("[data-build-status]")).to_contain_text("Building the pack")
    assert violations(page, context=MAIN) == []
    form.evaluate("form => form.submit()")  # the build itself, run in the request
    expect(primary(page)).to_have_text("Publish the pack", timeout=60_000)
    # the blank, not accepted: one of the four expected
    expect(page.locator("#pack-build")).to_contain_text(re.compile(r"Provisional values\s*1\b"))
    primary(page).click()
    expect(page.get_by_text("Accepted so far: 3 of 4 values of September 2016")).to_be_visible()
    page.get_by_role("button", name=re.compile("Yes, publish")).click()
    expect(primary(page)).to_have_text("Open October 2016")
    primary(page).click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "October 2016 is open for returns"
    )
    assert ReportingPeriod.objects.get(month=date(2016, 10, 1)).status == PeriodStatus.OPEN
