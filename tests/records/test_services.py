"""Storing checked records: all or nothing, pseudonymised, in the trail; the command."""

import re
from dataclasses import replace
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from core.models import AuditEvent
from records import services
from records.models import RECORD_MODELS, RecordUpload
from records.selectors import records_frame
from tests.records.files import CONTACTS, annex_a

pytestmark = pytest.mark.django_db


def test_a_clean_upload_is_stored_pseudonymised_and_counted_back(settings, tmp_path):
    settings.RECORDS_HASH_KEY = "k" * 40
    path = tmp_path / "annex-a.xlsx"
    path.write_bytes(annex_a())
    call_command("import_records", str(path))
    upload = RecordUpload.objects.get()
    assert upload.state == RecordUpload.State.STORED
    assert (upload.first_month, upload.last_month) == (date(2016, 9, 1), date(2016, 10, 1))
    assert upload.counts == {"contacts": 3, "referrals": 1, "assessments": 1}
    contacts = records_frame(upload=upload, list_key="contacts")
    assert contacts.height == 3
    assert contacts["contact_date"].to_list()[0] == date(2016, 9, 1)
    stored = RECORD_MODELS["contacts"].objects.values_list("child_id", flat=True)
    assert all(len(child) == 64 for child in stored) and "AB123" not in stored
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.IMPORT_APPLIED, detail__contains=f"upload {upload.pk}"
    ).exists()


def test_an_upload_with_an_error_stores_nothing(tmp_path):
    rows = [CONTACTS[0], ["AB1", "", "", "", "", "not a date", "", ""]]
    path = tmp_path / "bad.xlsx"
    path.write_bytes(annex_a(**{"List 1 - Contacts": rows}))
    with pytest.raises(CommandError, match="1 error"):
        call_command("import_records", str(path))
    assert not RecordUpload.objects.exists()
    assert not any(model.objects.exists() for model in RECORD_MODELS.values())
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT_REFUSED).exists()


def test_discarding_and_purging(admin_user):
    intake = services.check_files([("a.xlsx", annex_a())])
    upload = services.store_upload(intake=intake, filename="a.xlsx", data=b"x", user=admin_user)
    assert RECORD_MODELS["contacts"].objects.filter(upload=upload).count() == 3
    assert services.purge_records(upload=upload, reason="test") == 5
    upload.refresh_from_db()
    assert upload.state == RecordUpload.State.PURGED
    assert not any(model.objects.exists() for model in RECORD_MODELS.values())
    other = services.store_upload(intake=intake, filename="a.xlsx", data=b"x", user=admin_user)
    discarded = other.pk
    services.discard_upload(upload=other, user=admin_user)
    assert not RecordUpload.objects.filter(pk=discarded).exists()
    ends = [AuditEvent.Action.RECORDS_PURGED, AuditEvent.Action.RECORDS_DISCARDED]
    trail = AuditEvent.objects.filter(action__in=ends).order_by("at", "pk")
    assert [(event.action, event.detail) for event in trail] == [
        (AuditEvent.Action.RECORDS_PURGED, f"Records upload {upload.pk}: 5 records purged (test)."),
        (AuditEvent.Action.RECORDS_DISCARDED, f"Records upload {discarded} discarded."),
    ]


def test_the_upload_bounds_refuse_in_words(settings):
    settings.RECORDS_MAX_ROWS = 4
    intake = services.check_files([("a.xlsx", annex_a())])
    assert [str(p) for p in intake.errors] == [
        "the lists hold 5 records: at most 4 are accepted (RECORDS_MAX_ROWS)."
    ]
    settings.RECORDS_MAX_UPLOAD_MB = 0
    intake = services.check_files([("a.xlsx", annex_a())])
    assert "at most 0 MB is accepted" in str(intake.errors[0])


def refused(data: bytes) -> list[str]:
    """The errors of ``data`` uploaded as annex-a.xlsx; nothing may be stored."""
    intake = services.check_files([("annex-a.xlsx", data)])
    assert (
        services.store_upload(intake=intake, filename="annex-a.xlsx", data=data, user=None) is None
    )
    assert not RecordUpload.objects.exists()
    return [str(problem) for problem in intake.errors]


def test_every_sheet_of_a_workbook_is_measured_before_it_is_read(settings):
    settings.RECORDS_MAX_CELLS = 40  # the lists' sheets hold 32, 12 and 6
    notes = [["Child Unique ID", "Note"]] + [[f"C{number}", "x"] for number in range(20)]
    assert refused(annex_a(Notes=notes)) == [
        'annex-a.xlsx cannot be read as a workbook: The sheet "Notes" has more than 40 cells, '
        "the largest accepted. Copy the data into a new workbook and retry."
    ]


def test_a_workbook_past_the_readers_memory_is_refused(monkeypatch):
    """A ceiling below what the reader already holds: it cannot allocate, whatever the
    interpreter's own size on this machine."""
    limits = replace(services.workbook_limits(), memory_bytes=16 << 20)
    monkeypatch.setattr(services, "workbook_limits", lambda: limits)
    assert refused(annex_a()) == [
        "annex-a.xlsx cannot be read as a workbook: The workbook needs more than the 16 MB of "
        "memory allowed to read it. Copy the data into a new workbook and retry."
    ]


def test_a_workbook_past_the_readers_time_is_refused(monkeypatch):
    limits = replace(services.workbook_limits(), seconds=0.001)
    monkeypatch.setattr(services, "workbook_limits", lambda: limits)
    [error] = refused(annex_a())
    assert re.match(r"annex-a.xlsx cannot be read as a workbook: .* longer than 0.001 s", error)
