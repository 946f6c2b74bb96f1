"""Writes of the pack: request a build, build it (the Celery task's body), publish a version
and withdraw it.

Reliability, in one place:
- A request is refused, with nothing recorded, when the broker is down: the pack row and
  the message are written in one transaction, so a refused message rolls the row back.
- One build per month at a time: the database's partial unique constraint lets only one
  queued or building version exist; a second request finds the first.
- A build is idempotent: a worker that receives a pack already ready or failed does
  nothing. Each start of a build is an attempt, numbered on the row; every later write of
  the attempt is conditional on that number, so an attempt that was taken over (a
  redelivered message) or timed out can no longer change the pack.
- One retry budget: a build is started at most ``MAX_ATTEMPTS`` times, counted on its row,
  whatever started it again - the task's retry after a transient error or the broker's
  redelivery after a worker died; the start past it marks the pack failed with the last
  error. The task's own retries have no count of their own (``packs.tasks``).
- Files are written under temporary names and moved into place, in the transaction that
  marks the pack ready, only when all are complete (``packs.storage``).
- A build queued or building for longer than ``PACK_BUILD_TIMEOUT_SECONDS`` is marked
  failed by a scheduled task (``expire_stuck_builds``, every minute), never by a page.
"""

import logging
import os
import socket
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.db.models import Max
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from core.health import OK, check_broker
from core.models import AuditEvent
from core.trail import record
from packs import selectors, storage
from packs.builders import pdf, web, xlsx
from packs.definitions import QUEUED_LABEL, STAGES, Stage
from packs.models import (
    ACTIVE,
    FileKind,
    Narrative,
    Pack,
    PackAction,
    PackEvent,
    PackFile,
    Recommendation,
    RecommendationUpdate,
    Status,
)

logger = logging.getLogger(__name__)

# The one retry budget: a build started this many times without finishing - retried after
# transient errors, or redelivered after its worker died - fails rather than going on for ever.
MAX_ATTEMPTS = 5
WORKER_STOPPED = "its worker stopped before it finished"
STAGE = {stage.key: stage for stage in STAGES}
BROKER_DOWN = (
    "The build queue is not answering, so the pack was not queued and nothing was recorded. "
    "Try again in a few minutes; if it keeps happening, tell the portal's administrators."
)


class PackRefused(Exception):
    """A request the portal cannot take; the message says why, in plain words."""


class BrokerUnavailable(PackRefused):
    pass


class PackNotVisible(Exception):
    """The message arrived before the transaction that recorded the pack had committed."""


class Superseded(Exception):
    """This attempt no longer owns the build: it timed out, or a redelivery took it over."""


# Worth trying again later with back-off (``packs.tasks``): the database or the row may be
# back in a moment. Anything else is a fault of the build and fails it at once.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, PackNotVisible)


# --- Requesting ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BuildRequest:
    pack: Pack
    created: bool  # False: a build of the month was already queued or building


def _next_version(month: date) -> int:
    newest = Pack.objects.for_month(month).aggregate(newest=Max("version"))["newest"]
    return (newest or 0) + 1


def _enqueue(pack: Pack) -> None:
    from packs.tasks import build_pack  # the task module imports this one

    try:
        build_pack.delay(pack.pk)
    except BrokerError as error:
        raise BrokerUnavailable(BROKER_DOWN) from error


def request_build(*, month: date, user=None) -> BuildRequest:
    """Queue a build of ``month`` as a new version, or return the build already under way.

    Raises ``BrokerUnavailable`` (nothing recorded) when the queue does not answer. With no
    broker configured the build runs here, in-process, before this returns.
    """
    expire_stuck_builds()
    if active := Pack.objects.active().for_month(month).first():
        return BuildRequest(pack=active, created=False)
    if check_broker() not in (OK, "not configured"):
        raise BrokerUnavailable(BROKER_DOWN)
    for _ in range(3):  # a concurrent request may take the version number first
        try:
            with transaction.atomic():
                pack = Pack.objects.create(
                    month=month,
                    version=_next_version(month),
                    requested_by=user,
                    stage=QUEUED_LABEL,
                )
                _enqueue(pack)  # a refusal here rolls the row back
            return BuildRequest(pack=pack, created=True)
        except IntegrityError:
            if active := Pack.objects.active().for_month(month).first():
                return BuildRequest(pack=active, created=False)
    raise PackRefused("Another build of this month was being recorded at the same time. Try again.")


def expire_stuck_builds(*, now: datetime | None = None) -> int:
    """Mark failed the builds queued or building for longer than the timeout; how many.

    Run every minute by the beat schedule (``packs.tasks.expire_stuck_builds``) and before
    a build is requested, never by a page: a GET writes nothing. The pages show a dead build
    as failed meanwhile through the same rule (``selectors.as_shown``).
    """
    now = now or timezone.now()
    deadline = selectors.build_deadline(now)
    return sum(
        Pack.objects.filter(status=timeout.status, **{f"{timeout.since}__lt": deadline}).update(
            status=Status.FAILED, finished_at=now, error=timeout.reason
        )
        for timeout in selectors.build_timeouts()
    )


