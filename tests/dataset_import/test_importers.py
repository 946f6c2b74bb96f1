"""The dataset import: every bad input reported by row and column, nothing half-done."""

import zipfile
from datetime import date
from io import BytesIO, StringIO
from xml.sax.saxutils import escape

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import Workbook

from core.models import ImportBatch
from dataset_import.dataset_file import read_dataset
from dataset_import.demo import SAMPLE
from dataset_import.importers import DatasetImporter
from imports import services as import_services
from imports.plans import Severity
from imports.spreadsheets import column_letters
from indicators.models import Indicator, MonthlyValue, ValueState
from tests.indicators.factories import add_values, make_indicator
from tests.processes import run_measured

pytestmark = pytest.mark.django_db

HEADER = "Ref\tArea\tDescription\tData owner\tData accountability\tAug 16\tSep 16\tCommentary\n"


def tsv(*rows: str) -> bytes:
    return (HEADER + "".join(row + "\n" for row in rows)).encode()


def plan(data: bytes, **options):
    return DatasetImporter().plan(data=data, filename="dataset.tsv", options=options, user=None)


@pytest.fixture
def run(tmp_path):
    """Run ``import_dataset`` on ``data``; returns (succeeded, its output)."""

    def run_command(data: bytes, *args: str) -> tuple[bool, str]:
        path = tmp_path / "dataset.tsv"
        path.write_bytes(data)
        out = StringIO()
        try:
            call_command("import_dataset", str(path), *args, stdout=out)
        except CommandError:
            return False, out.getvalue()
        return True, out.getvalue()

    return run_command


def snapshot() -> list[tuple]:
    return list(
        MonthlyValue.objects.order_by("pk").values_list(
            "indicator__ref", "month", "value", "commentary"
        )
    )


def test_sample_creates_every_indicator_and_value(run):
    ok, out = run(SAMPLE.read_bytes(), "--create-indicators")
    assert ok, out
    parsed = read_dataset(SAMPLE.read_bytes(), filename=SAMPLE.name)
    assert set(Indicator.objects.values_list("ref", flat=True)) == {row.ref for row in parsed.rows}
    expected = sum(
        1 for row in parsed.rows for cell in row.values.values() if cell.value is not None
    )
    # Commentary is kept where the latest month's value is blank: a value row without a value.
    latest = parsed.latest_month
    commented = sum(1 for row in parsed.rows if row.commentary and row.values[latest].value is None)
    assert MonthlyValue.objects.count() == expected + commented
    assert MonthlyValue.objects.filter(value=None).exclude(commentary="").count() == commented
    assert MonthlyValue.objects.get(indicator__ref="M1", month=date(2016, 9, 1)).value == 1480


def test_importing_the_same_file_twice_changes_nothing_the_second_time(run):
    run(SAMPLE.read_bytes(), "--create-indicators")
    before = snapshot()
    history = MonthlyValue.history.count()
    catalogue = Indicator.history.count()
    ok, out = run(SAMPLE.read_bytes())
    assert ok and "new indicators: 0," in out and ", new: 0, changed: 0, unchanged: " in out
    assert "catalogue changes: 0," in out
    assert snapshot() == before and MonthlyValue.history.count() == history
    assert Indicator.history.count() == catalogue


@pytest.mark.parametrize(
    ("unit", "cell", "message"),
    [
        ("percentage", "8571%", "A percentage cannot be over 100. Was 85.71% meant"),
        ("count", "-4", "A count cannot be negative"),
        ("count", "12.5", "A count must be a whole number"),
    ],
)
def test_impossible_values_name_row_column_ref_month_and_text(unit, cell, message):
    make_indicator("M3", unit=unit)
    result = plan(tsv(f"M3\tMASH\tTitle\t\t\t10\t{cell}\t"))
    [problem] = result.errors
    text = str(problem)
    assert text.startswith(f'Row 2, column "Sep 16" (M3, September 2016): "{cell}"'), text
    assert message in text


def test_unknown_ref_is_an_error_unless_creating():
    result = plan(tsv("ZZ9\tMASH\tA new one\t\t\t1\t2\t"))
    assert 'The ref "ZZ9" is not in the catalogue' in str(result.errors[0])
    assert not plan(tsv("ZZ9\tMASH\tA new one\t\t\t1\t2\t"), create_indicators=True).has_errors


