"""The web pack reflows (WCAG 1.4.10 and 1.4.4): at 320 CSS px wide, and with text at 200% on a
1280 px screen, nothing needs scrolling in two directions except data tables, each inside a
named scroll region a keyboard can reach; SHA-256 checksums wrap."""

import pytest

from core import roles
from packs import services
from tests.conftest import BROWSER_TEST

pytestmark = BROWSER_TEST

# How the page lays out: its width against the window's, what reaches past the window's right
# edge outside any scroll region, and each scroll region that scrolls without being a named
# region (role, name, tabindex="0") that a keyboard can reach and a screen reader announce.
LAYOUT = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = element => ["auto", "scroll"].includes(getComputedStyle(element).overflowX);
  // Inside a scroll region, or clipped (a visually hidden table head, as a table reads in
  // cards at narrow widths): it widens nothing. The page itself aside.
  const clips = element => ["hidden", "clip"].includes(getComputedStyle(element).overflowX);
  const inScroller = element => {
    for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
      if (scrolls(up) || clips(up)) return true;
    }
    return false;
  };
  const describe = element =>
    `${element.tagName.toLowerCase()}#${element.id}.${[...element.classList].join(".")}`;
  const named = element => {
    const label = element.getAttribute("aria-label")
      || (element.getAttribute("aria-labelledby") || "").split(" ")
        .map(id => document.getElementById(id)?.textContent || "").join(" ");
    return label.trim() !== "";
  };
  const past = [], unnamed = [];
  for (const element of document.querySelectorAll("body *")) {
    const box = element.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 1 && !inScroller(element)) {
      past.push(`${describe(element)} reaches ${Math.round(box.right)} px`);
    }
    if (scrolls(element) && element.scrollWidth > element.clientWidth + 1
        && !(element.getAttribute("role") === "region" && named(element)
             && element.getAttribute("tabindex") === "0")) {
      unnamed.push(describe(element));
    }
  }
  const regions = [...document.querySelectorAll("[role=region]")]
    .filter(region => region.scrollWidth > region.clientWidth + 1).length;
  return {
    pageWidth: document.documentElement.scrollWidth, width, past, unnamed, regions,
    checksums: [...document.querySelectorAll(".app-checksum")]
      .map(code => Math.round(code.getBoundingClientRect().right)),
  };
}"""


def layout_of(page) -> dict:
    layout = page.evaluate(LAYOUT)
    assert layout["checksums"], "the pack's files are listed with their checksums"
    return layout


def problems(layout: dict) -> list[str]:
    """What needs scrolling in two directions, in words (empty if nothing)."""
    width = layout["width"]
    found = [f"{element} past the window" for element in layout["past"]]
    found += [f"{element} scrolls but is not a named region" for element in layout["unnamed"]]
    found += [f"a checksum reaches {right} px" for right in layout["checksums"] if right > width]
    if layout["pageWidth"] > width:
        found.append(f"the page is {layout['pageWidth']} px wide in a {width} px window")
    return found


@pytest.mark.parametrize("role", [roles.PERFORMANCE_TEAM, roles.VIEWER])
def test_the_pack_reflows_at_320_px(sign_in_page, built_pack, role):
    services.publish(pack=built_pack, user=None)  # for the viewer to read it
    page = sign_in_page(role)
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(built_pack.get_absolute_url())
    layout = layout_of(page)
    assert layout["width"] == 320
    assert problems(layout) == []
    # The audit and caseload tables no longer scroll at this width: each row reads as a card
    # of labelled cells (issue 26's reflow, assets/scss/portal.scss).
    cards = page.evaluate(
        """() => [...document.querySelectorAll('main table:not(.app-pack-dataset) tbody tr')]
          .filter(row => getComputedStyle(row).display === 'block').length"""
    )
    assert cards > 0, "the audit and caseload tables read as cards"


def test_the_pack_reflows_with_text_at_200_percent(sign_in_page, built_pack):
    page = sign_in_page(roles.PERFORMANCE_TEAM)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(built_pack.get_absolute_url())
    text_size = "parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)"
    before = page.evaluate(text_size)
    page.add_style_tag(content="html { font-size: 200% !important; }")  # text-only zoom
    assert page.evaluate(text_size) == 2 * before
    assert problems(layout_of(page)) == []
