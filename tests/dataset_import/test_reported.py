"""What a file reports beside its values: its computed columns kept as the file's figures
(shown where the portal lacks the months), its frequency, and warnings only where rounding
cannot explain a difference."""

from datetime import date
from decimal import Decimal

import pytest

from dataset_import.dataset_file import Cell, CellStatus, DatasetFile, DatasetRow
from dataset_import.importers import DatasetImporter
from dataset_import.plan import plan_dataset
from dataset_import.services import apply_dataset
from imports import services as import_services
from indicators.calculations import Frequency
from indicators.models import Indicator, ReportedFigure, Unit
from indicators.selectors import month_dataset
from indicators.value_writes import ReadValues
from tests.indicators.factories import make_indicator

pytestmark = pytest.mark.django_db

JUN_21 = date(2021, 6, 1)
# The June 2021 layout: seven months, and columns the team computed from older data.
HEADER = (
    "Ref.\tIndicator\tDec-20\tJan-21\tFeb-21\tMar-21\tApr-21\tMay-21\tJun-21\t"
    "% change from May 21\t% change from Jun 20\t12 month average\t12 month max\n"
)


def file(*rows: str) -> bytes:
    return (HEADER + "".join(row + "\n" for row in rows)).encode()


M4 = "M4\tRepeat contacts\t3\t2\t1\t2\t3\t2\t3\t↑ 50\t↓ -25\t8\t15"


def importing(data: bytes, user=None):
    """Preview and confirm ``data`` as the web import does; returns the preview's plan."""
    batch, plan = import_services.preview_import(
        importer=DatasetImporter(),
        data=data,
        filename="june.tsv",
        options={"create_indicators": True},
        user=user,
    )
    assert not plan.has_errors, [str(p) for p in plan.errors]
    assert import_services.confirm_import(importer=DatasetImporter(), batch=batch, user=user)
    return plan


def test_the_files_figures_are_shown_marked_where_the_portal_lacks_months(make_user):
    plan = importing(file(M4), user=make_user())
    # 15 is not called wrong for differing from seven months' 3; as values, 8 and 15 would be
    # far from the usual 2 (the outlier check), so the file's figures are warned about too.
    assert [(w.column, "far from its usual level" in w.message) for w in plan.warnings] == [
        ("12 month average", True),
        ("12 month max", True),
    ]
    figures = dict(ReportedFigure.objects.values_list("column", "value"))
    assert figures == {
        "pct_change_prev_month": 50,
        "pct_change_prev_year": -25,
        "avg_12m": 8,
        "max_12m": 15,
    }
    [line] = month_dataset(month=JUN_21)
    assert line.computed.max_12m == 15 and line.computed.avg_12m == 8
    assert line.computed.pct_change_prev_year == -25
    assert line.computed.pct_change_prev_month == 50  # the portal's own: it holds May
    assert line.computed.from_file == {"avg_12m", "max_12m", "pct_change_prev_year"}


def test_without_the_files_figure_a_lacking_column_is_n_a(make_user):
    importing(file("M4\tRepeat contacts\t3\t2\t1\t2\t3\t2\t3\t\t\t\t"), user=make_user())
    [line] = month_dataset(month=JUN_21)
    assert (line.computed.avg_12m, line.computed.max_12m) == (None, None)  # not a 7-month one
    assert line.computed.from_file == frozenset()


def test_a_measure_that_started_in_the_file_keeps_the_portals_figures(make_user):
    row = "M9\tNew one\tNew measure from Jan 21\t\t1\t2\t3\t2\t3\t↑ 50\t\t8\t15"
    importing(file(row), user=make_user())
    assert Indicator.objects.get().active_from == date(2021, 2, 1)
    [line] = month_dataset(month=JUN_21)
    assert line.computed.max_12m == 3 and line.computed.avg_12m == Decimal(11) / 5
    assert line.computed.from_file == frozenset()


def test_importing_again_changes_nothing_and_a_new_figure_is_a_listed_change(make_user):
    user = make_user()
    importing(file(M4), user=user)
    before = list(ReportedFigure.objects.values_list("pk", "value", "imported_at"))
    again = importing(file(M4), user=user)
    assert again.changes == []
    assert list(ReportedFigure.objects.values_list("pk", "value", "imported_at")) == before
    changed = importing(file(M4.replace("\t15", "\t16")), user=user)
    assert [(c.field, c.old, c.new) for c in changed.changes] == [
        ("file's 12-month maximum", "15", "16")
    ]
    assert ReportedFigure.objects.get(column="max_12m").value == 16


def test_a_difference_rounding_explains_is_not_a_warning():
    make_indicator("M3", unit=Unit.PERCENTAGE)
    header = "Ref\tDescription\tAug 16\tSep 16\t% change from Aug 16\n"
    # 36% after 3% is +1,100% as shown; the team's unrounded figures gave +1,090%
    explained = plan_file(header + "M3\tShare\t3%\t36%\t↑ 1090\n")
    assert not explained.warnings
    wrong = plan_file(header + "M3\tShare\t3%\t36%\t↑ 1500\n")
    [warning] = wrong.warnings
    assert "The file says ↑ 1500 but the portal calculates 1,100" in str(warning)
    assert "more than the rounding of the file's figures explains" in str(warning)


def test_counts_are_exact_so_any_difference_is_a_warning():
    make_indicator("M1")
    header = "Ref\tDescription\tAug 16\tSep 16\t% change from Aug 16\n"
    assert plan_file(header + "M1\tContacts\t100\t150\t↑ 50\n").warnings == []
    [warning] = plan_file(header + "M1\tContacts\t100\t150\t↑ 51\n").warnings
    assert warning.column == "% change from Aug 16"


