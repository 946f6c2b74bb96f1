"""The audit import: good and bad files, every problem by row and column, all or nothing."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from audits.importers import AuditImporter
from audits.models import Audit, AuditCycle, Grade, Status
from core import roles
from core.models import ImportBatch
from imports import services as import_services

pytestmark = pytest.mark.django_db

HEADER = (
    "Month,Service Area,case_reference,AUDITOR,status,grade,Practitioner Discussion,"
    "chronology,case_summary,genogram,supervision_in_timescale,visit_in_timescale,"
    "good_practice,improvement\n"
)


@pytest.fixture
def auditor(make_user):
    return make_user(username="jsmith")


def csv_file(*rows: str) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode()


def run(data: bytes, *, dry_run: bool = False, user=None) -> tuple[bool, list[str]]:
    lines: list[str] = []
    applied = import_services.import_from_command(
        importer=AuditImporter(),
        data=data,
        filename="audits.csv",
        options={},
        user=user,
        dry_run=dry_run,
        write=lines.append,
    )
    return applied, lines


def test_a_good_file_of_allocations_and_completed_audits(auditor, make_user):
    qa = make_user()
    data = csv_file(
        "2024-03,SWF,CD000001,jsmith,,,,,,,,,,",
        "2024-03,Social Work with Families,cd000002,JSMITH,Completed,RI,yes,y,N,n/a,NA,yes,"
        "Clear plan,Chronology late",
        "2024-04,bit,CD000003,jsmith,not completed,,,,,,,,,",
        "2024-04,C&FF,CD000004,jsmith,complete,good,no,,,,,,,",
    )
    applied, lines = run(data, user=qa)
    assert applied, lines
    assert set(AuditCycle.objects.values_list("month", flat=True)) == {
        date(2024, 3, 1),
        date(2024, 4, 1),
    }
    completed = Audit.objects.get(case_reference="CD000002")
    assert (completed.status, completed.grade, completed.practitioner_discussion) == (
        Status.COMPLETED,
        Grade.REQUIRES_IMPROVEMENT,
        True,
    )
    assert (completed.chronology, completed.case_summary, completed.genogram) == ("yes", "no", "na")
    assert completed.recorded_by == qa and completed.good_practice == "Clear plan"
    assert Audit.objects.get(case_reference="CD000001").status == Status.ALLOCATED
    assert Audit.objects.get(case_reference="CD000003").status == Status.NOT_COMPLETED
    assert lines[0].startswith("new: 4, changed: 0")


def test_every_problem_is_named_by_row_and_column_and_nothing_changes(auditor, make_audit):
    existing = make_audit(case_reference="CD000009", auditor=auditor)
    data = csv_file(
        "2024-03,SWF,CD000009,jsmith,completed,good,yes,,,,,,,",  # would change: valid
        "2024-03,Nowhere,CD000010,jsmith,,,,,,,,,,",
        "2024-03,SWF,CD000011,nobody,,,,,,,,,,",
        "2024-03,SWF,Jane Smith,jsmith,,,,,,,,,,",
        "2024-03,SWF,CD000012,jsmith,completed,,,,,,,,,",
        "2024-03,SWF,CD000013,jsmith,not completed,Good,,,,,,,,",
        "March,SWF,CD000014,jsmith,finished,great,maybe,perhaps,,,,,,",
        "2024-03,SWF,CD000015,jsmith,,,,,,,,,,",
        "2024-03,SWF,CD000015,jsmith,,,,,,,,,,",
    )
    applied, lines = run(data)
    errors = [line for line in lines if line.startswith("ERROR")]
    assert not applied
    expected = [
        'ERROR Row 3, column "Service Area" (case CD000010): "Nowhere" - Unknown service area',
        'ERROR Row 4, column "AUDITOR" (case CD000011): "nobody" - No user has this username.',
        'ERROR Row 5, column "case_reference": "Jane Smith" - This looks like a person\'s name',
        'ERROR Row 6, column "grade" (case CD000012): A completed audit needs a grade.',
        'ERROR Row 7, column "grade" (case CD000013): "Good" - An audit that was not completed',
        'ERROR Row 8, column "Month" (case CD000014): "March" - "March" is not a month',
        'ERROR Row 8, column "status" (case CD000014): "finished" - Expected allocated,',
        'ERROR Row 8, column "grade" (case CD000014): "great" - Expected Outstanding',
        'ERROR Row 8, column "Practitioner Discussion" (case CD000014): "maybe" - Expected yes',
        'ERROR Row 8, column "chronology" (case CD000014): "perhaps" - Expected yes, no or n/a.',
        'ERROR Row 10, column "case_reference": "CD000015" - This case is listed twice for '
        "March 2024 (also on row 9).",
    ]
    for start in expected:
        assert any(line.startswith(start) for line in errors), (start, errors)
    assert len(errors) == len(expected)
    existing.refresh_from_db()
    assert existing.status == Status.ALLOCATED
    assert Audit.objects.count() == 1


def test_a_missing_cycle_is_not_created_when_the_file_has_errors(auditor):
    applied, _ = run(csv_file("2025-01,SWF,CD000001,jsmith,,,,,,,,,,", "2025-01,SWF,x,jsmith"))
    assert not applied
    assert not AuditCycle.objects.exists()


def test_each_missing_required_column_is_named():
    applied, lines = run(b"month,case_reference\n2024-03,CD000001\n")
    assert not applied
    assert [line for line in lines if line.startswith("ERROR")] == [
        'ERROR Row 1: The header row has no service area column (headed "service_area").',
        'ERROR Row 1: The header row has no auditor column (headed "auditor").',
    ]


def test_an_unknown_column_is_a_warning(auditor):
    data = b"month,service_area,case_reference,auditor,notes\n2024-03,SWF,CD000001,jsmith,n\n"
    applied, lines = run(data)
    assert applied
    assert (
        'WARNING Row 1, column "notes": Column "notes" is not a column of an audit file; '
        "it was not read." in lines
    )


def test_blank_cells_leave_an_existing_audit_as_it_is(auditor, make_audit, make_user):
    audit = make_audit(
        case_reference="CD000001",
        auditor=auditor,
        status=Status.COMPLETED,
        grade=Grade.GOOD,
        good_practice="Recorded by the auditor.",
    )
    other = make_user(username="apatel")
    applied, lines = run(csv_file("2024-03,BIT,CD000001,apatel,,,,,,,,,,"))
    assert applied, lines
    assert lines[0].startswith("new: 0, changed: 1, unchanged: 0, skipped: 0, conflicts: 1")
    assert "CONFLICT CD000001, March 2024 service area: SWF -> BIT" in lines
    audit.refresh_from_db()
    assert (audit.service_area.short_name, audit.auditor) == ("BIT", other)
    assert (audit.status, audit.grade, audit.good_practice) == (
        Status.COMPLETED,
        Grade.GOOD,
        "Recorded by the auditor.",
    )


def test_the_same_file_twice_is_unchanged(auditor):
    data = csv_file("2024-03,SWF,CD000001,jsmith,completed,good,yes,yes,yes,yes,yes,yes,,")
    assert run(data)[0]
    applied, lines = run(data)
    assert applied and lines[0].startswith("new: 0, changed: 0, unchanged: 1")


def test_dry_run_changes_nothing(auditor):
    applied, lines = run(csv_file("2024-03,SWF,CD000001,jsmith,,,,,,,,,,"), dry_run=True)
    assert applied and lines[-1] == "Dry run: nothing was imported."
    assert not Audit.objects.exists() and not AuditCycle.objects.exists()


def test_an_xlsx_file_with_a_date_cell_for_the_month(auditor):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["month", "service_area", "case_reference", "auditor", "status", "grade"])
    sheet.append([date(2024, 3, 1), "SWF", "CD000001", "jsmith", "Completed", "Outstanding"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    applied, lines = run(buffer.getvalue())
    assert applied, lines
    assert Audit.objects.get().grade == Grade.OUTSTANDING


def test_confirm_is_refused_when_the_audit_changed_after_the_preview(auditor, make_audit):
    audit = make_audit(case_reference="CD000001", auditor=auditor)
    batch, _ = import_services.preview_import(
        importer=AuditImporter(),
        data=csv_file("2024-03,BIT,CD000001,jsmith,,,,,,,,,,"),
        filename="a.csv",
        options={},
        user=None,
    )
    audit.improvement = "Recorded meanwhile."
    audit.save()
    assert not import_services.confirm_import(importer=AuditImporter(), batch=batch, user=None)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.REFUSED
    audit.refresh_from_db()
    assert audit.service_area.short_name == "SWF"


def test_the_import_page_previews_and_confirms(client_as, auditor):
    client = client_as(roles.QA_UNIT)
    upload = SimpleUploadedFile("a.csv", csv_file("2024-03,SWF,CD000001,jsmith,,,,,,,,,,"))
    response = client.post(reverse("audits:import"), {"file": upload})
    assert response.status_code == 302
    assert not Audit.objects.exists()
    client.post(response["Location"])
    assert Audit.objects.get().case_reference == "CD000001"
    assert client_as(roles.OWNER).get(reverse("audits:import")).status_code == 403
