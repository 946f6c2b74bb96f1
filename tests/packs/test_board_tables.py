"""A pack built from the 2023 board tables reads as the board's own papers do: the file's reds
and ambers where the portal cannot judge, targets with their sign, caveats as the file says
them, and measures without values named once, not given a row."""

import pytest
from pypdf import PdfReader

from imports.plans import Severity
from packs.models import FileKind
from tests.dataset_import.test_judgement import JUL_23, board, board_row, importing
from tests.indicators.factories import make_indicator
from tests.packs.test_content import build, path_of, pdf_text

pytestmark = pytest.mark.django_db


def board_with_benchmarks(ref, title, latest, *, target, rag, prior, sn, se, england):
    row = board_row(ref, title, latest, target=target, rag=rag)
    return [*row[:-4], prior, sn, se, england]


@pytest.fixture
def board_pack(make_user):
    missing = board_with_benchmarks(
        "1", "Children missing", "12%", target="TBC", rag="-1",
        prior="10%", sn="Local", se="-", england="",
    )  # fmt: skip
    visits = board_row("2", "Visits in time", "80%", target="TBC", rag="0")
    re_referrals = board_row("3", "Re-referrals", "45%", target="<36%", rag="-1")
    plan = importing(board(missing, visits, re_referrals), make_user())
    assert not [p for p in plan.problems if p.severity == Severity.ERROR]
    make_indicator("OLD1", title="A measure of another year")  # no value in these 13 months
    return build(JUL_23)


def test_the_files_reds_and_ambers_are_shown_and_counted_in_the_summary(board_pack):
    body = path_of(board_pack, FileKind.HTML).read_text()
    assert "2 red and 1 amber against target: 2 of them as the imported file judged them" in body
    pdf = " ".join(pdf_text(board_pack))
    assert "2 red and 1 amber against target: 2 of them as the imported file judged them" in pdf
    summary = pdf[pdf.index("Red and amber against target") :]
    # Each with its value (provisional), its target as written and its RAG, the file's
    # marked f; the portal's own judgement (by the target's sign) unmarked.
    assert "1 Children missing Right service right time 12% (p) - Red f" in summary
    assert "3 Re-referrals Right service right time 45% (p) <36% Red 2" in summary
    assert "2 Visits in time Right service right time 80% (p) - Amber f" in summary


def test_targets_caveats_and_changes_read_as_the_file_says_them(board_pack):
    pdf = " ".join(pdf_text(board_pack))
    # 30% to 45%: a percentage measure's change in points; the target with its sign.
    assert "45% (p) ↑ +15.0 pts Negative ↑ +15.0 pts Negative 31% 45% <36% Red" in pdf
    # SN "Local", England blank, SE "-": three different things; the own prior year's
    # figure with the year its column names ("So'ton 21/22").
    assert "- Red f Local measure Not stated Not available 10% 2021-22" in pdf


def test_a_measure_without_values_is_named_once_at_the_end_not_given_a_row(board_pack):
    body = path_of(board_pack, FileKind.HTML).read_text()
    assert body.count("OLD1") == 1
    assert "Indicators without values" in body and "<strong>OLD1</strong>" in body
    assert 'id="indicator-' in body  # the others have their rows


@pytest.fixture
def weasyprint(settings) -> None:
    settings.PACK_PDF_ENGINE = "weasyprint"


def test_the_pdf_is_tagged_for_screen_readers_with_its_title_and_language(weasyprint, board_pack):
    """WeasyPrint's PDF/UA-1 (Chromium's tagging: ``test_pdf.py``)."""
    reader = PdfReader(path_of(board_pack, FileKind.PDF))
    assert b'pdfuaid:part="1"' in reader.xmp_metadata.stream.get_data()  # declares PDF/UA-1
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title.startswith("Monthly performance pack: July 2023")
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