def test_a_month_in_the_future_is_an_error():
    make_indicator("M1")
    next_month = (timezone.localdate().replace(day=1) + timezone.timedelta(days=32)).replace(day=1)
    header = f"Ref\tDescription\t{next_month:%b %y}\n".encode()
    result = plan(header + b"M1\tContacts\t5\n")
    assert "is in the future" in str(result.errors[0])


def test_a_value_before_the_indicator_starts_is_an_error():
    make_indicator("EH1a", active_from=date(2016, 9, 1))
    result = plan(tsv("EH1a\tCiN\tUHAs\t\t\t77\t39\t"))
    assert "The indicator starts in September 2016" in str(result.errors[0])
    assert 'column "Aug 16"' in str(result.errors[0])


def test_a_bad_last_row_leaves_nothing_imported(run):
    make_indicator("M1")
    make_indicator("M2")
    data = tsv("M1\tMASH\tContacts\t\t\t1377\t1480\tRise", "M2\tMASH\tReferrals\t\t\t300\t-417\t")
    ok, out = run(data)
    assert not ok
    assert "ERROR Row 3" in out and "Nothing was imported" in out
    assert MonthlyValue.objects.count() == 0


def test_submitted_values_are_conflicts_unless_revisions_are_allowed(run):
    indicator = make_indicator("M1")
    add_values(indicator, {date(2016, 9, 1): "1480"}, state=ValueState.SUBMITTED)
    data = tsv("M1\tMASH\tContacts\t\t\t1377\t1500\tCorrected")
    ok, out = run(data)
    assert not ok and "CONFLICT M1, September 2016 value: 1480 -> 1500" in out
    assert MonthlyValue.objects.get(month=date(2016, 9, 1)).value == 1480

    ok, out = run(data, "--allow-revisions")
    assert ok, out
    value = MonthlyValue.objects.get(month=date(2016, 9, 1))
    assert value.value == 1500 and value.version == 2
    assert value.history.first().history_change_reason.startswith("Revision by import")


def test_blank_and_missing_cells_never_erase_a_stored_value():
    indicator = make_indicator("M1")
    add_values(indicator, {date(2016, 8, 1): "1377", date(2016, 9, 1): "1480"})
    result = plan(tsv("M1\tMASH\tContacts\t\t\t-\t\t"))
    counts = result.summary_counts()
    assert (counts["skipped"], counts["blank"]) == (1, 1) and not result.changes


def test_file_computed_columns_are_checked():
    make_indicator("M1")
    header = "Ref\tDescription\tAug 16\tSep 16\t% change from Aug 16\n"
    result = plan((header + "M1\tContacts\t100\t150\t↑ 20\n").encode())
    [warning] = result.warnings
    assert "The file says ↑ 20 but the portal calculates 50" in str(warning)
    assert not result.has_errors


def test_confirm_is_refused_if_a_value_changed_after_the_preview(make_user):
    indicator = make_indicator("M1")
    add_values(indicator, {date(2016, 9, 1): "1480"})
    user = make_user()
    batch, _ = import_services.preview_import(
        importer=DatasetImporter(),
        data=tsv("M1\tMASH\tC\t\t\t1377\t1490\t"),
        filename="d.tsv",
        options={},
        user=user,
    )
    MonthlyValue.objects.filter(indicator=indicator).update(version=2, value=1481)
    assert not import_services.confirm_import(importer=DatasetImporter(), batch=batch, user=user)
    assert MonthlyValue.objects.get(month=date(2016, 9, 1)).value == 1481


def test_export_then_import_reports_no_changes(run, tmp_path):
    run(SAMPLE.read_bytes(), "--create-indicators")
    target = tmp_path / "export.csv"
    call_command("export_dataset", "--month", "2016-09", "--output", str(target), stdout=StringIO())
    result = plan(target.read_bytes())
    counts = result.summary_counts()
    assert counts["new"] == 0 and counts["changed"] == 0 and counts["unchanged"] > 500
    # Only notes: the export's unit, direction and RAG columns are the portal's own.
    assert {problem.severity for problem in result.problems} == {Severity.NOTE}


