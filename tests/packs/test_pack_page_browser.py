"""The web pack in a real browser: it fits a 1280 px screen with nothing scrolled sideways,
reads on a 375 px phone as a card per indicator, and axe finds no violation on it."""

from core import roles
from indicators.models import Indicator
from packs import services
from tests.accessibility import blocking_violations
from tests.conftest import BROWSER_TEST

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
    assert page.evaluate(SIDEWAYS) == []
    # The month, the change with its judgement in words and the RAG in words are on screen.
    row = line_of(page, "CP1").locator("tr").first
    assert row.locator("td").nth(1).is_visible()
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
