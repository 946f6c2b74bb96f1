"""People, never invented (issue #24, item 3): the outcome cell's ``<i>`` markup separates the
reporter's name from the outcome; where nothing says who reports, the reporter stays blank
and the preview warns, naming the row and column."""

import pytest

from dataset_import.dataset_file import read_dataset
from dataset_import.dataset_file.cells import lead_and_outcome
from dataset_import.importers import DatasetImporter
from dataset_import.people import NameBook, people_of
from imports.plans import Severity
from indicators.models import Indicator
from tests.dataset_import.test_plan import apply
from tests.indicators.factories import make_indicator

HEADER = "Ref.\tIndicator\tOwner\tReporter\tOutcome\tMay-21\tJun-21\n"
MERGED_HEADER = "Ref.\tIndicator\tOwner Reporter\tOutcome\tMay-21\tJun-21\n"
LAC2_OUTCOME = "Mary Hardy <i>Where children meet the threshold\u2026</i>"


def plan(data: str):
    options = {"create_indicators": True}
    return DatasetImporter().plan(
        data=data.encode(), filename="june.tsv", options=options, user=None
    )


def people() -> dict[str, tuple[str, str, str]]:
    rows = Indicator.objects.values_list("ref", "owner_name", "reporter_name", "outcome")
    return {ref: (owner, reporter, outcome) for ref, owner, reporter, outcome in rows}


def warnings(result) -> list[str]:
    return [str(p) for p in result.problems if p.severity == Severity.WARNING]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (LAC2_OUTCOME, ("Mary Hardy", "Where children meet the threshold\u2026")),
        ("Mary Ann de Souza <em>Safe</em>", ("Mary Ann de Souza", "Safe")),
        ("<i>Where it is safe</i>", ("", "Where it is safe")),
        ("Where it is <i>safe</i> to do so", ("", "Where it is safe to do so")),
        ("Children are <b>safe</b>", ("", "Children are safe")),
        ("Mary Hardy Where it is safe", ("", "Mary Hardy Where it is safe")),
        ("Mary Hardy <i></i>", ("", "Mary Hardy")),
    ],
)
def test_the_outcome_begins_at_its_markup(cell, expected):
    assert lead_and_outcome(cell) == expected


def test_the_reader_keeps_the_name_before_the_markup_apart():
    parsed = read_dataset(
        (HEADER + f"LAC2\tChildren in care\tJulian Watkins\t\t{LAC2_OUTCOME}\t510\t512\n").encode(),
        filename="june.tsv",
    )
    [lac2] = parsed.rows
    assert (lac2.owner, lac2.reporter, lac2.outcome_lead, lac2.outcome) == (
        "Julian Watkins", "", "Mary Hardy", "Where children meet the threshold\u2026",
    )  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(
    "line",
    [
        f"LAC2\tChildren in care\tJulian Watkins\t\t{LAC2_OUTCOME}\t510\t512\n",
        # One merged cell read into both columns.
        f"LAC2\tChildren in care\tJulian Watkins\tJulian Watkins\t{LAC2_OUTCOME}\t510\t512\n",
        # Both names in the owner's cell, the reporter's again before the outcome.
        f"LAC2\tChildren in care\tJulian Watkins Mary Hardy\t\t{LAC2_OUTCOME}\t510\t512\n",
    ],
)
def test_a_reporter_named_only_before_the_outcome_is_the_reporter(line):
    """Mary Hardy is in no other cell of the file and has no account."""
    result = plan(HEADER + line)
    assert not [w for w in warnings(result) if "reporter" in w]
    apply(result)
    assert people()["LAC2"] == (
        "Julian Watkins", "Mary Hardy", "Where children meet the threshold\u2026",
    )  # fmt: skip


@pytest.mark.django_db
def test_a_merged_cell_naming_one_person_leaves_the_reporter_blank_with_a_warning():
    result = plan(
        MERGED_HEADER
        + f"LAC2\tChildren in care\tJulian Watkins\t{LAC2_OUTCOME}\t510\t512\n"
        + "LAC3\tCare leavers\tJulian Watkins\tCare leavers are in touch\t51\t52\n"
    )
    [warning] = warnings(result)
    assert warning.startswith('Row 3, column "Owner Reporter" (LAC3)')
    assert '"Julian Watkins" names one person' in warning and "left blank" in warning
    apply(result)
    assert people() == {
        "LAC2": ("Julian Watkins", "Mary Hardy", "Where children meet the threshold\u2026"),
        "LAC3": ("Julian Watkins", "", "Care leavers are in touch"),
    }


