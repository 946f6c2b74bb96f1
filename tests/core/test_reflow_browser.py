"""Every page fits (WCAG 1.4.10 reflow and 1.4.4 resize text), as every role, on the demo.

For each role, every page of the permission matrix it may open (its worklists, lists,
reports, forms and the pack) is laid out three ways: on a 1280 px screen, in a 320 px window,
and on a 1280 px screen with text at 200%. In each, nothing reaches past the right edge of the
main column (so at 1280 px no table is wider than its 960 px column) and the page never
scrolls sideways; only a data table too wide for any screen may scroll, inside a named region
a keyboard can reach (``role="region"``, a label, ``tabindex="0"``). One browser, one live
server; each failure names the role, the page, the layout and the element.
"""

import pytest
from playwright.sync_api import Error as PlaywrightError

from audits import services as audit_services
from audits.models import AuditCycle
from packs import services as pack_services
from packs.models import Pack
from tests.core.test_axe_sweep_browser import DEMO_MONTH, DRAWN_BY_SCRIPT, Sweep, swept_demo  # noqa: F401
from tests.security.test_permission_matrix import ADMIN, MATRIX, ROLES, url_for

# What reaches past the main column's right edge outside any scroll region; each scroll region
# that scrolls without being a named region a keyboard can reach; and each named region that
# scrolls though it is not marked as a truly wide data table (``app-wide-data``: the pack's
# 13-month dataset), for every other table fits its column or is stacked in cards.
LAYOUT = """() => {
  const main = document.querySelector("main") || document.body;
  const edge = Math.min(main.getBoundingClientRect().right, document.documentElement.clientWidth);
  const scrolls = element => ["auto", "scroll"].includes(getComputedStyle(element).overflowX);
  // Inside a scroll region, or clipped (a visually hidden table head): it widens nothing.
  const clips = element => ["hidden", "clip"].includes(getComputedStyle(element).overflowX);
  const inScroller = element => {
    for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
      if (scrolls(up) || clips(up)) return true;
    }
    return false;
  };
  const describe = element => {
    const text = (element.textContent || "").trim().slice(0, 30);
    return `${element.tagName.toLowerCase()}${element.id ? "#" + element.id : ""}`
      + `${[...element.classList].map(name => "." + name).join("")} ("${text}")`;
  };
  const named = element => {
    const label = element.getAttribute("aria-label")
      || (element.getAttribute("aria-labelledby") || "").split(" ")
        .map(id => document.getElementById(id)?.textContent || "").join(" ");
    return label.trim() !== "";
  };
  const past = [], unnamed = [], scrolling = [];
  // The main column's grid rows and columns, and a button group's last button, reach past
  // it by their gutters (empty space), by design.
  const gutter = element => [...element.classList]
    .some(name => name.startsWith("govuk-grid-") || name === "govuk-button-group");
  for (const element of main.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.width > 0 && box.right > edge + 1 && !inScroller(element) && !gutter(element)
        && getComputedStyle(element).visibility !== "hidden") {
      past.push(`${describe(element)} reaches ${Math.round(box.right)} px of ${Math.round(edge)}`);
    }
    if (scrolls(element) && element.scrollWidth > element.clientWidth + 1) {
      if (!(element.getAttribute("role") === "region" && named(element)
            && element.getAttribute("tabindex") === "0")) {
        unnamed.push(describe(element));
      } else if (!element.classList.contains("app-wide-data")) {
        scrolling.push(
          `${describe(element)} is ${element.scrollWidth} px in ${element.clientWidth}`);
      }
    }
  }
  return {
    pageWidth: document.documentElement.scrollWidth,
    width: document.documentElement.clientWidth,
    past: past.slice(0, 3), unnamed, scrolling,
  };
}"""

# Django's admin and Swagger UI (the API docs, whose known gaps and accessible alternative the
# accessibility statement names) are not the portal's own pages; health is JSON.
NOT_PORTAL_PAGES = (ADMIN, "healthz", "api/docs/")
# (name, window width, text zoom)
LAYOUTS = (("1280 px", 1280, 1), ("320 px", 320, 1), ("text at 200%", 1280, 2))


def layout_problems(page) -> list[str]:
    """What does not fit on the page as it is laid out now, in words (empty if all fits)."""
    layout = page.evaluate(LAYOUT)
    found = [f"{element} past the main column" for element in layout["past"]]
    found += [f"{element} scrolls but is not a named region" for element in layout["unnamed"]]
    found += [f"{element}: it scrolls sideways" for element in layout["scrolling"]]
    if layout["pageWidth"] > layout["width"]:
        found.append(f"the page is {layout['pageWidth']} px wide in {layout['width']} px")
    return found


def zoom_text(page, zoom: int) -> None:
    """Text-only zoom, as a browser's "text size" setting does."""
    if zoom != 1:
        page.add_style_tag(content=f"html {{ font-size: {zoom * 100}% !important; }}")


def sweep_layouts(browser, base_url: str, demo) -> list[str]:
    """Every page as every role in each layout; what does not fit, one line per page."""
    sweep = Sweep(browser, base_url, demo)
    failures: list[str] = []
    for role in ROLES:
        page = sweep.open_as(role)
        column = ROLES.index(role)
        for route, cells in MATRIX.items():
            if cells[column] != "ok" or route in NOT_PORTAL_PAGES:
                continue
            url = url_for(demo.world, route)
            for name, width, zoom in LAYOUTS:
                page.set_viewport_size({"width": width, "height": 900})
                try:
                    response = page.goto(url)
                except PlaywrightError as error:
                    if "Download is starting" in error.message:
                        break  # a file, not a page
                    raise
                if not response.ok:
                    failures.append(f"{role}, {url}: {response.status}")
                    break
                if not response.headers["content-type"].startswith("text/html"):
                    break  # JSON, CSV or the schema
                if route in DRAWN_BY_SCRIPT:
                    page.wait_for_selector(DRAWN_BY_SCRIPT[route])
                zoom_text(page, zoom)
                failures += [f"{role}, {url}, {name}: {p}" for p in layout_problems(page)]
        page.context.close()
    return failures


@pytest.fixture
def published_demo(swept_demo):  # noqa: F811 (the sweep's fixture, imported)
    """The demo with its September 2016 pack and audit analysis built and published, so that
    their readers open them."""
    pack_services.publish(pack=Pack.objects.get(month=DEMO_MONTH), user=None)
    audit_services.publish_cycle(cycle=AuditCycle.objects.get(month=DEMO_MONTH), user=None)
    return swept_demo


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_page_fits_at_1280_px_320_px_and_200_percent_text_for_every_role(
    browser, live_server, published_demo
):
    failures = sweep_layouts(browser, live_server.url, published_demo)
    assert failures == [], f"{len(failures)} pages do not fit:\n" + "\n".join(failures)
