"""What the plan makes of a file: identity, areas, people, targets, benchmarks, commentary,
other people's work, and counts that add up to the file (issue #15).

Files are built here as the reader returns them (``DatasetRow`` / ``DatasetFile``), with
the fields the reader contract adds, so each quirk is tested whatever layout carries it.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.models import ImportBatch
from dataset_import.dataset_file import Cell, CellStatus, DatasetFile, DatasetRow
from dataset_import.importers import DatasetImporter
from dataset_import.people import NameBook
from dataset_import.plan import plan_dataset
from imports import services as import_services
from imports.plans import Severity
from indicators import value_writes
from indicators.models import (
    COMMENTARY_MAX_LENGTH,
    Area,
    AreaRule,
    Benchmark,
    ChangeKind,
    Indicator,
    MonthlyValue,
    PreferredDirection,
    Target,
    Unit,
    ValueState,
)
from tests.dataset_import.test_dataset_file import tsv
from tests.dataset_import.test_layouts import DISTRIBUTION, SECTIONED_TABLES
from tests.indicators.factories import add_values, make_indicator

pytestmark = pytest.mark.django_db

MAY, JUNE = date(2021, 5, 1), date(2021, 6, 1)
COLUMNS = {"ref": "Ref.", "title": "Indicator", MAY.isoformat(): "May-21",
           JUNE.isoformat(): "Jun-21", "owner_reporter": "Owner Reporter"}  # fmt: skip


def cell(text: str) -> Cell:
    """A cell as the reader reads it: a number, a placeholder, or blank."""
    if text.strip() and text.replace(".", "", 1).isdigit():
        return Cell(text, Decimal(text), CellStatus.VALUE)
    return Cell(text, None, CellStatus.MISSING)


def row(line: int, ref: str, title: str = "Contacts", may="", june="", **fields) -> DatasetRow:
    fields = {"area": None, "owner": None, "reporter": None, "outcome": None, **fields}
    values = {MAY: cell(may), JUNE: cell(june)}
    return DatasetRow(line=line, ref=ref, title=title, values=values, columns=COLUMNS, **fields)


def plan(*rows: DatasetRow, create: bool = True, revisions: bool = False):
    parsed = DatasetFile(rows=list(rows), months=[MAY, JUNE], problems=[])
    return plan_dataset(parsed=parsed, create_indicators=create, allow_revisions=revisions)


def apply(result, user=None) -> None:
    assert not result.has_errors, [str(p) for p in result.errors]
    with transaction.atomic():
        DatasetImporter().apply(result, user=user, options={})


def messages(result, severity: Severity) -> list[str]:
    return [str(p) for p in result.problems if p.severity == severity]


# Identity


def test_one_ref_for_different_titles_is_matched_by_title_and_each_row_named():
    make_indicator("74", title="Children in need")
    result = plan(
        row(3, "74", "Children in need", june="10"),
        row(4, "74", "Child protection plans", june="20"),
        row(5, "", "Care leavers in touch", june="30"),
    )
    warnings = messages(result, Severity.WARNING)
    assert any(w.startswith("Row 3") and "used for 2 different" in w for w in warnings)
    assert any(w.startswith("Row 4") and "used for 2 different" in w for w in warnings)
    assert any(w.startswith("Row 5") and "it has no ref" in w for w in warnings)
    apply(result)
    by_title = dict(Indicator.objects.values_list("title", "ref"))
    assert by_title == {
        "Children in need": "74",
        "Child protection plans": "74 (2)",
        "Care leavers in touch": "T1",
    }
    assert MonthlyValue.objects.get(indicator__title="Child protection plans").value == 20
    again = plan(
        row(3, "74", "Children in need", june="10"),
        row(4, "74", "Child protection plans", june="20"),
        row(5, "", "Care leavers in touch", june="30"),
    )
    counts = again.summary_counts()
    assert (counts["indicators matched"], counts["new"], counts["unchanged"]) == (3, 0, 3)


def test_an_indicator_in_two_tables_is_one_indicator_when_its_values_agree():
    result = plan(row(3, "M1", may="5", june="7"), row(20, "M1", june="7"))
    assert not result.has_errors
    counts = result.summary_counts()
    assert (counts["new indicators"], counts["rows repeated"], counts["values repeated"]) == (
        1,
        1,
        1,
    )
    assert any("Row 20" in note and "same indicator as row 3" in note
               for note in messages(result, Severity.NOTE))  # fmt: skip


def test_an_indicator_in_two_tables_with_different_values_is_an_error_naming_both_rows():
    result = plan(row(3, "M1", june="7"), row(20, "M1", june="8"))
    [error] = [str(p) for p in result.errors]
    assert "rows 3 and 20" in error and "June 2021" in error and '"7" and "8"' in error


# Areas


def test_area_from_the_section_title_then_the_ref_rule_and_existing_indicators_keep_theirs():
    # The team edits a default rule (``0013_default_area_rules``): EH to its own area.
    AreaRule.objects.filter(prefix="EH").update(area=Area.objects.create(name="Early Help"))
    make_indicator("M1", area="MASH")
    apply(
        plan(
            row(3, "M1", june="1", section="Right service right time"),
            row(4, "M2", june="1", section="Right service right time"),
            row(5, "EH1c", june="1"),
            row(6, "EHX", june="1", area="Family support"),
            row(7, "Q9", june="1"),
        )
    )
    areas = dict(Indicator.objects.values_list("ref", "area__name"))
    assert areas == {
        "M1": "MASH",
        "M2": "Right service right time",
        "EH1c": "Early Help",
        "EHX": "Family support",
        "Q9": "Unassigned",
    }


def test_section_titles_above_and_between_board_tables_are_the_new_indicators_areas():
    options = {"create_indicators": True}
    data = tsv(*SECTIONED_TABLES)
    apply(DatasetImporter().plan(data=data, filename="board.tsv", options=options, user=None))
    areas = dict(Indicator.objects.values_list("title", "area__name"))
    assert areas == {
        "Contacts": "Right service right time",
        "Children in need": DISTRIBUTION,
        "Children in care": DISTRIBUTION,
        "Care leavers in touch": DISTRIBUTION,
    }


def test_a_rule_takes_the_whole_run_of_letters_of_a_ref():
    assert [AreaRule.prefix_of(ref) for ref in ("EH1c", "m3", "CP3-QL", "74", "MH1")] == [
        "EH", "M", "CP", "", "MH",
    ]  # fmt: skip


# Everything about an indicator


def test_direction_people_and_outcome_of_an_existing_indicator_change_with_history(make_user):
    jane = make_user(first_name="Jane", last_name="White")
    indicator = make_indicator("M1", owner=jane)
    result = plan(
        row(3, "M1", june="4", preferred_direction="up", owner="Jane White",
            reporter="Stuart Webb", outcome="Children are safe"),
    )  # fmt: skip
    changes = {(c.subject, c.field): (c.old, c.new) for c in result.changes}
    assert changes == {
        ("M1", "preferred direction"): ("neither", "up"),
        ("M1", "reporter"): ("", "Stuart Webb"),
        ("M1", "outcome"): ("", "Children are safe"),
    }
    assert result.summary_counts()["catalogue changes"] == 3
    apply(result)
    indicator.refresh_from_db()
    assert indicator.preferred_direction == PreferredDirection.UP
    assert (indicator.owner, indicator.reporter, indicator.reporter_label) == (
        jane, None, "Stuart Webb",
    )  # fmt: skip
    [history] = indicator.history.filter(history_change_reason="Imported")
    assert history.reporter_name == "Stuart Webb"


def test_an_account_linked_to_a_name_later_is_kept_by_the_next_import(make_user):
    apply(plan(row(3, "M1", june="4", owner="Phil Bullingham", reporter="Phil Bullingham")))
    indicator = Indicator.objects.get(ref="M1")
    assert (indicator.owner, indicator.owner_label) == (None, "Phil Bullingham")
    indicator.owner = make_user(first_name="Philip", last_name="Bullingham")
    indicator.save()
    again = plan(row(3, "M1", june="4", owner="Phil Bullingham", reporter="Phil Bullingham"))
    assert not again.changes and again.summary_counts()["catalogue changes"] == 0


def test_a_merged_owner_reporter_cell_is_split_by_names_known_in_the_same_file():
    apply(
        plan(
            row(3, "M1", june="1", owner="Stuart Webb", reporter="Stuart Webb"),
            row(4, "M2", june="1", owner_reporter="Phil Bullingham Stuart Webb"),
            row(5, "M3", june="1", owner_reporter="Jo Bloggs",
                outcome="Stuart Webb Where it is safe to do so"),
        )
    )  # fmt: skip
    people = {
        ref: (owner, reporter, outcome)
        for ref, owner, reporter, outcome in Indicator.objects.values_list(
            "ref", "owner_name", "reporter_name", "outcome"
        )
    }
    assert people["M2"] == ("Phil Bullingham", "Stuart Webb", "")
    assert people["M3"] == ("Jo Bloggs", "Stuart Webb", "Where it is safe to do so")


def test_a_merged_cell_of_unknown_names_is_a_guess_the_preview_warns_about():
    result = plan(row(4, "M2", june="1", owner_reporter="Ann Lee Bob Ray"))
    [warning] = [w for w in messages(result, Severity.WARNING) if "not known" in w]
    assert 'owner "Ann Lee" and reporter "Bob Ray"' in warning and warning.startswith("Row 4")


def test_targets_for_the_financial_year_named_or_of_the_month_with_their_comparator():
    make_indicator("M1")
    target = Cell("<36%", Decimal(36), CellStatus.VALUE)
    apply(plan(row(3, "M1", june="30", target=target, target_comparator="<"),
               row(4, "M2", june="3", target=Cell("95", Decimal(95), CellStatus.VALUE),
                   target_year=2019)))  # fmt: skip
    targets = set(
        Target.objects.values_list("indicator__ref", "financial_year", "value", "comparator")
    )
    assert targets == {("M1", 2021, Decimal(36), "<"), ("M2", 2019, Decimal(95), "")}
    changed = plan(row(3, "M1", june="30", target=Cell(">= 95%", Decimal(95), CellStatus.VALUE),
                       target_comparator=">="))  # fmt: skip
    assert [(c.field, c.old, c.new) for c in changed.changes] == [("target 2021-22", "<36", ">=95")]
    apply(changed)
    target = Target.objects.get(indicator__ref="M1")
    assert (target.value, target.comparator, target.history.count()) == (95, ">=", 2)


def test_benchmarks_keep_their_year_and_a_later_file_refreshes_them():
    make_indicator("M1")
    sn = Cell("12", Decimal(12), CellStatus.VALUE)
    apply(plan(row(3, "M1", june="1", benchmarks={"statistical_neighbours": sn},
                   benchmark_years={"statistical_neighbours": "2020-21"})))  # fmt: skip
    later = plan(row(3, "M1", june="1", benchmarks={
        "statistical_neighbours": Cell("14", Decimal(14), CellStatus.VALUE),
        "prior_year": Cell("9", Decimal(9), CellStatus.VALUE),
    }, benchmark_years={"statistical_neighbours": "2020-21", "prior_year": "2021-22"}))  # fmt: skip
    assert {(c.field, c.old, c.new) for c in later.changes} == {
        ("benchmark: Statistical neighbours 2020-21", "12", "14"),
        ("benchmark: Own prior year 2021-22", "", "9"),
    }
    apply(later)
    assert set(Benchmark.objects.values_list("group", "year", "value")) == {
        ("statistical_neighbours", "2020-21", Decimal(14)),
        ("prior_year", "2021-22", Decimal(9)),
    }
    assert not plan(row(3, "M1", june="1", benchmarks={
        "statistical_neighbours": Cell("14", Decimal(14), CellStatus.VALUE),
    }, benchmark_years={"statistical_neighbours": "2020-21"})).changes  # fmt: skip


def test_benchmark_caveats_are_stored_as_the_file_says_them():
    """ "Local" is a local measure, "-" not available, blank not stated (nothing stored)."""
    make_indicator("M1")
    local = Cell("Local ind'ctr", None, CellStatus.LOCAL)
    absent = Cell("-", None, CellStatus.NOT_AVAILABLE)
    blank = Cell("", None, CellStatus.MISSING)
    benchmarks = {"england": local, "statistical_neighbours": absent, "region": blank}
    result = plan(row(3, "M1", june="1", benchmarks=benchmarks))
    assert {(c.field, c.old, c.new) for c in result.changes} == {
        ("benchmark: England", "", "Local measure"),
        ("benchmark: Statistical neighbours", "", "Not available"),
    }
    apply(result)
    stored = {b.group: (b.value, b.caveat, b.shown) for b in Benchmark.objects.all()}
    assert stored == {
        "england": (None, "local", "Local measure"),
        "statistical_neighbours": (None, "not_available", "Not available"),
    }
    assert not plan(row(3, "M1", june="1", benchmarks=benchmarks)).changes
    figure = Cell("8", Decimal(8), CellStatus.VALUE)
    refreshed = plan(row(3, "M1", june="1", benchmarks={"england": figure}))
    assert [(c.field, c.old, c.new) for c in refreshed.changes] == [
        ("benchmark: England", "Local measure", "8")
    ]
    apply(refreshed)
    england = Benchmark.objects.get(group="england")
    assert (england.value, england.caveat, england.shown) == (8, "", "")


def test_a_later_file_with_years_leaves_the_older_figures_their_own_years():
    make_indicator("M1")
    undated = Cell("21", Decimal(21), CellStatus.VALUE)
    apply(plan(row(3, "M1", june="1", benchmarks={"england": undated})))
    dated = Cell("23", Decimal(23), CellStatus.VALUE)
    apply(plan(row(3, "M1", june="1", benchmarks={"england": dated},
                   benchmark_years={"england": "2021-22"})))  # fmt: skip
    assert set(Benchmark.objects.values_list("year", "value")) == {
        ("", Decimal(21)),
        ("2021-22", Decimal(23)),
    }


def test_a_file_without_years_leaves_a_benchmark_someone_gave_a_year_alone():
    indicator = make_indicator("M1")
    Benchmark.objects.create(indicator=indicator, group="england", value=8, year="2014-15")
    same = Cell("8", Decimal(8), CellStatus.VALUE)
    assert not plan(row(3, "M1", june="1", benchmarks={"england": same})).changes
    newer = plan(
        row(3, "M1", june="1", benchmarks={"england": Cell("9", Decimal(9), CellStatus.VALUE)})
    )
    assert [(c.field, c.old, c.new) for c in newer.changes] == [("benchmark: England", "", "9")]


# Units from titles


def test_a_new_indicators_unit_is_taken_from_its_title():
    apply(
        plan(
            row(3, "CP1-NI", "Number of S47 enquiries, rate per 10,000", june="41.2"),
            row(4, "YO2", "First-time entrants per 100,000", june="350.4"),
            row(5, "M3", "Percentage of contacts that become referrals", june="30"),
            row(6, "M1", "Number of contacts", june="1480"),
        )
    )
    assert dict(Indicator.objects.values_list("ref", "unit")) == {
        "CP1-NI": Unit.RATE_PER_10000,
        "YO2": Unit.RATE_PER_100000,
        "M3": Unit.PERCENTAGE,
        "M1": Unit.COUNT,
    }


def test_a_stored_unit_its_title_contradicts_is_a_change_proposed_in_the_preview():
    """CP6B-NI was guessed a count; its title says per 10,000: the change is listed, the
    file's rate is read as a rate (not refused as a count with decimals), and the change is
    applied on confirm with history."""
    indicator = make_indicator("CP6B-NI", title="Children on a CP plan per 10,000")
    make_indicator("M7", unit=Unit.PERCENTAGE, title="Re-referral rate")
    result = plan(
        row(3, "CP6B-NI", "Children on a CP plan per 10,000", june="41.2"),
        row(4, "M7", "Re-referral rate", june="22"),
    )
    assert [(c.subject, c.field, c.old, c.new) for c in result.changes] == [
        ("CP6B-NI", "unit", "Count", "Rate per 10,000 children"),
    ]
    apply(result)
    indicator.refresh_from_db()
    assert indicator.unit == Unit.RATE_PER_10000
    assert MonthlyValue.objects.get(indicator=indicator).value == Decimal("41.2")
    assert indicator.history.first().history_change_reason == "Imported"
    assert not plan(row(3, "CP6B-NI", "Children on a CP plan per 10,000", june="41.2")).changes


# Nothing silently lost


def test_commentary_is_kept_when_the_months_value_is_blank():
    indicator = make_indicator("FM011")
    add_values(indicator, {MAY: "4"})
    apply(plan(row(3, "FM011", may="4", june="", commentary="Reported per quarter")))
    june = MonthlyValue.objects.get(month=JUNE)
    assert (june.value, june.commentary) == (None, "Reported per quarter")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["M1", "M2", "M3", "", "74"]),
            st.sampled_from(["Contacts", "Referrals"]),
            st.sampled_from(["", "3", "5", "TBC", "-"]),
            st.sampled_from(["", "3", "5", "TBC", "n/a"]),
            st.sampled_from(["", "Why it moved"]),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_the_counts_add_up_to_the_file(rows):
    """Every row and every month cell of a file is counted once, whatever it holds."""
    parsed = [row(3 + i, ref, title, may=may, june=june, commentary=commentary)
              for i, (ref, title, may, june, commentary) in enumerate(rows)]  # fmt: skip
    counts = plan(*parsed).summary_counts()
    assert (
        counts["rows read"]
        == len(parsed)
        == sum(
            counts[key]
            for key in ("indicators matched", "new indicators", "rows repeated", "rows refused")
        )
    )
    cells = ("new", "changed", "unchanged", "conflicts", "blank", "skipped", "values repeated",
             "values refused")  # fmt: skip
    assert sum(counts[key] for key in cells) == 2 * len(parsed)


# Other people's work


@pytest.fixture
def entered(make_user) -> MonthlyValue:
    """June of M1 as a reporter entered it in the portal, in a month still open."""
    (june,) = add_values(make_indicator("M1"), {JUNE: "7"})
    reporter = make_user(first_name="Rita", last_name="Reporter")
    value_writes.update_values([(june.pk, Decimal(8), "Checked twice", 1)], user=reporter,
                               reason="Edited", kind=ChangeKind.ENTERED)  # fmt: skip
    return june


def test_a_value_a_reporter_entered_is_a_change_to_confirm_naming_them(entered):
    result = plan(row(3, "M1", june="9", commentary="From the file"))
    [conflict] = result.errors
    assert "Rita Reporter on" in str(conflict) and "entered this in the portal" in str(conflict)
    assert {(c.field, c.old, c.new, c.conflict) for c in result.changes} == {
        ("value", "8", "9", True), ("commentary", "Checked twice", "From the file", True),
    }  # fmt: skip
    assert all(c.by.startswith("Rita Reporter on") for c in result.changes)


def test_values_written_by_an_import_are_not_someones_work():
    (june,) = add_values(make_indicator("M1"), {JUNE: "7"})
    value_writes.update_values(
        [(june.pk, Decimal(8), "", 1)], user=None, reason="Imported", kind=ChangeKind.IMPORTED
    )
    assert not plan(row(3, "M1", june="9")).has_errors


def test_a_preview_refused_only_for_revisions_is_applied_as_revisions_with_one_reason(
    entered, client_as
):
    client = client_as("Performance team")
    file = b"Ref\tDescription\tMay 21\tJun 21\tCommentary\nM1\tContacts\t\t9\tFrom the file\n"
    batch, _ = import_services.preview_import(
        importer=DatasetImporter(), data=file, filename="june.tsv", options={}, user=None
    )
    url = reverse("dataset_import:import-preview", args=[batch.pk])
    page = client.get(url).content.decode()
    assert 'name="revise"' in page and "Entered by Rita Reporter" in page
    # The errors stand above the counts they explain (issue 26).
    assert page.index("1 error: nothing will be imported") < page.index('id="import-counts"')
    refused = client.post(url, {"revise": "1", "revision_reason": ""})
    assert refused.status_code == 200 and "Enter why" in refused.content.decode()
    client.post(url, {"revise": "1", "revision_reason": "Late data confirmed by the owner"})
    batch.refresh_from_db()
    entered.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED and entered.value == 9
    assert entered.history.first().history_change_reason == (
        "Revision by import (revisions allowed): Late data confirmed by the owner"
    )
    # Applied, the page no longer says nothing will be imported beside "Applied" (issue 26).
    applied = client.get(url).content.decode()
    assert "Applied" in applied and "nothing will be imported" not in applied
    assert "Applied as revisions: 1 value revised" in applied
    assert 'name="revise"' not in applied


def test_a_preview_with_other_errors_offers_no_revisions(entered, client_as):
    client = client_as("Performance team")
    file = b"Ref\tDescription\tMay 21\tJun 21\nM1\tContacts\t\t9\nZZ\tUnknown\t\t1\n"
    batch, _ = import_services.preview_import(
        importer=DatasetImporter(), data=file, filename="june.tsv", options={}, user=None
    )
    url = reverse("dataset_import:import-preview", args=[batch.pk])
    assert 'name="revise"' not in client.get(url).content.decode()
    client.post(url, {"revise": "1", "revision_reason": "Because"})
    entered.refresh_from_db()
    assert entered.value == 8 and ValueState(entered.state) == ValueState.DRAFT


# Splitting names (pure)


GUESS = 'read as owner "Ann Lee" and reporter "Bob Ray"'


@pytest.mark.parametrize(
    "text, known, expected",
    [
        ("Phil Bullingham / Stuart Webb", [], ("Phil Bullingham", "Stuart Webb", "")),
        ("Phil Bullingham Stuart Webb", ["stuart webb"], ("Phil Bullingham", "Stuart Webb", "")),
        ("Mary Ann Smith Jo Li", ["mary ann smith", "jo li"], ("Mary Ann Smith", "Jo Li", "")),
        ("Jo Bloggs", [], ("Jo Bloggs", None, "")),
        ("Jo Bloggs", ["jo bloggs"], ("Jo Bloggs", None, "")),
        (
            "Ann Lee Bob Ray",
            [],
            ("Ann Lee", "Bob Ray", 'read as owner "Ann Lee" and reporter "Bob Ray"'),
        ),
    ],
)
def test_a_merged_cell_is_split_by_known_names(text, known, expected):
    assert NameBook(known).split(text) == expected


def test_a_known_name_leading_an_outcome_is_taken_off_it():
    book = NameBook(["Stuart Webb"])
    assert book.leading("Stuart Webb Where it is safe") == ("Stuart Webb", "Where it is safe")
    assert book.leading("Where it is safe") is None and book.leading("Stuart Webb") is None


def test_an_empty_row_made_by_opening_the_month_is_nobodys_work(make_user):
    add_values(make_indicator("M1"), {JUNE: None}, updated_by=make_user())
    assert not plan(row(3, "M1", june="9")).has_errors


def test_end_to_end_a_2021_style_file_through_todays_reader(make_user):
    """No Area column, people without accounts, a preferred direction in words, and June's
    commentary where June's value is blank; re-importing it changes nothing."""
    AreaRule.objects.create(prefix="FM", area=Area.objects.create(name="Family support"))
    make_indicator("M4", area="MASH")
    data = (
        b"Ref.\tIndicator\tOwner\tReporter\tOutcome\tMay-21\tJun-21\tPreferred DoT\t"
        b"Commentary (Jun-21):\n"
        b"M4\tRepeat referrals\tPhil Bullingham\tStuart Webb\tFewer repeats\t15\t12\t"
        b"Lower is better\tDown again\n"
        b"FM011\tFamilies supported per quarter\tPhil Bullingham\tStuart Webb\t\t40\t\t\t"
        b"Reported per quarter\n"
    )
    importer = DatasetImporter()
    options = {"create_indicators": True}
    result = importer.plan(data=data, filename="june-2021.tsv", options=options, user=None)
    apply(result)
    m4, fm011 = Indicator.objects.get(ref="M4"), Indicator.objects.get(ref="FM011")
    assert (m4.area.name, m4.preferred_direction, m4.owner_label, m4.reporter_label) == (
        "MASH", PreferredDirection.DOWN, "Phil Bullingham", "Stuart Webb",
    )  # fmt: skip
    assert fm011.area.name == "Family support"
    june = MonthlyValue.objects.get(indicator=fm011, month=JUNE)
    assert (june.value, june.commentary) == (None, "Reported per quarter")
    again = importer.plan(data=data, filename="june-2021.tsv", options=options, user=None)
    counts = again.summary_counts()
    assert (counts["new"], counts["changed"], counts["catalogue changes"]) == (0, 0, 0)
    assert counts["unchanged"] == 4 and not again.changes