def plan_file(text: str):
    return DatasetImporter().plan(data=text.encode(), filename="d.tsv", options={}, user=None)


# -- frequency: the reader's ``DatasetRow.frequency`` ----------------------------------


def _row(ref: str, frequency: str | None, values: dict[date, str]) -> DatasetRow:
    return DatasetRow(
        line=2,
        ref=ref,
        area="Early Help",
        title=f"Title {ref}",
        owner=None,
        reporter=None,
        outcome=None,
        values={m: Cell(v, Decimal(v), CellStatus.VALUE) for m, v in values.items()},
        columns={"ref": "Ref", "frequency": "Frequency"},
        frequency=frequency,
    )


def _parsed(*rows: DatasetRow) -> DatasetFile:
    return DatasetFile(rows=list(rows), months=[date(2021, 3, 1), JUN_21], problems=[])


def _apply(parsed: DatasetFile, **options):
    plan = plan_dataset(parsed=parsed, create_indicators=True, allow_revisions=False, **options)
    assert not plan.has_errors, [str(p) for p in plan.errors]
    apply_dataset(plan.payload, read=ReadValues.from_json(plan.expected), user=None)
    return plan


QUARTERS = {date(2021, 3, 1): "15", JUN_21: "12"}


def test_a_new_indicator_takes_the_files_frequency_and_its_columns_follow_it():
    _apply(_parsed(_row("FM011", "quarterly", QUARTERS), _row("M1", None, QUARTERS)))
    frequencies = dict(Indicator.objects.values_list("ref", "frequency"))
    assert frequencies == {"FM011": Frequency.QUARTERLY, "M1": Frequency.MONTHLY}
    lines = {line.indicator.ref: line for line in month_dataset(month=JUN_21)}
    assert lines["FM011"].computed.pct_change_prev_month == -20  # from the March quarter
    assert lines["M1"].computed.pct_change_prev_month is None  # no May value


def test_an_existing_indicators_frequency_changes_as_a_listed_change():
    make_indicator("FM012")
    plan = _apply(_parsed(_row("FM012", "quarterly", QUARTERS)))
    assert [(c.subject, c.field, c.old, c.new) for c in plan.changes] == [
        ("FM012", "frequency", "Monthly", "Quarterly")
    ]
    assert Indicator.objects.get().frequency == Frequency.QUARTERLY
    assert _apply(_parsed(_row("FM012", "quarterly", QUARTERS))).changes == []
    assert _apply(_parsed(_row("FM012", None, QUARTERS))).changes == []  # silence keeps it


def test_an_unknown_frequency_is_a_warning_naming_the_row_and_column():
    make_indicator("FM012")
    plan = _apply(_parsed(_row("FM012", "fortnightly", QUARTERS)))
    [warning] = plan.warnings
    assert (warning.line, warning.column, warning.context) == (2, "Frequency", "FM012")
    assert '"fortnightly" is not a frequency' in warning.message
    assert Indicator.objects.get().frequency == Frequency.MONTHLY


# -- the file's figures checked by the rules its values pass (issue 24, item 2) ---------

NI147_MONTHS = "86.1%\t85.2%\t84.9%\t85.7%\t86.3%\t85.0%"


def ni147(june: str, yoy: str, avg: str, top: str) -> str:
    cells = ["NI147", "Care leavers in suitable accommodation", NI147_MONTHS, june, "→ 1", yoy]
    return "\t".join([*cells, avg, top])


def test_a_typing_error_in_the_month_and_the_12_month_max_is_refused_in_both():
    """The June 2021 file as received: 8571% in June and in the team's own maximum."""
    make_indicator("NI147", unit=Unit.PERCENTAGE)
    plan = plan_file(HEADER + ni147("8571%", "↑ 9840", "792%", "8571%") + "\n")
    refused = {(p.line, p.column, p.text) for p in plan.errors}
    assert (2, "Jun-21", "8571%") in refused  # the value check
    assert (2, "12 month max", "8571%") in refused
    assert (2, "12 month average", "792%") in refused
    max_error = next(p for p in plan.errors if p.column == "12 month max")
    assert max_error.context == "NI147, June 2021"
    assert "The file's 12-month maximum: A percentage cannot be over 100" in max_error.message


def test_a_corrected_month_does_not_let_the_files_own_figures_through(make_user):
    make_indicator("NI147", unit=Unit.PERCENTAGE)
    plan = plan_file(HEADER + ni147("85.71%", "↑ 9840", "792%", "8571%") + "\n")
    assert {p.column for p in plan.errors} == {"12 month max", "12 month average"}
    [year_on_year] = [p for p in plan.warnings if p.column == "% change from Jun 20"]
    assert "means June 2020 was 0.86%, far from its usual level" in year_on_year.message
    assert not ReportedFigure.objects.exists()


def test_a_change_the_rules_question_is_a_warning_and_the_file_imports(make_user):
    make_indicator("NI147", unit=Unit.PERCENTAGE)
    plan = importing(
        HEADER.encode() + ni147("85.71%", "↑ 9840", "85.6%", "86.3%").encode(), make_user()
    )
    [warning] = plan.warnings
    assert (warning.line, warning.column, warning.text) == (2, "% change from Jun 20", "↑ 9840")
    assert ReportedFigure.objects.filter(column="pct_change_prev_year").exists()
