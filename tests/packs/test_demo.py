from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from indicators.calculations import Rag
from packs import demo
from packs.builders.xlsx import write_xlsx
from packs.selectors import pack_content
from tests.packs.conftest import MONTH

pytestmark = pytest.mark.django_db


def test_demo_says_how_to_build_the_demo_month(small_month):
    out = StringIO()
    demo.load(stdout=out)
    assert "manage.py build_pack --month 2016-09 --wait" in out.getvalue()


def test_demo_is_silent_without_values(db):
    out = StringIO()
    demo.load(stdout=out)
    assert out.getvalue() == ""


def test_the_demo_month_has_content_in_every_section_of_the_pack(tmp_path):
    """Issue 16: after ``load_demo`` the September 2016 pack has RAG on most indicators,
    judged changes, a narrative, recommendations, and audit and caseload figures."""
    call_command("load_demo", stdout=StringIO())
    content = pack_content(month=MONTH)
    lines = content.lines
    assert sum(line.line.computed.rag is not None for line in lines) > len(lines) / 2
    assert {line.line.computed.rag for line in lines} >= {Rag.RED, Rag.AMBER, Rag.GREEN}
    judged = [line for line in content.summary.up + content.summary.down
              if line.line.computed.judgement]  # fmt: skip
    assert len(judged) > 10
    assert content.narrative and len(content.recommendations) >= 5
    assert {area.name for area in content.areas if area.narrative} == {"CP", "LAC"}
    assert any(line.overdue for line in content.recommendations)
    assert content.audit is not None and content.audit.overall.completed > 10
    assert content.caseloads is not None and len(content.caseloads.trend) == 12
    assert len(content.audit_changes) == len(content.audit.by_service_area) + 1
    benchmarks = [b for line in lines for b in line.line.benchmarks.values() if b.value]
    assert benchmarks and all(benchmark.year for benchmark in benchmarks)

    path = tmp_path / "pack.xlsx"
    write_xlsx(content=content, version=1, built_at=timezone.now(), path=path)
    workbook = load_workbook(path)
    for sheet in ("Audits", "Caseloads"):
        figures = [cell for row in workbook[sheet].iter_rows(values_only=True) for cell in row
                   if isinstance(cell, int | float)]  # fmt: skip
        assert len(figures) > 100, sheet
