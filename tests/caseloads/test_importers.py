"""The caseload snapshot import: good and bad files, nothing changed on error, replacement."""

import io
from datetime import date

import openpyxl
import pytest

from caseloads.importers import CaseloadImporter
from caseloads.models import Caseload, Practitioner, Service, Team, TeamServiceRule
from core.models import ImportBatch
from imports import services as import_services
from tests.caseloads.conftest import OCTOBER

pytestmark = pytest.mark.django_db

REPORT_HEADER = "Practitioner,No. of Allocations,Qualifying Status,Allocated_Team\n"


def plan(text: str, *, month: str = "2026-10", create_teams: bool = False, data=None):
    return CaseloadImporter().plan(
        data=data if data is not None else text.encode(),
        filename="caseloads.csv",
        options={"month": month, "create_teams": create_teams},
        user=None,
    )


def problems(result) -> list[str]:
    return [str(problem) for problem in result.errors]


def run(text: str, user=None, **options) -> bool:
    """Preview then confirm, as the portal does; True if applied."""
    batch, _ = import_services.preview_import(
        importer=CaseloadImporter(),
        data=text.encode(),
        filename="caseloads.csv",
        options={"month": "2026-10", "create_teams": False, **options},
        user=user,
    )
    return import_services.confirm_import(importer=CaseloadImporter(), batch=batch, user=user)


def october() -> dict[str, tuple[str, str, int]]:
    return {
        row.practitioner.staff_id: (row.team.name, row.qualifying_status.name, row.allocations)
        for row in Caseload.objects.filter(month=OCTOBER).select_related(
            "practitioner", "team", "qualifying_status"
        )
    }


@pytest.fixture
def teams(team):
    return [team("SWF East 1"), team("BIT East 1"), team("YJS")]


def test_a_good_file_with_the_reports_own_headers_is_imported(teams, make_user):
    user = make_user()
    text = (
        REPORT_HEADER
        + "P1,21,NQSW,SWF   East 1\nP2,0,sw,bit east 1\nP3,12,Youth justice officer,YJS\n"
    )
    assert run(text, user)
    assert october() == {
        "P1": ("SWF East 1", "NQSW", 21),
        "P2": ("BIT East 1", "SW", 0),
        "P3": ("YJS", "Youth justice officer", 12),
    }
    assert set(Caseload.objects.values_list("updated_by", flat=True)) == {user.pk}
    assert Practitioner.objects.get(staff_id="P1").updated_by == user


def test_plain_headers_in_any_case_and_an_xlsx_file(teams):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["TEAM", "practitioner", "Allocations", "qualifying_status", "Worker name"])
    sheet.append(["SWF East 1", "P7", 18, "ASYE", "Someone"])
    data = io.BytesIO()
    workbook.save(data)
    result = plan("", data=data.getvalue())
    assert problems(result) == []
    assert result.counts["new"] == 1
    assert [str(w) for w in result.warnings] == [
        'Row 1, column "Worker name": Column "Worker name" is not a column of a caseload '
        "snapshot; it was not read."
    ]
    assert [(c.subject, c.new) for c in result.changes] == [
        ("P7", "18 allocations, SWF East 1, ASYE")
    ]


ALLOCATIONS = "No. of Allocations"


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("P1,-1,SW,SWF East 1", ALLOCATIONS, "The number of allocations cannot be negative."),
        ("P1,12.5,SW,SWF East 1", ALLOCATIONS, "The number of allocations must be a whole number."),
        ("P1,,SW,SWF East 1", ALLOCATIONS, "The number of allocations is missing."),
        (
            "P1,1_000,SW,SWF East 1",
            ALLOCATIONS,
            "The number of allocations must be a whole number.",
        ),
        ("P1,3,,SWF East 1", "Qualifying Status", "The qualifying status is missing."),
        ("P1,3,SW,", "Allocated_Team", "The team is missing."),
        (
            "P1,3,Wizard,SWF East 1",
            "Qualifying Status",
            "Unknown qualifying status: correct the file or add the status in the admin.",
        ),
        (",3,SW,SWF East 1", "Practitioner", "The staff identifier is missing."),
    ],
)
def test_each_bad_cell_is_an_error_naming_row_and_column(teams, row, column, message):
    result = plan(REPORT_HEADER + row + "\n")
    cell = row.split(",")[REPORT_HEADER.strip().split(",").index(column)]
    assert [(p.line, p.column, p.text, p.message) for p in result.errors] == [
        (2, column, cell, message)
    ]
    assert str(result.errors[0]).startswith(f'Row 2, column "{column}": ')