@pytest.mark.django_db
def test_an_unknown_name_before_an_outcome_without_markup_is_not_guessed():
    result = plan(
        HEADER + "LAC2\tChildren in care\tJulian Watkins\t\t"
        "Mary Hardy Where children meet the threshold\t510\t512\n"
    )
    [warning] = warnings(result)
    assert warning.startswith('Row 2, column "Reporter" (LAC2): The row names no reporter')
    apply(result)
    assert people()["LAC2"] == (
        "Julian Watkins", "", "Mary Hardy Where children meet the threshold",
    )  # fmt: skip


@pytest.mark.django_db
def test_no_warning_for_a_blank_reporter_where_the_catalogue_has_one():
    make_indicator("LAC2", reporter_name="Mary Hardy")
    result = plan(HEADER + "LAC2\tChildren in care\tJulian Watkins\t\tSafe\t510\t512\n")
    assert not warnings(result)


@pytest.mark.django_db
def test_a_reporters_column_that_disagrees_with_the_name_before_the_outcome_wins_with_a_warning():
    result = plan(
        HEADER + f"LAC2\tChildren in care\tJulian Watkins\tCath Parkin\t{LAC2_OUTCOME}\t1\t2\n"
    )
    [warning] = warnings(result)
    assert warning.startswith(
        'Row 2, column "Outcome" (LAC2): The outcome starts with "Mary Hardy"'
    )
    apply(result)
    assert people()["LAC2"][1:] == ("Cath Parkin", "Where children meet the threshold\u2026")


def test_known_names_still_split_cells_without_markup():
    book = NameBook(["Stuart Webb", "Phil Bullingham"])
    found = people_of(
        owner="Phil Bullingham Stuart Webb", reporter="", owner_reporter=None,
        outcome="Stuart Webb Where it is safe", book=book,
    )  # fmt: skip
    assert (found.owner, found.reporter, found.outcome, found.doubts) == (
        "Phil Bullingham", "Stuart Webb", "Where it is safe", (),
    )  # fmt: skip


def test_a_file_without_people_columns_has_no_doubts_about_them():
    found = people_of(
        owner=None, reporter=None, owner_reporter=None, outcome=None, book=NameBook([])
    )
    assert (found.owner, found.reporter, found.doubts) == (None, None, ())


@pytest.mark.django_db
def test_names_a_letter_or_two_apart_are_a_warning_naming_both():
    """As the September 2016 sample has it: "Lissa-Marie Minnis" on LAC1, "Lisa-Marie Minnis"
    below; kept as two people, but the preview asks."""
    result = plan(
        HEADER
        + "LAC1\tChildren in care\tJane White\tLissa-Marie Minnis\tSafe\t626\t614\n"
        + "LAC2\tNew in care\tJane White\tLisa-Marie Minnis\tSafe\t13\t9\n"
        + "LAC3\tCeasing care\tJane White\tLisa-Marie Minnis\tSafe\t14\t18\n"
    )
    [warning] = warnings(result)
    assert warning.startswith('Row 3, column "Reporter" (LAC2): "Lisa-Marie Minnis" is very like')
    assert '"Lissa-Marie Minnis" (row 2)' in warning and "two people" in warning
    apply(result)
    assert {reporter for _, reporter, _ in people().values()} == {
        "Lissa-Marie Minnis", "Lisa-Marie Minnis",
    }  # fmt: skip


@pytest.mark.django_db
def test_a_name_like_one_in_the_catalogue_is_a_warning_and_different_names_are_not():
    make_indicator("LAC9", owner_name="Jane Whyte")
    result = plan(
        HEADER
        + "LAC1\tChildren in care\tJane White\tJohn White\tSafe\t626\t614\n"
        + "LAC2\tNew in care\tJane White\tMary Hardy\tSafe\t13\t9\n"
    )
    [warning] = warnings(result)
    assert '"Jane White" is very like "Jane Whyte" in the catalogue' in warning
