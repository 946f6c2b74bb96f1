"""Writes of the import flow: preview a file (log it, change nothing), then confirm it."""

from dataclasses import asdict
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from core.audit import Action, record
from core.imports import Importer, ImportPlan, Problem, sha256_hex, summary_lines
from core.models import ImportBatch
from core.tables_io import UnreadableFile

STORED_CHANGES = 2_000  # the preview lists this many changes; the counts cover them all


def make_plan(*, importer: Importer, data: bytes, filename: str, options: dict, user) -> ImportPlan:
    """The importer's plan; a file that cannot be read at all becomes one plain problem."""
    try:
        return importer.plan(data=data, filename=filename, options=options, user=user)
    except UnreadableFile as error:
        plan = ImportPlan()
        plan.add_problem(Problem(message=str(error)))
        return plan


def _problem_dicts(plan: ImportPlan) -> list[dict[str, Any]]:
    return [{**asdict(problem), "text_in_words": str(problem)} for problem in plan.problems]


def preview_import(
    *, importer: Importer, data: bytes, filename: str, options: dict, user
) -> tuple[ImportBatch, ImportPlan]:
    """Plan the import and log it as previewed; nothing else is written."""
    plan = make_plan(importer=importer, data=data, filename=filename, options=options, user=user)
    batch = ImportBatch(
        kind=importer.kind,
        filename=filename[:255],
        sha256=sha256_hex(data),
        size=len(data),
        options=options,
        counts=plan.summary_counts(),
        problems=_problem_dicts(plan),
        changes=[asdict(change) for change in plan.changes[:STORED_CHANGES]],
        fingerprint=plan.fingerprint,
        uploaded_by=user,
    )
    batch.file.save(filename or "upload", ContentFile(data), save=False)
    batch.save()
    record(action=Action.IMPORT_PREVIEWED, user=user, detail=_describe(batch))
    return batch, plan


def _describe(batch: ImportBatch) -> str:
    counts = ", ".join(f"{key} {value}" for key, value in batch.counts.items() if value)
    return f"{batch.kind} import #{batch.pk} of {batch.filename} ({batch.sha256[:12]}): {counts}"


def _refuse(batch: ImportBatch, reason: str) -> None:
    batch.status = ImportBatch.Status.REFUSED
    batch.refusal = reason
    batch.save(update_fields=["status", "refusal"])
    record(
        action=Action.IMPORT_REFUSED, user=batch.uploaded_by, detail=f"{_describe(batch)}. {reason}"
    )


def _apply(*, importer: Importer, batch: ImportBatch, plan: ImportPlan, user) -> None:
    with transaction.atomic():
        importer.apply(plan, user=user, options=batch.options)
        batch.status = ImportBatch.Status.APPLIED
        batch.applied_at = timezone.now()
        batch.save(update_fields=["status", "applied_at"])
        record(action=Action.IMPORT_APPLIED, user=user, detail=_describe(batch))


def confirm_import(*, importer: Importer, batch: ImportBatch, user) -> bool:
    """Apply exactly what was previewed, or refuse with a reason on the log. True if applied.

    The file is planned again: if the stored data moved since the preview, the plan's
    fingerprint differs and nothing is applied.
    """
    if batch.status != ImportBatch.Status.PREVIEWED:
        return False
    with batch.file.open("rb") as handle:
        data = handle.read()
    plan = make_plan(
        importer=importer, data=data, filename=batch.filename, options=batch.options, user=user
    )
    if plan.has_errors:
        _refuse(batch, "The file has errors; correct them and upload it again.")
        return False
    if plan.fingerprint != batch.fingerprint:
        _refuse(
            batch,
            "The data changed after this preview was made, so it was not applied. "
            "Upload the file again to see a fresh preview.",
        )
        return False
    _apply(importer=importer, batch=batch, plan=plan, user=user)
    return True


def import_from_command(
    *, importer: Importer, data: bytes, filename: str, options: dict, user, dry_run: bool, write
) -> bool:
    """The command-line import: print the summary and every problem; apply unless a dry run.

    Returns True when the file had no errors (and, unless ``dry_run``, was applied).
    """
    batch, plan = preview_import(
        importer=importer, data=data, filename=filename, options=options, user=user
    )
    for line in summary_lines(plan):
        write(line)
    if plan.has_errors:
        write(f"Nothing was imported: {len(plan.errors)} error(s).")
        _refuse(batch, "The file has errors.")
        return False
    if dry_run:
        write("Dry run: nothing was imported.")
        return True
    # No preview to wait for here: the plan just made is applied at once.
    _apply(importer=importer, batch=batch, plan=plan, user=user)
    write("Imported.")
    return True
