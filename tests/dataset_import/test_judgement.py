"""The file's judgement (issue 24, item 1): a board table's RAG is kept and shown where the
portal cannot judge, compared where it can, and the file's targets and RAGs propose the
preferred directions the tables never state."""

from datetime import date

import pytest

from dataset_import.importers import DatasetImporter
from imports import services as import_services
from imports.plans import Severity
from indicators.models import Indicator, PreferredDirection, ReportedFigure, Target
from indicators.selectors import month_dataset
from packs.selectors import pack_content
from tests.dataset_import.test_dataset_file import tsv
from tests.dataset_import.test_layouts import HEADER_2023
from tests.indicators.factories import make_indicator

pytestmark = pytest.mark.django_db

JUL_23 = date(2023, 7, 1)


def board_row(ref, title, latest, *, target, rag, earlier="30%"):
    """A board table's row: twelve months of ``earlier``, then July 2023, with no preferred
    direction anywhere (the tables state none)."""
    return [ref, title, *[earlier] * 12, latest, target, rag, "0", "30%", "31%", "29%", "28%"]


def board(*rows) -> bytes:
    return tsv(["Right service right time"], HEADER_2023, *rows)


def preview(data: bytes, user=None):
    return import_services.preview_import(
        importer=DatasetImporter(),
        data=data,
        filename="board.tsv",
        options={"create_indicators": True},
        user=user,
    )


def importing(data: bytes, user=None):
    batch, plan = preview(data, user)
    assert not plan.has_errors, [str(p) for p in plan.errors]
    assert import_services.confirm_import(importer=DatasetImporter(), batch=batch, user=user)
    return plan


def lines_by_ref():
    return {line.indicator.ref: line for line in month_dataset(month=JUL_23)}


def warnings_on(plan, column: str) -> list:
    return [p for p in plan.problems if p.severity == Severity.WARNING and p.column == column]


def test_the_files_red_is_shown_and_listed_where_the_portal_cannot_judge(make_user):
    """No target this year: the portal cannot judge, so the board's red is the RAG, marked
    as the file's, and the pack's summary lists it among the reds."""
    importing(board(board_row("1", "Children missing", "12%", target="TBC", rag="-1")), make_user())
    assert ReportedFigure.objects.get().value == -1
    line = lines_by_ref()["1"]
    assert line.computed.rag == "red" and "rag" in line.computed.from_file
    assert [each.line.indicator.ref for each in pack_content(month=JUL_23).summary.red] == ["1"]


def test_on_its_target_a_rag_says_nothing_of_direction_and_the_files_amber_is_shown(make_user):
    plan = importing(
        board(board_row("2", "Children in care", "273", target="273", rag="0", earlier="270")),
        make_user(),
    )
    assert not [c for c in plan.changes if c.field.startswith("preferred direction")]
    assert Indicator.objects.get().preferred_direction == PreferredDirection.NEITHER
    line = lines_by_ref()["2"]
    assert line.computed.rag == "amber" and line.computed.from_file == {"rag"}


def test_a_direction_is_proposed_from_the_comparator_and_the_rag_with_its_evidence(make_user):
    user = make_user()
    plan = importing(
        board(board_row("3", "Re-referrals within 12 months", "45%", target="<36%", rag="-1")),
        user,
    )
    [proposal] = [c for c in plan.changes if c.field == "preferred direction (proposed)"]
    assert proposal.subject == "3" and proposal.new.startswith("Down is good")
    assert 'the target "<36%" is met below 36' in proposal.new
    assert "July 2023 is red at 45%, above its target <36%: lower is better" in proposal.new
    indicator = Indicator.objects.get()
    assert indicator.preferred_direction == PreferredDirection.DOWN
    reason = indicator.history.latest().history_change_reason
    assert reason.startswith("Imported; preferred direction down is good, proposed from")
    assert "July 2023 is red" in reason
    line = lines_by_ref()["3"]
    assert line.computed.rag == "red" and "rag" not in line.computed.from_file  # the portal's


def test_a_red_month_below_its_target_proposes_up_and_the_portal_then_judges(make_user):
    plan = importing(
        board(board_row("4", "Assessments in 45 days", "80%", target="95%", rag="-1")),
        make_user(),
    )
    assert not warnings_on(plan, "RAG")  # judged by the proposed direction, it agrees
    assert Indicator.objects.get().preferred_direction == PreferredDirection.UP
    line = lines_by_ref()["4"]
    assert line.computed.rag == "red" and line.computed.from_file == frozenset()


def test_where_the_portal_judges_otherwise_a_warning_names_both(make_user):
    """37% against "<36%" is within the 5% tolerance (37.8): amber to the portal, red to
    the board."""
    plan = importing(
        board(board_row("5", "Re-referrals", "37%", target="<36%", rag="-1")), make_user()
    )
    [warning] = warnings_on(plan, "RAG")
    assert (warning.line, warning.text, warning.context) == (3, "-1", "5, July 2023")
    assert "The file judges July 2023 red (-1), but the portal judges it amber" in warning.message
    assert "37% against the target <36%" in warning.message
    assert lines_by_ref()["5"].computed.rag == "amber"  # the portal's judgement is shown


def test_conflicting_evidence_is_listed_and_nothing_is_proposed(make_user):
    """A green month below a target written ">=95%": the comparator says higher is better,
    the board's green says lower."""
    _, plan = preview(board(board_row("6", "Visits", "90%", target=">=95%", rag="1")))
    assert not [c for c in plan.changes if c.field.startswith("preferred direction")]
    [conflict] = warnings_on(plan, "Target")
    assert "conflicts" in conflict.message and conflict.line == 3
    assert "higher is better" in conflict.message and "lower is better" in conflict.message


def test_a_direction_someone_set_is_never_overruled(make_user):
    make_indicator("7", title="Visits", unit="percentage", preferred_direction="up")
    _, plan = preview(board(board_row("7", "Visits", "45%", target="<36%", rag="-1")))
    assert not [c for c in plan.changes if c.field.startswith("preferred direction")]


def test_an_existing_context_only_indicator_is_proposed_a_direction(make_user):
    make_indicator("8", title="Re-referrals", unit="percentage")
    Target.objects.create(indicator=Indicator.objects.get(), financial_year=2023, value=36)
    plan = importing(
        board(board_row("8", "Re-referrals", "45%", target="<36%", rag="-1")), make_user()
    )
    [proposal] = [c for c in plan.changes if c.field == "preferred direction (proposed)"]
    assert proposal.old == "Neither (context only)"
    assert Indicator.objects.get().preferred_direction == PreferredDirection.DOWN
    importing(board(board_row("8", "Re-referrals", "45%", target="<36%", rag="-1")), make_user())
    assert Indicator.objects.get().history.count() == 2  # importing again changes nothing


def test_a_rag_beside_a_month_not_yet_known_is_listed_not_kept(make_user):
    plan = importing(
        board(board_row("9", "Children missing", "TBC", target="10", rag="-1")), make_user()
    )
    [warning] = warnings_on(plan, "RAG")
    assert "has no value for July 2023" in warning.message and warning.text == "-1"
    assert not ReportedFigure.objects.exists()


def test_a_changed_rag_is_listed_in_words(make_user):
    importing(board(board_row("1", "Children missing", "12%", target="TBC", rag="-1")), make_user())
    _, plan = preview(board(board_row("1", "Children missing", "12%", target="TBC", rag="1")))
    [change] = [c for c in plan.changes if c.field == "file's RAG"]
    assert (change.old, change.new) == ("Red (-1)", "Green (1)")
