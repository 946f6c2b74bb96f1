"""Writes of the import flow: preview a file (log it, change nothing), then confirm it.

A confirm is serialised on its batch: the row is locked and moves from previewed to applied
once, so a double click or two people confirming apply it once. It applies against what the
preview read (``ImportBatch.expected``): a value that moved since - a reporter's save,
another import of the same file - stops it with the list of what moved, and nothing is
applied.
"""

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from core.models import ImportBatch
from core.trail import Action, record
from imports.plans import (
    Conflict,
    ConflictError,
    Importer,
    ImportPlan,
    Problem,
    sha256_hex,
    summary_lines,
)
from imports.tables_io import UnreadableFile

STORED_CHANGES = 2_000  # the preview lists this many changes; the counts cover them all
NAMED_CONFLICTS = 10  # the refusal names this many; the batch keeps every one
HAS_ERRORS = "The file has errors; correct them and upload it again."
MOVED = (
    "The data changed after this preview was made, so it was not applied. "
    "Upload the file again to see a fresh preview."
)


class DataMoved(Exception):
    """The plan made at confirm differs from the preview's: apply nothing."""


@dataclass(frozen=True)
class Confirmation:
    """What a confirm did: applied, or the plain reason it was not."""

    applied: bool
    message: str = ""

    def __bool__(self) -> bool:
        """True when applied, so ``if confirm_import(...)`` reads as it says."""
        return self.applied


def make_plan(*, importer: Importer, data: bytes, filename: str, options: dict, user) -> ImportPlan:
    """The importer's plan; a file that cannot be read at all becomes one plain problem."""
    try:
        return importer.plan(data=data, filename=filename, options=options, user=user)
    except UnreadableFile as error:
        plan = ImportPlan()
        plan.add_problem(Problem(message=str(error)))
        return plan


def _problem_dicts(plan: ImportPlan) -> list[dict[str, Any]]:
    """The problems the batch keeps: those listed one by one, then a line per kind counted."""
    problems = (*plan.problems, *plan.problems.summaries())
    return [{**asdict(problem), "text_in_words": str(problem)} for problem in problems]


def preview_import(
    *, importer: Importer, data: bytes, filename: str, options: dict, user
) -> tuple[ImportBatch, ImportPlan]:
    """Plan the import and log it as previewed; nothing else is written.

    The file is kept (in the media folder) only for a preview that can be confirmed: one
    with errors keeps its log, size and checksum, not its upload. Whatever fails while the
    preview is logged, no file is left behind.
    """
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
        expected=plan.expected,
        uploaded_by=user,
    )
    try:
        with transaction.atomic():
            if not plan.has_errors or offers_revisions(importer=importer, batch=batch):
                batch.file.save(filename or "upload", ContentFile(data), save=False)
            batch.save()
            record(action=Action.IMPORT_PREVIEWED, user=user, detail=_describe(batch))
    except BaseException:
        _discard_file(batch, save=False)
        raise
    return batch, plan


def _discard_file(batch: ImportBatch, *, save: bool = True) -> None:
    """Delete the batch's upload: a batch that cannot be confirmed keeps no file."""
    if batch.file:
        batch.file.delete(save=False)
        if save:
            batch.save(update_fields=["file"])


def _describe(batch: ImportBatch) -> str:
    counts = ", ".join(f"{key} {value}" for key, value in batch.counts.items() if value)
    return f"{batch.kind} import #{batch.pk} of {batch.filename} ({batch.sha256[:12]}): {counts}"


def _refuse(batch: ImportBatch, reason: str, *, conflicts: Sequence[Conflict] = ()) -> Confirmation:
    _discard_file(batch, save=False)
    batch.status = ImportBatch.Status.REFUSED
    batch.refusal = reason
    batch.conflicts = [
        {
            "subject": conflict.subject,
            "changed_by": conflict.changed_by,
            "changed_at": conflict.changed_at.isoformat() if conflict.changed_at else None,
            "text_in_words": str(conflict),
        }
        for conflict in conflicts
    ]
    batch.save(update_fields=["status", "refusal", "conflicts", "file"])
    record(
        action=Action.IMPORT_REFUSED, user=batch.uploaded_by, detail=f"{_describe(batch)}. {reason}"
    )
    return Confirmation(applied=False, message=reason)


def _refuse_conflicts(batch: ImportBatch, conflicts: list[Conflict]) -> Confirmation:
    """Refuse naming the first values that moved; the batch keeps them all for its page."""
    named = "; ".join(str(conflict) for conflict in conflicts[:NAMED_CONFLICTS])
    more = len(conflicts) - NAMED_CONFLICTS
    reason = (
        f"{len(conflicts)} value(s) changed after this preview was made, so nothing was "
        f"applied: {named}{f'; and {more} more' if more > 0 else ''}. "
        "Upload the file again to see a fresh preview."
    )
    return _refuse(batch, reason, conflicts=conflicts)


