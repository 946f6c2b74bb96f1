"""The PDF: charts on paper (each chart of the web version's body goes to the typesetter as
an image of the same SVG, so that its stylesheet applies to it alone, with only the style rules
that can apply to it on paper), the cycle collector paused while WeasyPrint typesets, and
both engines of
``PACK_PDF_ENGINE`` - Chromium and WeasyPrint - tagged for screen readers, with the same
pages' furniture and the same words."""

import base64
import gc
import re
from decimal import Decimal

import pytest
from playwright.sync_api import sync_playwright
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from indicators.charts import sparkline
from packs import services
from packs.builders import chromium
from packs.builders.pdf import charts_as_images, collector_paused, lean_stylesheet
from packs.models import FileKind, Pack, Status
from tests.packs.conftest import MONTH
from tests.packs.test_content import build, path_of

pytestmark = pytest.mark.django_db

IMAGE = re.compile(r'<img class="app-svg" alt="[^"]+" src="data:image/svg\+xml;base64,([^"]+)">')


def test_each_inline_chart_becomes_an_image_of_the_same_svg():
    charts = [
        sparkline([Decimal(1), Decimal(3), None, Decimal(2)], chart_id="sparkline-m1"),
        sparkline([None, None], chart_id="sparkline-m2"),
    ]
    body = f"<p>M1</p><figure>{charts[0]}</figure><p>M2</p><figure>{charts[1]}</figure>"
    paper = charts_as_images(body)
    assert "<svg" not in paper
    assert IMAGE.sub("", paper) == "<p>M1</p><figure></figure><p>M2</p><figure></figure>"
    assert [base64.b64decode(data).decode() for data in IMAGE.findall(paper)] == [
        lean_stylesheet(chart) for chart in charts
    ]


STYLE = re.compile(r"<style\b[^>]*>(.*?)</style>", re.DOTALL)


def rules(svg: str) -> list[str]:
    return re.findall(r"[^{}]+\{[^{}]*\}", STYLE.search(svg)[1])


def test_a_lean_chart_keeps_its_drawing_and_every_rule_that_can_apply_on_paper():
    svg = (
        '<svg id="c"><defs><style type="text/css">#c .axis text{font-size:12px}'
        "#c .legends .legend text{font-size:13px}#c .axis.x:not(.web) text{text-anchor:start}"
        "#c .color-0,#c .color-0 a:visited{stroke:blue}#c .guides:hover text{fill:red}"
        '\n#c .tooltip{font-size:14px}</style></defs><g class="axis x"><g class="guides">'
        '<text>Jan</text></g></g><g class="color-0"><path d="M0 0"/></g></svg>'
    )
    lean = lean_stylesheet(svg)
    assert rules(lean) == [
        "#c .axis text{font-size:12px}",
        "#c .axis.x:not(.web) text{text-anchor:start}",  # no .web: :not() takes it
        "#c .color-0{stroke:blue}",  # no link to visit, no pointer to hover on paper
    ]
    assert STYLE.sub("", lean) == STYLE.sub("", svg)  # the drawing itself unchanged


def test_a_chart_without_a_stylesheet_stays_as_it_is():
    svg = '<svg><path d="M0 0" class="line"/></svg>'
    assert lean_stylesheet(svg) == svg


def selectors(svg: str) -> set[tuple[str, str]]:
    """(selector, declarations) of each selector of a chart's stylesheet."""
    return {
        (selector, rule.split("{")[1])
        for rule in rules(svg)
        for selector in rule.split("{")[0].split(",")
    }


def test_each_rule_dropped_from_pygals_stylesheet_could_not_apply_on_paper():
    svg = sparkline([Decimal(1), Decimal(2), Decimal(3)], chart_id="spark")
    dropped = selectors(svg) - selectors(lean_stylesheet(svg))
    assert dropped  # pygal writes rules for legends, tooltips and hover
    classes = set(" ".join(re.findall(r'class="([^"]*)"', svg)).split())
    for selector, _ in dropped:
        required = set(re.findall(r"\.([\w-]+)", re.sub(r":not\([^)]*\)", "", selector)))
        assert re.search(r":(hover|visited)", selector) or not required <= classes, selector


def test_the_collector_is_paused_while_typesetting_and_on_again_after():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()


# --- The two engines (PACK_PDF_ENGINE) ----------------------------------------------------


