"""Where the portal lacks months a column needs, the indicator page, the pack and the API show
the file's figure marked as the file's, with a legend; with enough history, the portal's.
The API names such columns (``tests/api/test_reported_by_file.py``), and so does the dataset
export, in a column of its own beside figures that stay numbers."""

import csv
import io
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from core import roles
from indicators.calculations import ComputedColumns
from indicators.formatting import reported
from indicators.models import ReportedFigure, Unit, ValueState
from packs import storage
from packs.models import FileKind
from tests.indicators.factories import add_values, make_indicator, months_from
from tests.packs.test_content import build

pytestmark = pytest.mark.django_db

JUN_21 = date(2021, 6, 1)
SEVEN = ["3", "2", "1", "2", "3", "2", "3"]


@pytest.fixture
def m4(db):
    """Seven months held (Dec 20 - Jun 21), and the file's 12-month maximum of June: 15."""
    indicator = make_indicator("M4", unit=Unit.COUNT)
    add_values(indicator, months_from(date(2020, 12, 1), SEVEN), state=ValueState.ACCEPTED)
    ReportedFigure.objects.create(
        indicator=indicator, month=JUN_21, column="max_12m", value=15, imported_at=timezone.now()
    )
    return indicator


def test_the_indicator_page_marks_the_files_figure(client_as, m4):
    html = client_as(roles.PERFORMANCE_TEAM).get(f"/indicators/{m4.pk}/").content.decode()
    june = html[html.index("Jun 2021") : html.index("May 2021")]
    assert "15" in june and ", as reported by the file" in june
    assert "f: as reported by the imported file" in html  # the legend


def test_with_enough_history_the_page_shows_the_portals_own_figure(client_as, m4):
    add_values(m4, months_from(date(2020, 1, 1), ["4"] * 11))  # Jan - Nov 2020
    html = client_as(roles.PERFORMANCE_TEAM).get(f"/indicators/{m4.pk}/").content.decode()
    june = html[html.index("Jun 2021") : html.index("May 2021")]
    assert ", as reported by the file" not in june and ">15<" not in june


def test_the_pack_workbook_marks_the_files_figure(m4):
    """The 12-month maximum is in the workbook (the web pack leaves it to the workbook)."""
    pack = build(JUN_21)
    workbook = load_workbook(storage.absolute(pack.files.get(kind=FileKind.XLSX).path))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    marked = [cell for cell in cells if '" f"' in (cell.number_format or "")]
    assert [cell.value for cell in marked] == [Decimal(15)]


def test_plain_text_cells_say_in_words_which_figure_is_the_files():
    computed = ComputedColumns(*[None] * 8, from_file=frozenset({"avg_12m"}))
    assert reported("8", computed, "avg_12m") == "8 (as reported by the file)"
    assert reported("↑ +50.0%", computed, "pct_change_prev_month") == "↑ +50.0%"


def test_the_csv_export_names_the_columns_the_file_reported(m4):
    out = StringIO()
    call_command("export_dataset", "--month", "2021-06", stdout=out)
    [line] = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert (line["max_12m"], line["reported_by_file"]) == ("15", "max_12m")
    assert line["avg_12m"] == ""  # none reported: n/a, not seven months' average
    out = StringIO()
    call_command("export_dataset", "--month", "2021-05", stdout=out)
    [may] = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert (may["max_12m"], may["reported_by_file"]) == ("", "")


def test_the_xlsx_export_names_them_beside_figures_that_stay_numbers(m4, tmp_path):
    ReportedFigure.objects.create(
        indicator=m4, month=JUN_21, column="avg_12m", value=Decimal("7.5"),
        imported_at=timezone.now(),
    )  # fmt: skip
    target = tmp_path / "dataset.xlsx"
    call_command(
        "export_dataset", "--month", "2021-06", "--format", "xlsx", "--output", str(target),
        stdout=StringIO(),
    )  # fmt: skip
    header, line = load_workbook(target).active.iter_rows(values_only=True)
    exported = dict(zip(header, line, strict=True))
    assert (exported["max_12m"], exported["avg_12m"]) == (15, 7.5)
    assert exported["reported_by_file"] == "avg_12m, max_12m"


def test_with_enough_history_the_export_marks_nothing(m4):
    add_values(m4, months_from(date(2020, 1, 1), ["4"] * 11))  # Jan - Nov 2020
    out = StringIO()
    call_command("export_dataset", "--month", "2021-06", stdout=out)
    [line] = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert (line["max_12m"], line["reported_by_file"]) == ("4", "")
