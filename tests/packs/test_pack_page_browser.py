"""The web pack in a real browser: it fits a 1280 px screen with nothing scrolled sideways,
reads on a 375 px phone as a card per indicator, and axe finds no violation on it."""

from core import roles
from indicators.models import Indicator
from packs import services
from packs.models import Pack
from tests.accessibility import blocking_violations
from tests.conftest import BROWSER_TEST
from tests.packs.conftest import MONTH

pytestmark = BROWSER_TEST

# Every element that scrolls sideways (a scroll region wider than its box), and the page
# itself when it is wider than the window.
SIDEWAYS = """() => {
  const found = [];
  for (const element of document.querySelectorAll("body *")) {
    const overflow = getComputedStyle(element).overflowX;
    if (["auto", "scroll"].includes(overflow) && element.scrollWidth > element.clientWidth + 1) {
      const name = element.getAttribute("aria-label") || element.id || element.className;
      found.push(`${element.tagName.toLowerCase()} ${name}`);
    }
  }
  if (document.documentElement.scrollWidth > window.innerWidth) {
    found.push(`the page: ${document.documentElement.scrollWidth} px wide`);
  }
  return found;
}"""


def line_of(page, ref: str):
    """The row group of indicator ``ref`` in the pack's dataset tables."""
    return page.locator(f"#indicator-{Indicator.objects.get(ref=ref).pk}")


def test_pack_fits_1280_px_without_sideways_scrolling_and_has_no_axe_violation(
    sign_in_page, built_pack
):
    page = sign_in_page(roles.PERFORMANCE_TEAM)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(built_pack.get_absolute_url())
    assert page.locator("#pack-narrative-text").inner_text() == "Contacts rose with the new term."
    assert page.locator(".app-pack-chart svg").count() == 3  # a chart per indicator
    # Only the dense tables (13 months and the computed columns) scroll sideways, each in
    # its own named region a keyboard reaches; the page itself does not.
    regions = page.locator(".app-pack-scroll[role=region][tabindex='0'][aria-labelledby]")
    assert regions.count() == 2
    assert set(page.evaluate(SIDEWAYS)) <= {"div app-table-wrapper app-pack-scroll app-wide-data"}
    # The month, the change with its judgement in words and the RAG in words are on screen.
    row = line_of(page, "CP1").locator("tr").first
    assert row.locator("td").nth(1).is_visible()
    assert row.locator("td[data-label='Sep 15']").is_visible()  # 13 months as numbers
    for text in ("80 (p)", "+60.0%", "Negative", "Red"):
        assert text in row.inner_text()
    assert blocking_violations(page) == []


def test_pack_reads_on_a_phone_as_a_card_per_indicator(sign_in_page, built_pack):
    page = sign_in_page(roles.VIEWER)
    services.publish(pack=built_pack, user=None)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(built_pack.get_absolute_url())
    # The page never scrolls sideways; the audit and caseload reports' wide tables scroll
    # within their own named regions, as data tables may.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    card = line_of(page, "M3")
    figure = card.locator("td[data-label='Sep 16']")
    assert figure.evaluate("cell => getComputedStyle(cell).display") != "table-cell"  # a card
    label = figure.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert label == '"Sep 16"' and figure.inner_text() == "28% (p)"  # a labelled figure
    assert blocking_violations(page) == []


def test_a_viewers_home_page_is_the_published_packs_summary_without_axe_violation(
    sign_in_page, built_pack
):
    services.publish(pack=built_pack, user=None)
    page = sign_in_page(roles.VIEWER)
    page.wait_for_url("**/")
    summary = page.locator("#latest-pack")
    assert "The latest published pack: September 2016" in summary.inner_text()
    assert "Contacts rose with the new term." in summary.inner_text()
    region = page.get_by_role("region", name="RAG by area")
    assert region.get_by_role("row", name="Child Protection 1 0 0 0").count() == 1
    assert blocking_violations(page) == []
    summary.get_by_role("link", name="The September 2016 pack on screen").click()
    assert page.locator("#pack-narrative-text").inner_text() == "Contacts rose with the new term."


def test_withdrawing_asks_why_its_error_state_passes_axe_and_the_viewer_loses_the_pack(
    sign_in_page, built_pack
):
    services.publish(pack=built_pack, user=None)
    page = sign_in_page(roles.PERFORMANCE_TEAM)
    page.goto(built_pack.get_absolute_url())
    page.get_by_role("link", name="Withdraw this version").click()
    page.get_by_role("button", name="Yes, withdraw September 2016, version 1").click()
    assert page.title().startswith("Error: ")
    page.locator(".govuk-error-summary a").click()  # the summary's link goes to the box
    assert page.evaluate("document.activeElement.id") == "id_reason"
    assert blocking_violations(page) == []
    page.get_by_label("Why are you withdrawing it?").fill("The CP1 figure was for August.")
    page.get_by_role("button", name="Yes, withdraw September 2016, version 1").click()
    assert "readers no longer see it" in page.locator("main").inner_text()
    assert "The CP1 figure was for August." in page.locator("#pack-trail").inner_text()
    assert blocking_violations(page) == []
    assert not Pack.objects.get(pk=built_pack.pk).is_published


def test_the_narrative_forms_errors_link_to_their_boxes_and_pass_axe(sign_in_page, small_month):
    page = sign_in_page(roles.PERFORMANCE_TEAM)
    page.goto(f"/packs/{MONTH:%Y-%m}/narrative/")
    areas = page.get_by_role("group", name="A paragraph on each area (optional)")
    areas.get_by_label("Child Protection").fill("x" * 1501)
    page.get_by_role("button", name="Save").click()
    assert page.title().startswith("Error: ")
    links = page.locator(".govuk-error-summary a")
    assert links.count() == 2
    for index in range(2):
        link = links.nth(index)
        link.click()
        assert page.evaluate("document.activeElement.id") == link.get_attribute("href")[1:]
    assert blocking_violations(page) == []