def test_long_layout_with_commentary_per_month(run):
    make_indicator("M1")
    data = b'ref,month,value,commentary\nM1,2016-08,1377,Summer\nM1,2016-09,"1,480",Rise\n'
    ok, out = run(data)
    assert ok, out
    values = dict(MonthlyValue.objects.values_list("month", "commentary"))
    assert values == {date(2016, 8, 1): "Summer", date(2016, 9, 1): "Rise"}


def test_long_layout_problems_name_their_own_rows():
    make_indicator("M1", unit="percentage")
    data = b"Ref,Month,Value\nM1,2016-08,30\nM1,Sept,31\nM1,2016-08,32\nM1,2016-07,3O%\n"
    messages = [str(problem) for problem in plan(data).errors]
    assert messages[0].startswith('Row 3, column "Month" (M1): "Sept" is not a month')
    assert "Row 4" in messages[1] and "on row 2 too" in messages[1]
    assert messages[2].startswith('Row 5, column "Value" (M1, July 2016): "3O%"')


def test_long_layout_commentary_past_the_limit_names_its_row_and_column(run):
    make_indicator("M1")
    data = f"Ref,Month,Value,Commentary\nM1,2016-08,3,Fine\nM1,2016-09,4,{'x' * 5001}\n"
    ok, out = run(data.encode())
    assert not ok
    assert 'Row 3, column "Commentary" (M1, September 2016)' in out, out
    assert "5,001 characters: the most accepted is 5,000." in out
    assert not MonthlyValue.objects.exists()


def test_long_layout_creates_each_new_indicator_once(run):
    ok, out = run(b"ref,month,value\nNEW1,2016-08,3\nNEW1,2016-09,4\n", "--create-indicators")
    assert ok, out
    assert Indicator.objects.filter(ref="NEW1").count() == 1
    assert MonthlyValue.objects.count() == 2


def test_values_of_a_locked_month_change_only_as_revisions(run):
    from core.models import PeriodStatus, ReportingPeriod

    indicator = make_indicator("M1")
    add_values(indicator, {date(2016, 9, 1): "1480"})
    ReportingPeriod.objects.create(
        month=date(2016, 9, 1), due_date=date(2016, 10, 14), status=PeriodStatus.LOCKED
    )
    data = tsv("M1\tMASH\tContacts\t\t\t1377\t1500\t")
    ok, out = run(data)
    assert not ok and "September 2016 is locked." in out
    assert MonthlyValue.objects.filter(month=date(2016, 8, 1)).count() == 0  # nothing half-done
    ok, out = run(tsv("M1\tMASH\tContacts\t\t\t\t1480\t"))
    assert ok, out  # re-importing what is stored is no change, locked or not
    ok, out = run(data, "--allow-revisions")
    assert ok, out
    assert MonthlyValue.objects.get(month=date(2016, 9, 1)).value == 1500


def test_an_error_rule_blocks_the_import_and_a_warning_rule_does_not(run):
    from quality.models import Operator, ValidationRule

    contacts, referrals = make_indicator("M1"), make_indicator("M2")
    rule = ValidationRule.objects.create(
        left=referrals, operator=Operator.AT_MOST, right_indicator=contacts, severity="error",
        message="Referrals cannot exceed contacts.",
    )  # fmt: skip
    data = tsv("M1\tMASH\tContacts\t\t\t1377\t400\t", "M2\tMASH\tReferrals\t\t\t300\t417\t")
    ok, out = run(data)
    assert not ok and "Referrals cannot exceed contacts." in out
    assert MonthlyValue.objects.count() == 0
    rule.severity = "warning"
    rule.save()
    ok, out = run(data)
    assert ok and "WARNING" in out and "Referrals cannot exceed contacts." in out
    assert MonthlyValue.objects.count() == 4


# Issue 25: files as the probes made them, imported as the team does, in bounded memory and
# time, with the notes kept on the batch bounded.
MAX_PEAK_MB = 500
MONTHS = [f"{date(2000 + n // 12, n % 12 + 1, 1):%b %y}" for n in range(240)]