def publish(*, pack: Pack, user) -> Pack:
    """Publish a ready version: readers see it from now on, and it never changes again."""
    with transaction.atomic():
        locked = Pack.objects.select_for_update().get(pk=pack.pk)
        if locked.is_published:
            raise PackRefused(f"{locked} is already published.")
        if not locked.is_ready:
            raise PackRefused(f"{locked} is not ready, so it cannot be published.")
        locked.published_at = timezone.now()
        locked.published_by = user
        locked.save(update_fields=["published_at", "published_by"])
        PackEvent.objects.create(
            pack=locked, action=PackAction.PUBLISHED, actor=user, at=locked.published_at
        )
        record(
            action=AuditEvent.Action.PUBLICATION, user=user, detail=f"Pack of {locked}: published."
        )
    return locked


def withdraw(*, pack: Pack, user, reason: str) -> Pack:
    """Take a published version back from its readers (a wrong figure, the wrong month).

    The version and its files are kept, as the record of what was sent out, and it may be
    published again; the reason, who and when are kept in the pack's trail (``PackEvent``).
    The month's values stay as published: reopening the month is the return's own step.
    """
    reason = reason.strip()
    if not reason:
        raise PackRefused("Give the reason for withdrawing the pack.")
    with transaction.atomic():
        locked = Pack.objects.select_for_update().get(pk=pack.pk)
        if not locked.is_published:
            raise PackRefused(f"{locked} is not published, so it cannot be withdrawn.")
        locked.published_at, locked.published_by = None, None
        locked.save(update_fields=["published_at", "published_by"])
        PackEvent.objects.create(
            pack=locked, action=PackAction.WITHDRAWN, actor=user, reason=reason
        )
        record(
            action=AuditEvent.Action.PUBLICATION,
            user=user,
            detail=f"Pack of {locked}: withdrawn. Reason: {reason}",
        )
    return locked


# --- Narrative and recommendations ------------------------------------------------------


def save_narrative(
    *, month: date, summary: str, areas: Mapping[int, str] | None = None, user
) -> Narrative:
    """Write the month's narrative: the summary, and the paragraphs on areas by area id (an
    area left out or blank has none). The next build of the month's pack opens with it."""
    paragraphs = {str(area): text.strip() for area, text in (areas or {}).items() if text.strip()}
    narrative, _ = Narrative.objects.update_or_create(
        month=month,
        defaults={"summary": summary.strip(), "areas": paragraphs, "updated_by": user},
    )
    return narrative


def save_recommendation(*, recommendation: Recommendation, user) -> Recommendation:
    """Record a new or changed recommendation, and who changed it (its history keeps when)."""
    recommendation.updated_by = user
    recommendation.full_clean()
    recommendation.save()
    return recommendation


def add_update(
    *, recommendation: Recommendation, day: date, text: str, status: str, user
) -> RecommendationUpdate:
    """A dated note of progress, with the recommendation's status as it now stands."""
    with transaction.atomic():
        update = RecommendationUpdate.objects.create(
            recommendation=recommendation, date=day, text=text.strip(), recorded_by=user
        )
        if status != recommendation.status:
            recommendation.status = status
            save_recommendation(recommendation=recommendation, user=user)
    return update


# --- Building -----------------------------------------------------------------------------


@dataclass
class Attempt:
    """One worker's go at building a pack; its writes count only while it owns the build."""

    pack: Pack
    number: int
    timings: dict[str, float] = field(default_factory=dict)
    stage: Stage = STAGES[0]

    def owned(self):
        return Pack.objects.filter(pk=self.pack.pk, status=Status.BUILDING, attempts=self.number)

    def report(self, stage: Stage) -> None:
        """Show ``stage`` on the progress bar; Superseded when the build is no longer ours."""
        self.stage = stage
        updated = self.owned().update(
            stage=stage.label, progress=stage.starts_at, stage_seconds=self.timings
        )
        if not updated:
            raise Superseded(self.pack.pk)

    @contextmanager
    def step(self, key: str) -> Iterator[None]:
        self.report(STAGE[key])
        start = time.perf_counter()
        yield
        self.timings[key] = round(time.perf_counter() - start, 3)
        if settings.PACK_STAGE_PAUSE_SECONDS:  # tests only: time to kill a worker mid-build
            time.sleep(settings.PACK_STAGE_PAUSE_SECONDS)


def _worker_name() -> str:
    return f"{socket.gethostname()} pid {os.getpid()}"