def test_a_practitioner_twice_is_an_error(teams):
    result = plan(REPORT_HEADER + "P1,3,SW,SWF East 1\nP2,4,SW,YJS\nP1,5,SW,YJS\n")
    assert problems(result) == [
        'Row 4, column "Practitioner": "P1" - This practitioner is also on row 2; '
        "a snapshot has one row per practitioner."
    ]


def test_missing_columns_are_named():
    result = plan("Practitioner,Team\nP1,SWF East 1\n")
    assert problems(result) == [
        'Row 1: The header row has no allocations column (headed "allocations" or '
        '"no. of allocations").',
        'Row 1: The header row has no qualifying status column (headed "qualifying status").',
    ]


@pytest.mark.parametrize(
    ("text", "month", "message"),
    [
        ("", "2026-10", "The file is empty."),
        (REPORT_HEADER, "2026-10", "The file has a header row but no caseloads."),
        (REPORT_HEADER + "P1,3,SW,YJS\n", "2026-13", "is not a month"),
    ],
)
def test_files_or_months_that_cannot_be_a_snapshot(teams, text, month, message):
    batch, _ = import_services.preview_import(
        importer=CaseloadImporter(),
        data=text.encode(),
        filename="c.csv",
        options={"month": month},
        user=None,
    )
    assert batch.counts["errors"] == 1
    assert message in batch.problems[0]["text_in_words"]


def test_create_teams_creates_an_unknown_team_in_the_service_of_its_first_word(teams):
    text = REPORT_HEADER + "P1,3,SW,CWD  South 1\nP2,4,SW,cwd south 1\n"
    assert plan(text).warnings and not Team.objects.filter(name="CWD South 1").exists()
    assert run(text, create_teams=True)
    created = Team.objects.get(name="CWD South 1")
    assert created.service.code == "CWD"
    assert october() == {"P1": ("CWD South 1", "SW", 3), "P2": ("CWD South 1", "SW", 4)}


def test_a_team_whose_first_word_is_no_service_is_asked_about_not_refused(teams, snapshot):
    snapshot([("P1", "YJS", "SW", 9)])
    text = REPORT_HEADER + "P1,3,SW,Frontline Team\nP2,4,SW,YJS\n"
    result = plan(text, create_teams=True)
    assert not result.has_errors
    [question] = result.warnings
    assert str(question) == (
        'Row 2, column "Allocated_Team": "Frontline Team" - Which service is the team '
        '"Frontline Team" in? No service has the code "Frontline" (the first word of its name), '
        "and the team -> service list does not name it. This row was left out; add the team or "
        "a team -> service rule in the admin (or import with the option to create teams), then "
        "import again."
    )
    assert result.summary_counts()["skipped"] == 1
    assert run(text, create_teams=True)
    # The rest is imported; the row asked about keeps its caseload, it is not removed.
    assert october() == {"P1": ("YJS", "SW", 9), "P2": ("YJS", "SW", 4)}
    assert not Team.objects.filter(name="Frontline Team").exists()


def test_an_unknown_team_without_the_option_is_asked_about(teams):
    result = plan(REPORT_HEADER + "P1,3,SW,SWF North 9\nP2,4,SW,YJS\n")
    assert not result.has_errors
    [question] = result.warnings
    assert (question.line, question.column, question.text) == (2, "Allocated_Team", "SWF North 9")
    assert "It is not in the admin's teams" in question.message
    assert [change.subject for change in result.changes] == ["P2"]


