"""The import-export resource (admin and list export): the import layout, both ways."""

import pytest
import tablib

from audits.models import Audit, Grade, Status
from audits.resources import AuditResource

pytestmark = pytest.mark.django_db


def test_export_then_import_round_trips(make_audit):
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
    result = AuditResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert Audit.objects.get().grade == Grade.REQUIRES_IMPROVEMENT


def test_admin_import_validates_rows_and_rolls_back(make_user):
    make_user(username="jsmith")
    dataset = tablib.Dataset(
        ["2024-03", "SWF", "CD000001", "jsmith", "completed", "", ""],
        ["2024-03", "SWF", "Jane Smith", "jsmith", "", "", ""],
        headers=["month", "service_area", "case_reference", "auditor", "status", "grade", "x"],
    )
    result = AuditResource().import_data(dataset, dry_run=False)
    assert result.has_validation_errors()
    messages = str([row.error_dict for row in result.invalid_rows])
    assert "A completed audit needs a grade." in messages
    assert "looks like a person" in messages
    assert not Audit.objects.exists()