def _apply(
    *, importer: Importer, batch: ImportBatch, plan: ImportPlan, user, fingerprint: str | None
) -> None:
    """Write the plan and mark the batch applied, in one transaction (a savepoint in a confirm).

    The importer checks what the plan read before it writes, naming every value that moved;
    the ``fingerprint`` of the preview is compared after, so a change the importer does not
    hold (the catalogue, say) still undoes the writes.
    """
    with transaction.atomic():
        importer.apply(plan, user=user, options=batch.options)
        if fingerprint is not None and plan.fingerprint != fingerprint:
            raise DataMoved
        batch.status = ImportBatch.Status.APPLIED
        batch.applied_at = timezone.now()
        batch.save(update_fields=["status", "applied_at"])
        record(action=Action.IMPORT_APPLIED, user=user, detail=_describe(batch))


def _moved(importer: Importer, batch: ImportBatch) -> list[Conflict]:
    """What moved since the preview read it, for importers that can tell (``moved``)."""
    moved = getattr(importer, "moved", None)
    return moved(batch.expected) if moved is not None and batch.expected else []


def _not_previewed(batch: ImportBatch) -> str:
    if batch.status == ImportBatch.Status.APPLIED:
        return (
            f"This import was already applied on "
            f"{timezone.localtime(batch.applied_at):%d %B %Y at %H:%M}; it was not applied again."
        )
    return f"This import was refused, so it cannot be confirmed: {batch.refusal}"


def offers_revisions(*, importer: Importer, batch: ImportBatch) -> bool:
    """Whether a preview was refused only because it would change values that were
    submitted, accepted, entered in the portal or are in a closed month: then it can be
    applied as revisions, with one reason, without uploading the file again."""
    counts = batch.counts
    return (
        bool(getattr(importer, "revisions_option", ""))
        and batch.status == ImportBatch.Status.PREVIEWED
        and counts.get("conflicts", 0) > 0
        and counts.get("errors", 0) == counts["conflicts"]
    )


def confirm_import(
    *, importer: Importer, batch: ImportBatch, user, revision_reason: str = ""
) -> Confirmation:
    """Apply exactly what was previewed, or refuse with a reason on the log.

    The batch row is locked for the whole confirm, so a second confirm of it waits and then
    finds it applied (or refused) and changes nothing. The file is planned again and applied
    against what the preview read: a value that moved since stops the import with the list
    of what moved, and a plan that differs in anything else is refused by its fingerprint.
    With a ``revision_reason`` the preview's conflicts are applied as revisions carrying it
    (``offers_revisions`` says when that is offered); the changes must be the ones previewed.
    """
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status != ImportBatch.Status.PREVIEWED:
            return Confirmation(applied=False, message=_not_previewed(batch))
        if not batch.file:  # its preview had errors
            return _refuse(batch, HAS_ERRORS)
        if revision_reason:
            if not offers_revisions(importer=importer, batch=batch):
                return Confirmation(applied=False, message="This preview has no revisions.")
            option = importer.revisions_option
            batch.options = {**batch.options, option: True, "revision_reason": revision_reason}
            batch.save(update_fields=["options"])
        with batch.file.open("rb") as handle:
            data = handle.read()
        plan = make_plan(
            importer=importer, data=data, filename=batch.filename, options=batch.options, user=user
        )
        if plan.has_errors:
            # An error the preview did not have may be someone's work saved since: name it.
            if conflicts := _moved(importer, batch):
                return _refuse_conflicts(batch, conflicts)
            return _refuse(batch, HAS_ERRORS)
        plan.expected = batch.expected  # what the preview read, not what this plan read now
        try:
            _apply(
                importer=importer, batch=batch, plan=plan, user=user, fingerprint=batch.fingerprint
            )
        except ConflictError as conflict:
            return _refuse_conflicts(batch, conflict.conflicts)
        except DataMoved:
            return _refuse(batch, MOVED)
    return Confirmation(applied=True, message=f"{batch.filename} was imported.")


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
        write(f"Nothing was imported: {plan.counts['errors']:,} error(s).")
        _refuse(batch, "The file has errors.")
        return False
    if dry_run:
        write("Dry run: nothing was imported.")
        return True
    # No preview to wait for here: the plan just made is applied at once, against what it read.
    try:
        _apply(importer=importer, batch=batch, plan=plan, user=user, fingerprint=None)
    except ConflictError as conflict:
        write(f"Nothing was imported: {_refuse_conflicts(batch, conflict.conflicts).message}")
        return False
    write("Imported.")
    return True
