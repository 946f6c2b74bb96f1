"""Writes of the records app: storing a checked upload, confirming, discarding, purging.

Records arrive by the thousand (five years of contacts is 200,000 rows), so they are
written with PostgreSQL's COPY (``bulk_create`` elsewhere, e.g. SQLite in ``make demo``),
in one transaction with their upload: an upload is there whole or not at all.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import replace
from datetime import timedelta

import polars as pl
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from core import clock, trail
from core.models import AuditEvent, PeriodStatus, ReportingPeriod
from core.months import add_months, first_of_month
from imports.spreadsheets import Limits
from imports.tables_io import file_limits
from records import intake as intake_module
from records.checking import ERROR, Problem
from records.intake import Intake
from records.local_definitions import counted_part, to_definition
from records.models import RECORD_MODELS, LocalDefinition, RecordUpload

Action = AuditEvent.Action
BATCH = 5_000


def workbook_limits() -> Limits:
    """What one sheet of a records workbook may hold: the imports' columns, and the memory
    and time of their capped worker (``imports.spreadsheets``), with the rows and cells of
    five years of lists (``RECORDS_MAX_ROWS``, ``RECORDS_MAX_CELLS``)."""
    return replace(file_limits(), rows=settings.RECORDS_MAX_ROWS, cells=settings.RECORDS_MAX_CELLS)


def check_files(files: Iterable[tuple[str, bytes]]) -> Intake:
    """Read and check ``files`` with the portal's key, within the upload's bounds
    (``RECORDS_MAX_UPLOAD_MB``, ``RECORDS_MAX_ROWS``, a workbook's :func:`workbook_limits`);
    nothing is stored."""
    files = list(files)
    size = sum(len(data) for _name, data in files)
    if size > settings.RECORDS_MAX_UPLOAD_MB * 1024 * 1024:
        refused = Intake()
        refused.problems.append(
            Problem(
                ERROR,
                f"the files hold {size / 1024 / 1024:,.1f} MB: at most "
                f"{settings.RECORDS_MAX_UPLOAD_MB} MB is accepted (RECORDS_MAX_UPLOAD_MB).",
            )
        )
        return refused
    intake = intake_module.take(
        files, key=settings.RECORDS_HASH_KEY, today=clock.today(), limits=workbook_limits()
    )
    rows = sum(intake.counts.values())
    if rows > settings.RECORDS_MAX_ROWS:
        intake.problems.append(
            Problem(
                ERROR,
                f"the lists hold {rows:,} records: at most "
                f"{settings.RECORDS_MAX_ROWS:,} are accepted (RECORDS_MAX_ROWS).",
            )
        )
    return intake


def _problem_dicts(intake: Intake) -> list[dict]:
    return [
        {"severity": p.severity, "text": str(p)} for p in intake.problems if p.severity != ERROR
    ]


def store_upload(*, intake: Intake, filename: str, data: bytes, user, request=None):
    """Keep a clean intake's records as an upload waiting to be confirmed; with errors,
    store nothing and return None (the refusal is in the trail)."""
    if intake.errors:
        trail.record(
            action=Action.IMPORT_REFUSED,
            user=user,
            request=request,
            detail=f"Records {filename}: {len(intake.errors)} error(s); nothing stored.",
        )
        return None
    first, last = intake.months()
    with transaction.atomic():
        upload = RecordUpload.objects.create(
            uploaded_by=user,
            filename=filename[:500],
            sha256=hashlib.sha256(data).hexdigest(),
            first_month=first,
            last_month=last,
            counts=intake.counts,
            problems=_problem_dicts(intake),
        )
        for list_key, frame in intake.frames.items():
            write_records(upload=upload, list_key=list_key, frame=frame)
        trail.record(
            action=Action.IMPORT_PREVIEWED,
            user=user,
            request=request,
            detail=f"Records upload {upload.pk} ({filename}): "
            + ", ".join(f"{key} {count:,}" for key, count in intake.counts.items()),
        )
    return upload


def write_records(*, upload: RecordUpload, list_key: str, frame: pl.DataFrame) -> None:
    """COPY the list's rows (their pseudonyms, never identifiers) into its table."""
    model = RECORD_MODELS[list_key]
    columns = [field.column for field in model._meta.concrete_fields if field.name != "id"]
    names = [field.name for field in model._meta.concrete_fields if field.name != "id"]
    rows = frame.with_columns(upload=pl.lit(upload.pk)).select(names)
    if connection.vendor == "postgresql":
        quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
        table = connection.ops.quote_name(model._meta.db_table)
        # polars writes the CSV (a null as an empty unquoted field, which COPY reads as NULL)
        with (
            connection.cursor() as cursor,
            cursor.copy(f"COPY {table} ({quoted}) FROM STDIN WITH (FORMAT csv)") as copy,
        ):
            copy.write(rows.write_csv(include_header=False))
        return
    objects = (model(**dict(zip(columns, row, strict=True))) for row in rows.iter_rows())
    model.objects.bulk_create(objects, batch_size=BATCH)


def confirm_upload(*, upload: RecordUpload, user, request=None) -> None:
    """The analyst confirms the checked records: they may now be counted."""
    RecordUpload.objects.filter(pk=upload.pk, state=RecordUpload.State.PREVIEWED).update(
        state=RecordUpload.State.STORED
    )
    trail.record(
        action=Action.IMPORT_APPLIED,
        user=user,
        request=request,
        detail=f"Records upload {upload.pk} confirmed.",
    )


def discard_upload(*, upload: RecordUpload, user, request=None) -> None:
    """Forget an upload and its records (the trail keeps that it was)."""
    pk = upload.pk
    with transaction.atomic():
        for model in RECORD_MODELS.values():
            model.objects.filter(upload=upload).delete()
        upload.delete()
        trail.record(
            action=Action.RECORDS_DISCARDED,
            user=user,
            request=request,
            detail=f"Records upload {pk} discarded.",
        )


def purge_records(*, upload: RecordUpload, reason: str) -> int:
    """Delete an upload's records, keeping the upload (its figures' history names it)."""
    with transaction.atomic():
        purged = sum(
            model.objects.filter(upload=upload).delete()[0] for model in RECORD_MODELS.values()
        )
        upload.state = RecordUpload.State.PURGED
        upload.purged_at = timezone.now()
        upload.save(update_fields=["state", "purged_at"])
        trail.record(
            action=Action.RECORDS_PURGED,
            detail=f"Records upload {upload.pk}: {purged:,} records purged ({reason}).",
        )
    return purged


def expired_uploads(*, today):
    """Uploads held past ``RECORDS_RETENTION_MONTHS`` after their last month, every month
    of which is published: their figures are final, so their records are no longer needed."""
    cutoff = add_months(first_of_month(today), -settings.RECORDS_RETENTION_MONTHS)
    published = set(
        ReportingPeriod.objects.filter(status=PeriodStatus.PUBLISHED).values_list(
            "month", flat=True
        )
    )
    candidates = RecordUpload.objects.filter(
        state__in=[RecordUpload.State.STORED, RecordUpload.State.APPLIED], last_month__lt=cutoff
    )
    for upload in candidates:
        months, month = [], upload.first_month
        while month <= upload.last_month:
            months.append(month)
            month = add_months(month, 1)
        if all(month in published for month in months):
            yield upload


def purge_expired(*, today) -> int:
    """Purge every expired upload's records (``expired_uploads``); the trail counts each.
    An upload checked but never confirmed is deleted after a day: nobody wanted it."""
    stale = RecordUpload.objects.filter(
        state=RecordUpload.State.PREVIEWED, uploaded_at__lt=timezone.now() - timedelta(days=1)
    )
    for upload in stale:
        discard_upload(upload=upload, user=None)
    return sum(
        purge_records(
            upload=upload,
            reason=f"retention of {settings.RECORDS_RETENTION_MONTHS} "
            "months passed and its months are published",
        )
        for upload in list(expired_uploads(today=today))
    )


@transaction.atomic
def save_local_definition(*, definition: LocalDefinition, user) -> LocalDefinition:
    """Check and save a local definition, raising its version when the change alters what
    it counts (not a title, source or noun alone): the figures counted by the earlier
    version become stale, and the recount page offers them (``records.recounting``)."""
    definition.full_clean()
    if definition.pk is not None:
        stored = LocalDefinition.objects.select_for_update().get(pk=definition.pk)
        definition.version = stored.version
        if counted_part(to_definition(stored)) != counted_part(to_definition(definition)):
            definition.version = stored.version + 1
    definition._history_user = user  # also outside a request (the shell, the tests)
    definition.save()
    return definition
