"""The import-export resource (admin and list export): the import layout, exported only.

Issue 27: the admin's import was a second way in with other rules; the portal's importer
(``audits.importers``) is now the one way, and what the resource exports it reads back.
"""

import pytest
import tablib

from audits.importers import AuditImporter
from audits.models import Audit, Grade, Status
from audits.resources import EXPORT_ONLY, AuditResource
from imports import services as import_services

pytestmark = pytest.mark.django_db


def test_export_then_import_round_trips(make_audit):
    """The export is read back by the portal's importer, which restores what it holds."""
    make_audit(
        case_reference="CD000001",
        status=Status.COMPLETED,
        grade=Grade.REQUIRES_IMPROVEMENT,
        practitioner_discussion=False,
        chronology="na",
    )
    dataset = AuditResource().export()
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    assert (row["month"], row["grade"], row["practitioner_discussion"], row["chronology"]) == (
        "2024-03",
        "Requires improvement",
        "no",
        "n/a",
    )
    Audit.objects.update(grade=Grade.GOOD)
    lines: list[str] = []
    applied = import_services.import_from_command(
        importer=AuditImporter(),
        data=dataset.export("csv").encode(),
        filename="audits.csv",
        options={},
        user=None,
        dry_run=False,
        write=lines.append,
    )
    assert applied, lines
    assert not [line for line in lines if line.startswith(("ERROR", "WARNING"))]
    assert Audit.objects.get().grade == Grade.REQUIRES_IMPROVEMENT


def test_the_resource_imports_nothing(make_audit):
    """A blank status or grade would have been "allocated" and a wiped grade through it."""
    audit = make_audit(case_reference="CD000001", status=Status.COMPLETED, grade=Grade.GOOD)
    exported = AuditResource().export()
    row = [
        "" if header in ("status", "grade") else value
        for header, value in zip(exported.headers, exported[0], strict=True)
    ]
    dataset = tablib.Dataset(row, headers=exported.headers)
    with pytest.raises(NotImplementedError, match="import page") as refused:
        AuditResource().import_data(dataset, dry_run=False)
    assert str(refused.value) == EXPORT_ONLY
    audit.refresh_from_db()
    assert (audit.status, audit.grade) == (Status.COMPLETED, Grade.GOOD)