def test_the_pack_and_the_catalogue_page_name_people_without_an_account(make_user, client_as):
    from packs.builders.common import owner_and_reporter

    indicator = make_indicator("M1", owner=make_user(first_name="Jane", last_name="White"),
                               reporter_name="Stuart Webb")  # fmt: skip
    assert owner_and_reporter(indicator) == "Jane White / Stuart Webb"
    page = client_as("Performance team").get(reverse("indicators:detail", args=[indicator.pk]))
    assert "Stuart Webb" in page.content.decode()


def test_commentary_past_the_limit_is_an_error_naming_row_and_column():
    """Issue 25: a megabyte of commentary was accepted (one indicator page became 4.2 MB)."""
    make_indicator("FM011")
    long = "x" * (COMMENTARY_MAX_LENGTH + 1)
    result = plan(row(3, "FM011", may="4", june="5", commentary=long), create=False)
    assert messages(result, Severity.ERROR) == [
        'Row 3, column "Commentary" (FM011, June 2021): The commentary is too long. '
        "It has 5,001 characters: the most accepted is 5,000."
    ]
    assert result.counts["values refused"] == 1


def test_commentary_at_the_limit_is_stored():
    make_indicator("FM011")
    apply(plan(row(3, "FM011", june="5", commentary="x" * COMMENTARY_MAX_LENGTH), create=False))
    assert len(MonthlyValue.objects.get(month=JUNE).commentary) == COMMENTARY_MAX_LENGTH


