"""A dataset import applies against what its preview read: one at a time, each value once."""

from datetime import date
from decimal import Decimal

import pytest

from core.models import AuditEvent, ImportBatch
from dataset_import.importers import DatasetImporter
from imports import services as import_services
from imports.plans import ConflictError
from indicators import value_writes
from indicators.models import ChangeKind, MonthlyValue
from tests.indicators.factories import add_values, make_indicator

pytestmark = pytest.mark.django_db

AUGUST, SEPTEMBER = date(2016, 8, 1), date(2016, 9, 1)
FILE = (
    b"Ref\tArea\tDescription\tData owner\tData accountability\tAug 16\tSep 16\tCommentary\n"
    b"M1\tMASH\tContacts\t\t\t1377\t1480\tRising\n"
)


@pytest.fixture
def september() -> MonthlyValue:
    """M1 with September stored (version 1) and August not yet: the file changes one and
    creates the other."""
    (stored,) = add_values(make_indicator("M1"), {SEPTEMBER: "1400"})
    return stored


def preview(user) -> ImportBatch:
    batch, plan = import_services.preview_import(
        importer=DatasetImporter(), data=FILE, filename="dataset.tsv", options={}, user=user
    )
    assert not plan.has_errors, plan.problems
    return batch


def confirm(batch: ImportBatch, user) -> import_services.Confirmation:
    return import_services.confirm_import(importer=DatasetImporter(), batch=batch, user=user)


def versions(monthly_value: MonthlyValue) -> list[int]:
    return list(monthly_value.history.order_by("history_id").values_list("version", flat=True))


def test_an_applied_update_raises_the_version_by_one_and_its_history_carries_it(
    september, make_user
):
    user = make_user()
    assert confirm(preview(user), user)
    september.refresh_from_db()
    assert (september.value, september.version) == (Decimal(1480), 2)
    assert versions(september) == [2]  # set up without history; the import's row has v2
    assert MonthlyValue.objects.get(month=AUGUST).version == 1


def test_a_second_confirm_of_the_same_batch_says_so_and_changes_nothing(september, make_user):
    user = make_user()
    batch = preview(user)
    assert confirm(batch, user)
    again = confirm(batch, user)
    assert not again and "already applied" in again.message
    september.refresh_from_db()
    assert september.version == 2 and versions(september) == [2]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT_APPLIED).count() == 1
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED and not batch.refusal


def test_a_value_saved_after_the_preview_stops_the_import_naming_it(september, make_user):
    user, reporter = make_user(), make_user(first_name="Rita", last_name="Reporter")
    batch = preview(user)
    value_writes.update_values(
        [(september.pk, Decimal(1401), "Checked", 1)],
        user=reporter,
        reason="Edited",
        kind=ChangeKind.ENTERED,
    )
    refused = confirm(batch, user)
    assert not refused
    assert "1 value(s) changed after this preview" in refused.message
    assert "M1, September 2016: changed by Rita Reporter on " in refused.message
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.REFUSED and batch.refusal == refused.message
    [conflict] = batch.conflicts
    assert (conflict["subject"], conflict["changed_by"]) == ("M1, September 2016", "Rita Reporter")
    september.refresh_from_db()
    assert (september.value, september.version) == (Decimal(1401), 2)  # the save stands
    assert not MonthlyValue.objects.filter(month=AUGUST).exists()  # nothing of the import


def test_a_value_created_after_the_preview_stops_the_import(september, make_user):
    user = make_user()
    batch = preview(user)
    value_writes.create_values(
        [(september.indicator_id, AUGUST, Decimal(1), "")],
        user=user,
        reason="Typed in",
        kind=ChangeKind.ENTERED,
    )
    refused = confirm(batch, user)
    assert not refused
    assert [c["subject"] for c in ImportBatch.objects.get(pk=batch.pk).conflicts] == [
        "M1, August 2016"
    ]
    september.refresh_from_db()
    assert september.version == 1


def test_a_write_over_a_version_that_moved_is_refused_and_writes_nothing(september, make_user):
    with pytest.raises(ConflictError) as refused:
        value_writes.update_values(
            [(september.pk, Decimal(2), "", 7)],
            user=make_user(),
            reason="Stale",
            kind=ChangeKind.ENTERED,
        )
    assert [conflict.subject for conflict in refused.value.conflicts] == ["M1, September 2016"]
    september.refresh_from_db()
    assert (september.value, september.version) == (Decimal(1400), 1)