HEADER_CELLS = ["Ref", "Area", "Indicator", "Owner", "Reporter", "Outcome", *MONTHS]


def placeholders_csv(rows: int) -> bytes:
    """``rows`` indicators by 240 months, every month "TBC"."""
    line = ",".join(["Area", "Title", "", "", "", *["TBC"] * 240])
    return "\n".join([",".join(HEADER_CELLS), *(f"X{n},{line}" for n in range(rows))]).encode()


def placeholders_xlsx(rows: int) -> bytes:
    """The same as a workbook: openpyxl's, its sheet written here as Excel writes it, each
    cell with its reference (openpyxl alone takes 30 s)."""
    book = Workbook()
    buffer = BytesIO()
    book.save(buffer)

    def row(number: int, texts: list[str]) -> str:
        cells = "".join(
            f'<c r="{column_letters(column)}{number}" t="inlineStr">'
            f"<is><t>{escape(text)}</t></is></c>"
            for column, text in enumerate(texts, start=1)
            if text
        )
        return f'<row r="{number}">{cells}</row>'

    sheet = "".join(
        [
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
            f"<sheetData>{row(1, HEADER_CELLS)}",
            *(
                row(n + 2, [f"X{n}", "Area", f"Title {n}", "", "", "", *["TBC"] * 240])
                for n in range(rows)
            ),
            "</sheetData></worksheet>",
        ]
    )
    source = zipfile.ZipFile(buffer)
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            is_sheet = name == "xl/worksheets/sheet1.xml"
            archive.writestr(name, sheet if is_sheet else source.read(name))
    return out.getvalue()


PROBES = {
    # 2.5 MB: the web worker reached 1.26 GB for 17 s and stored 616,719 notes (12 MB).
    "placeholders.csv": (lambda: placeholders_csv(2_559), 0, "613,660 more of this kind"),
    # 1 MB of "TBC": 480,000 notes and about 1 GB.
    "placeholders.xlsx": (lambda: placeholders_xlsx(2_000), 0, "479,500 more of this kind"),
    # 10 million columns: 1.3 GB, read whole before anything was checked.
    "wide.csv": (
        lambda: b"Ref,Sep 16" + b",x" * 10_000_000,
        1,
        "ERROR Row 1 has more than 702 columns: the most accepted is 702 (column ZZ).",
    ),
}


@pytest.mark.postgresql("the command runs in its own process, on the test database")
@pytest.mark.parametrize("name", PROBES)
def test_a_notes_heavy_or_wide_file_is_imported_in_bounded_memory_and_time(
    name, transactional_db, tmp_path
):
    make, status, said = PROBES[name]
    path = tmp_path / name
    path.write_bytes(make())
    done = run_measured(
        "import_dataset", str(path), "--dry-run", "--create-indicators", media_root=tmp_path
    )
    assert (done.status, "Traceback" in done.output) == (status, False), done.output[-2000:]
    assert said in done.output
    assert done.peak_mb < MAX_PEAK_MB, f"{done.peak_mb:.0f} MB"
    assert done.seconds < 30, f"{done.seconds:.1f} s"
    batch = ImportBatch.objects.get()
    assert len(batch.problems) <= 3 * settings.IMPORT_LISTED_PROBLEMS + 3


@pytest.mark.parametrize(
    ("row", "column", "limit"),
    [
        (f"{'R' * 60}\tMASH\tReferrals\t\t\t1\t2\t", "Ref", 40),
        (f"R1\t{'A' * 150}\tReferrals\t\t\t1\t2\t", "Area", 100),
        (f"R1\tMASH\tReferrals\t{'O' * 151}\t\t1\t2\t", "Data owner", 150),
    ],
    ids=["60-character ref", "150-character area", "151-character owner"],
)
def test_a_new_indicators_field_past_its_limit_is_an_error_in_the_preview(run, row, column, limit):
    """Issue 25: ``--create-indicators`` passed the preview, then failed with a 500."""
    ok, out = run(tsv(row), "--create-indicators")
    assert not ok
    assert f'column "{column}" (R' in out and f"the most accepted is {limit}." in out, out
    assert not Indicator.objects.exists()