def test_the_team_service_list_places_a_team_named_without_a_code(teams):
    TeamServiceRule.objects.create(
        team_name="frontline  team", service=Service.objects.get(code="SWF")
    )
    text = REPORT_HEADER + "P1,3,SW,Frontline Team\nP2,4,SW,FRONTLINE TEAM\n"
    result = plan(text)
    assert result.problems == []
    assert [(c.subject, c.new) for c in result.changes if c.field == "team"] == [
        ("Frontline Team", "new team in SWF (from the team -> service list)")
    ]
    assert run(text)
    assert Team.objects.get(name="Frontline Team").service.code == "SWF"
    assert october() == {"P1": ("Frontline Team", "SW", 3), "P2": ("Frontline Team", "SW", 4)}


def test_one_bad_row_changes_nothing(teams, snapshot):
    snapshot([("P1", "SWF East 1", "SW", 10)])
    before = october()
    text = REPORT_HEADER + "P1,30,SW,SWF East 1\nP2,4,SW,New team\nP3,-2,SW,YJS\n"
    assert not run(text, create_teams=True)
    assert october() == before
    assert not Practitioner.objects.filter(staff_id__in=["P2", "P3"]).exists()
    assert not Team.objects.filter(name="New team").exists()
    assert ImportBatch.objects.get().status == ImportBatch.Status.REFUSED


def test_reimporting_a_month_replaces_it_and_the_preview_says_what_goes(teams, snapshot):
    snapshot([("P1", "SWF East 1", "SW", 10), ("P2", "YJS", "SW", 5), ("P3", "YJS", "SW", 7)])
    unchanged_at = Caseload.objects.get(practitioner__staff_id="P3").updated_at
    text = REPORT_HEADER + "P1,11,NQSW,SWF East 1\nP3,7,SW,YJS\nP4,2,ASYE,YJS\n"
    result = plan(text)
    assert {key: result.counts[key] for key in ("new", "changed", "unchanged")} == {
        "new": 1,
        "changed": 1,
        "unchanged": 1,
    }
    assert [(c.subject, c.field, c.old, c.new) for c in result.changes] == [
        ("P1", "qualifying status", "SW", "NQSW"),
        ("P1", "allocations", "10", "11"),
        ("P4", "caseload", "", "2 allocations, YJS, ASYE"),
        ("P2", "caseload", "5 allocations, YJS, SW", "(removed)"),
    ]
    assert [str(w) for w in result.warnings] == [
        "1 practitioner(s) in the October 2026 snapshot are not in this file: their caseloads "
        "for that month will be removed."
    ]
    assert run(text)
    assert october() == {
        "P1": ("SWF East 1", "NQSW", 11),
        "P3": ("YJS", "SW", 7),
        "P4": ("YJS", "ASYE", 2),
    }
    assert Caseload.objects.get(practitioner__staff_id="P3").updated_at == unchanged_at


def test_other_months_are_left_alone(teams, snapshot):
    snapshot([("P1", "YJS", "SW", 9)], month=date(2026, 9, 1))
    assert run(REPORT_HEADER + "P2,4,SW,YJS\n")
    assert Caseload.objects.filter(month=date(2026, 9, 1)).count() == 1


def test_confirm_is_refused_when_the_month_changed_since_the_preview(teams, snapshot):
    batch, _ = import_services.preview_import(
        importer=CaseloadImporter(),
        data=(REPORT_HEADER + "P1,4,SW,YJS\n").encode(),
        filename="c.csv",
        options={"month": "2026-10", "create_teams": False},
        user=None,
    )
    snapshot([("P9", "YJS", "SW", 3)])
    assert not import_services.confirm_import(importer=CaseloadImporter(), batch=batch, user=None)
    assert set(october()) == {"P9"}
