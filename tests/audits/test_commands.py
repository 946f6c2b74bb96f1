"""``audit_report`` and ``import_audits``: the same figures and the same import as the pages."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from audits.models import Audit, Grade, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def graded(make_audit, cycle):
    make_audit(status=Status.COMPLETED, grade=Grade.GOOD, practitioner_discussion=True)
    make_audit(status=Status.COMPLETED, grade=Grade.INADEQUATE)
    make_audit(service_area="CWD")
    return cycle


def report(*args: str) -> str:
    out = StringIO()
    call_command("audit_report", *args, stdout=out)
    return out.getvalue()


def test_json_has_the_keys_of_the_issue(graded):
    data = json.loads(report("--month", "2024-03", "--format", "json"))
    assert (data["allocated"], data["completed"], data["not_completed"]) == (3, 2, 0)
    assert data["completion_rate"] == 66.7
    assert data["grades"]["good"] == 1 and data["grade_shares"]["inadequate"] == 50.0
    assert data["good_or_better_share"] == 50.0 and data["discussion_share"] == 50.0
    assert data["by_service_area"]["SWF"]["completed"] == 2
    assert data["by_service_area"]["CWD"]["grade_shares"]["good"] is None


def test_text_says_no_completed_audits_for_an_area_without(graded):
    text = report("--month", "2024-03")
    assert "completed audits" in text.splitlines()[0]
    cwd = text.split("Children with Disabilities", 1)[1]
    assert "grades: no completed audits" in cwd.splitlines()[2]
    assert "Good 1 (50.0%)" in text


def test_unknown_month_is_an_error(graded):
    with pytest.raises(CommandError, match="no audit cycle for 2023-01"):
        report("--month", "2023-01")
    with pytest.raises(CommandError, match="YYYY-MM"):
        report("--month", "March")


def test_import_audits_dry_run_then_import(tmp_path, make_user):
    make_user(username="jsmith")
    path = tmp_path / "audits.csv"
    path.write_text("month,service_area,case_reference,auditor\n2024-03,SWF,CD000001,jsmith\n")
    out = StringIO()
    call_command("import_audits", str(path), "--dry-run", stdout=out)
    assert not Audit.objects.exists() and "Dry run" in out.getvalue()
    call_command("import_audits", str(path), "--user", "jsmith", stdout=StringIO())
    assert Audit.objects.get().recorded_by.username == "jsmith"


def test_import_audits_fails_on_a_bad_file(tmp_path):
    path = tmp_path / "audits.csv"
    path.write_text("month,service_area,case_reference,auditor\n2024-03,SWF,Jane Smith,x\n")
    out = StringIO()
    with pytest.raises(CommandError, match="not imported"):
        call_command("import_audits", str(path), stdout=out)
    assert "looks like a person's name" in out.getvalue()
    assert not Audit.objects.exists()