def structure(node, found: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """(role, alternative text) of every element of a tagged PDF's structure tree."""
    node = node.get_object()
    if isinstance(node, ArrayObject):
        for child in node:
            structure(child, found)
    elif isinstance(node, DictionaryObject):
        if "/S" in node:
            found.append((str(node["/S"]), node.get("/Alt")))
        if "/K" in node:
            structure(node["/K"], found)
    return found


def outline_titles(items) -> list:
    """The PDF's bookmarks as nested lists of titles."""
    return [outline_titles(item) if isinstance(item, list) else item.title for item in items]


@pytest.fixture(params=["chromium", "weasyprint"])
def engine(request, settings) -> str:
    settings.PACK_PDF_ENGINE = request.param
    return request.param


def test_each_engine_tags_the_pdf_with_its_language_title_outline_and_chart_texts(
    engine, small_month
):
    reader = PdfReader(path_of(build(), FileKind.PDF))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title == "Monthly performance pack: September 2016, version 1"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    titles = outline_titles(reader.outline)
    assert titles[0] == "Monthly performance pack"  # the cover's h1, the sections beneath
    sections = [title for title in titles[1] if isinstance(title, str)]
    assert sections[:3] == ["The month in summary", "About this pack", "Summary: what moved"]
    assert {"MASH", "Child Protection", "Appendix: definitions"} <= set(sections)
    tags = structure(root["/StructTreeRoot"], [])
    roles = {role for role, _ in tags}
    assert {"/H1", "/H2", "/Table", "/TH", "/TD", "/Figure"} <= roles
    charts = {alt for role, alt in tags if role == "/Figure" and alt}
    assert "Chart: M1: 13 months to September 2016" in charts


def test_each_engine_prints_the_running_header_the_note_and_page_numbers(engine, small_month):
    reader = PdfReader(path_of(build(), FileKind.PDF))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    for number, (page, text) in enumerate(zip(reader.pages, pages, strict=True), start=1):
        assert (round(page.mediabox.width), round(page.mediabox.height)) == (842, 595)
        assert f"Page {number} of {len(pages)}" in text
        assert "Aggregates only: no case references, no practitioner names." in text
        header = "Monthly performance pack: September 2016"
        assert (header in text) == (number > 1)  # the cover has none


def body_words(pack: Pack) -> list[str]:
    """The words of the PDF without its page furniture, in order."""
    furniture = re.compile(
        r"Page \d+ of \d+|Aggregates only: no case references, no practitioner names\."
        r"|Monthly performance pack: September 2016(?!,)"
    )
    text = " ".join(page.extract_text() for page in PdfReader(path_of(pack, FileKind.PDF)).pages)
    return furniture.sub(" ", text).split()


def test_both_engines_print_the_same_words(settings, small_month):
    settings.PACK_PDF_ENGINE = "weasyprint"
    weasyprint = body_words(build())
    settings.PACK_PDF_ENGINE = "chromium"
    chromium = body_words(build())
    assert len(weasyprint) > 1000

    def after(words: list[str], label: str, offset: int) -> int:
        return words.index(label) + offset

    # "About this pack": the second build is version 2, perhaps built a minute later
    # ("Built 06 December 2026 at 23:04").
    assert weasyprint[after(weasyprint, "Version", 1)] == "1"
    assert chromium[after(chromium, "Version", 1)] == "2"
    chromium[after(chromium, "Version", 1)] = "1"
    weasyprint[after(weasyprint, "Built", 5)] = chromium[after(chromium, "Built", 5)]
    assert sorted(chromium) == sorted(weasyprint)


def test_a_missing_chromium_fails_the_build_saying_what_to_do(settings, small_month):
    settings.PACK_PDF_ENGINE = "chromium"
    settings.PACK_CHROMIUM_PATH = "/nowhere/chromium"
    pack = Pack.objects.get(pk=services.request_build(month=MONTH).pack.pk)
    assert pack.status == Status.FAILED
    assert pack.error == (
        "Writing the PDF failed: ChromiumUnavailable: Chromium was not found at "
        "/nowhere/chromium (PACK_CHROMIUM_PATH). Install it on the worker (Debian: apt-get "
        "install chromium fonts-liberation), or set PACK_PDF_ENGINE=weasyprint."
    )
    assert not pack.files.exists()


def test_chromium_prints_from_a_thread_that_already_drives_a_browser(tmp_path, settings):
    """Playwright's synchronous API refuses a second start in one thread (a browser test's,
    a server's event loop): the printer runs in a thread of its own."""
    html = '<html lang="en-GB"><head><title>T</title></head><body><h1>Hello</h1></body></html>'
    with sync_playwright():
        chromium.print_pdf(
            html=html, path=tmp_path / "out.pdf", executable=settings.PACK_CHROMIUM_PATH
        )
    assert "Hello" in PdfReader(tmp_path / "out.pdf").pages[0].extract_text()