def _claim(pack_id: int, *, tries: int) -> Attempt | None:
    """Start an attempt at a queued (or interrupted) build; None when there is nothing to do:
    the pack is finished, or has used the budget (then it is marked failed)."""
    with transaction.atomic():
        pack = Pack.objects.select_for_update().filter(pk=pack_id).first()
        if pack is None:
            if tries > MAX_ATTEMPTS:  # a message whose request rolled back: no row to count on
                logger.warning("Pack %s never appeared; its message is dropped.", pack_id)
                return None
            raise PackNotVisible(pack_id)
        if not pack.is_active:
            logger.info("Pack %s is %s: nothing to build.", pack, pack.status)
            return None
        if pack.attempts >= MAX_ATTEMPTS:
            pack.status, pack.finished_at = Status.FAILED, timezone.now()
            last = pack.error or WORKER_STOPPED  # the last attempt's transient error, if any
            pack.error = f"The build stopped after {pack.attempts} tries: {last}"
            pack.save()
            return None
        pack.status, pack.attempts, pack.worker = Status.BUILDING, pack.attempts + 1, _worker_name()
        pack.started_at, pack.finished_at, pack.error = timezone.now(), None, ""
        pack.stage, pack.progress, pack.stage_seconds = STAGES[0].label, 0, {}
        pack.save()
    removed = storage.remove_leftovers(month=pack.month, version=pack.version)
    if removed:
        logger.warning(
            "Removed %d unfinished files of an interrupted build of %s.", len(removed), pack
        )
    return Attempt(pack=pack, number=pack.attempts)


def _write_files(attempt: Attempt, staged: list[storage.StagedFile]) -> selectors.PackContent:
    """Every stage up to complete files under temporary names; what the files show."""
    pack, built_at = attempt.pack, timezone.now()
    edition = {"version": pack.version, "built_at": built_at}

    def stage_file(kind: str, write) -> None:
        staged.append(storage.stage(month=pack.month, version=pack.version, kind=kind, write=write))

    with attempt.step("data"):
        content = selectors.pack_content(month=pack.month)
    with attempt.step("xlsx"):
        stage_file(
            FileKind.XLSX, lambda path: xlsx.write_xlsx(content=content, path=path, **edition)
        )
    with attempt.step("web"):
        body = web.render_body(content=content, **edition)
        stage_file(FileKind.HTML, lambda path: path.write_text(body, encoding="utf-8"))
    with attempt.step("pdf"):
        stage_file(
            FileKind.PDF,
            lambda path: pdf.write_pdf(body=body, content=content, path=path, **edition),
        )
    return content


def _finish(
    attempt: Attempt, staged: list[storage.StagedFile], *, content: selectors.PackContent
) -> Pack:
    """Move the files into place and mark the pack ready, together, if it is still ours."""
    attempt.report(STAGE["files"])
    start = time.perf_counter()
    with transaction.atomic():
        pack = attempt.owned().select_for_update().first()
        if pack is None:
            raise Superseded(attempt.pack.pk)
        for file in staged:
            storage.move_into_place(file)
        PackFile.objects.bulk_create(
            PackFile(pack=pack, kind=f.kind, path=f.relative, size=f.size, sha256=f.sha256)
            for f in staged
        )
        attempt.timings["files"] = round(time.perf_counter() - start, 3)
        pack.status, pack.progress, pack.stage = Status.READY, 100, ""
        pack.finished_at, pack.stage_seconds = timezone.now(), attempt.timings
        pack.provisional_count = content.provisional_count
        pack.narrative = content.narrative
        pack.area_narratives = content.area_narratives
        pack.rag_by_area = selectors.kept_rag(content.rag_by_area)
        pack.judged = selectors.kept_judged(content.summary.judged)
        pack.save()
    return pack


def _note_transient(attempt: Attempt, error: Exception) -> None:
    """Keep a transient error on the row, for the failure to name should it be the last."""
    try:
        attempt.owned().update(error=f"{error.__class__.__name__}: {error}")
    except (OperationalError, InterfaceError):  # the database itself is what failed
        logger.warning("Could not record the transient error of %s.", attempt.pack)


def build_pack(*, pack_id: int, tries: int = 1) -> Pack | None:
    """Build pack ``pack_id`` if it is still to be built (the body of the Celery task; ``tries``
    counts its deliveries, for a message whose pack never appears).

    Transient errors propagate, for the task to retry with back-off, within ``MAX_ATTEMPTS``;
    any other error fails the build with its reason. Unfinished files are removed in every
    case.
    """
    attempt = _claim(pack_id, tries=tries)
    if attempt is None:
        return None
    staged: list[storage.StagedFile] = []
    try:
        content = _write_files(attempt, staged)
        return _finish(attempt, staged, content=content)
    except Superseded:
        logger.warning("Attempt %d at %s was superseded; its files are discarded.",
                       attempt.number, attempt.pack)  # fmt: skip
    except TRANSIENT_ERRORS as error:
        _note_transient(attempt, error)
        raise
    except Exception as error:  # any fault of the build: record it for the page to show
        logger.exception("Building %s failed.", attempt.pack)
        attempt.owned().update(
            status=Status.FAILED,
            finished_at=timezone.now(),
            stage_seconds=attempt.timings,
            error=f"{attempt.stage.label} failed: {error.__class__.__name__}: {error}",
        )
    finally:
        storage.discard(staged)
    return None


def fail_build(*, pack_id: int, reason: str) -> None:
    """Mark a build failed by an error the build itself could not record (the task's
    ``on_failure``)."""
    Pack.objects.filter(pk=pack_id, status__in=ACTIVE).update(
        status=Status.FAILED, finished_at=timezone.now(), error=reason
    )