@pytest.mark.parametrize("create", [True, False])
def test_a_ref_differing_only_in_case_from_a_stored_one_is_an_error_naming_both(create):
    """Issue 25: ``m1`` in a file is not the stored ``M1`` (refs are case-sensitive text), nor
    may it be created beside it."""
    make_indicator("M1")
    result = plan(row(3, "m1", june="5"), create=create)
    assert messages(result, Severity.ERROR) == [
        'Row 3, column "Ref." (m1): The ref "m1" differs only in upper or lower case from "M1", '
        "in the catalogue: refs must differ by more than their case."
    ]
    assert result.counts["rows refused"] == 1


def test_new_refs_differing_only_in_case_within_a_file_are_an_error_naming_the_first():
    result = plan(row(3, "NEW1", june="5"), row(4, "new1", title="Referrals", june="6"))
    assert messages(result, Severity.ERROR) == [
        'Row 4, column "Ref." (new1): The ref "new1" differs only in upper or lower case from '
        '"NEW1", earlier in the file: refs must differ by more than their case.'
    ]


def test_whose_work_a_value_is_follows_the_kind_of_its_last_change_not_its_words(make_user):
    """Issue 27: a reason that happens to start like an import's is still someone's entry,
    and an import's write is nobody's whatever its reason says."""
    (june,) = add_values(make_indicator("M1"), {JUNE: "7"})
    reporter = make_user(first_name="Rita", last_name="Reporter")
    value_writes.update_values(
        [(june.pk, Decimal(8), "", 1)],
        user=reporter,
        reason="Imported by hand from the MASH e-mail",
        kind=ChangeKind.ENTERED,
    )
    [conflict] = plan(row(3, "M1", june="9")).errors
    assert "Rita Reporter on" in str(conflict)
    value_writes.update_values(
        [(june.pk, Decimal(9), "", 2)],
        user=reporter,
        reason="Nightly load",
        kind=ChangeKind.IMPORTED,
    )
    assert not plan(row(3, "M1", june="10")).has_errors
