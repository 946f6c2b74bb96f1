"""``import_caseloads`` and ``caseload_report`` on the command line."""

import json

import pytest
from django.core.management import CommandError, call_command

from caseloads.models import Caseload
from tests.caseloads.conftest import OCTOBER

pytestmark = pytest.mark.django_db

GOOD = "practitioner,allocations,qualifying_status,team\nP1,21,NQSW,SWF East 1\nP2,7,SW,YJS\n"


@pytest.fixture
def csv_file(tmp_path, team):
    team("SWF East 1")
    team("YJS")

    def write(text: str):
        path = tmp_path / "caseloads.csv"
        path.write_text(text)
        return path

    return write


def test_import_caseloads_imports_and_records_the_user(csv_file, capsys, make_user):
    user = make_user(username="priya")
    call_command("import_caseloads", str(csv_file(GOOD)), "--month", "2026-10", "--user", "priya")
    assert Caseload.objects.filter(month=OCTOBER, updated_by=user).count() == 2
    assert capsys.readouterr().out.splitlines()[-1] == "Imported."


def test_dry_run_changes_nothing(csv_file, capsys):
    call_command("import_caseloads", str(csv_file(GOOD)), "--month", "2026-10", "--dry-run")
    assert not Caseload.objects.exists()
    assert "Dry run: nothing was imported." in capsys.readouterr().out


def test_a_bad_file_fails_with_every_problem_and_changes_nothing(csv_file, capsys):
    bad = GOOD + "P3,x,SW,YJS\nP4,2,SW,Nowhere 1\n"
    with pytest.raises(CommandError, match="not imported"):
        call_command("import_caseloads", str(csv_file(bad)), "--month", "2026-10")
    out = capsys.readouterr().out
    assert 'ERROR Row 4, column "allocations": "x"' in out
    assert 'WARNING Row 5, column "team": "Nowhere 1"' in out  # a question, not an error
    assert not Caseload.objects.exists()


def test_create_teams_option(csv_file):
    text = GOOD + "P5,3,SW,BIT  North 2\n"
    call_command("import_caseloads", str(csv_file(text)), "--month", "2026-10")
    assert Caseload.objects.filter(month=OCTOBER).count() == 2  # P5's unknown team: left out
    assert not Caseload.objects.filter(practitioner__staff_id="P5").exists()
    call_command("import_caseloads", str(csv_file(text)), "--month", "2026-10", "--create-teams")
    assert Caseload.objects.get(practitioner__staff_id="P5").team.name == "BIT North 2"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--month", "10/2026"], "is not a month"),
        (["--month", "2026-10", "--user", "nobody"], 'There is no user "nobody"'),
    ],
)
def test_import_caseloads_refuses_bad_arguments(csv_file, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_caseloads", str(csv_file(GOOD)), *arguments)


def test_import_caseloads_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_caseloads", str(tmp_path / "none.csv"), "--month", "2026-10")


def test_caseload_report_json(snapshot, capsys):
    snapshot([("P1", "SWF East 1", "NQSW", 20), ("P2", "YJS", "SW", 5), ("P3", "YJS", "SW", 9)])
    call_command("caseload_report", "--month", "2026-10", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["month"] == "2026-10"
    assert (data["practitioners"], data["at_or_over"], data["mean"], data["median"]) == (
        3,
        1,
        11.3,
        9.0,
    )
    assert data["max"] == 20
    assert data["by_team"]["YJS"] == {
        "practitioners": 2,
        "at_or_over": 0,
        "mean": 7.0,
        "median": 7.0,
        "max": 9,
    }
    assert set(data["by_status"]) == {"SW", "NQSW"}


def test_caseload_report_text_lists_staff_identifiers_not_names(snapshot, capsys):
    snapshot([("P1", "SWF East 1", "NQSW", 20), ("P2", "YJS", "SW", 5)])
    call_command("caseload_report", "--month", "2026-10")
    out = capsys.readouterr().out
    assert "Caseload report, October 2026" in out
    assert "  P1  SWF East 1  NQSW  20/20" in out
    assert "Name of" not in out


def test_caseload_report_of_a_month_without_snapshot(db):
    with pytest.raises(CommandError, match="no caseload snapshot for October 2026"):
        call_command("caseload_report", "--month", "2026-10")
