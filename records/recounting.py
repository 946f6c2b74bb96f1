"""A definition changed later: the figures it left stale, recounted as revisions with a reason.

A definition changes in three ways: a release raises a standard definition's ``version`` (its
rule changed), an analyst changes what a local definition counts (which raises its version:
``services.save_local_definition``), or an analyst maps the indicator to another definition
(the admin's "Counted indicators"). Every value counted from records has a ``CountedFigure``
naming the upload, definition and version it was counted by; it is stale when that is not the
indicator's mapping now (``selectors.stale_marks``). ``stale_figures`` recounts each from its
upload's records, while they are held, beside the stored value; ``recount`` stores the new
figures through ``records.figures.store_figures`` (the writes ``apply_counts`` makes), each
with the analyst's reason, as a revision where the value went past draft or its month is
locked or published. A figure the new rule leaves as it was only has its ``CountedFigure``
brought up to date: a revision that changes nothing would be noise in the month's history.
"""

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from core import trail
from core.models import AuditEvent
from core.months import month_name
from indicators.models import Indicator
from records import selectors
from records.definitions import Definition
from records.figures import CountedValue, count_upload, mark_counted, store_figures
from records.models import CountedFigure, RecordUpload

PURGED = "cannot be recounted: its records were purged"
NO_REASON = "Give the reason for recounting: it is recorded with every recounted value."


@dataclass(frozen=True)
class StaleFigure:
    """One stored value counted by a definition (or version) the indicator is not mapped to
    now, with its recount from the same upload's records (None when it cannot be)."""

    mark: CountedFigure
    current: Definition
    recount: CountedValue | None

    @property
    def indicator(self) -> Indicator:
        return self.mark.monthly_value.indicator

    @property
    def month(self) -> date:
        return self.mark.monthly_value.month

    @property
    def stored(self) -> Decimal | None:
        return self.mark.monthly_value.value

    @property
    def differs(self) -> bool:
        return self.recount is not None and self.recount.differs

    @property
    def why_not(self) -> str:
        """Why it cannot be recounted, or "" when it can."""
        if self.mark.upload.state == RecordUpload.State.PURGED:
            return PURGED
        if self.recount is None:
            return (
                f"cannot be recounted: {self.current.key} counts no figure for "
                f"{month_name(self.month)} from upload {self.mark.upload_id}"
            )
        return ""


@dataclass(frozen=True)
class StaleIndicator:
    indicator: Indicator
    figures: list[StaleFigure]

    @property
    def differences(self) -> int:
        return sum(figure.differs for figure in self.figures)


def stale_figures(*, refs: Collection[str] | None = None) -> list[StaleIndicator]:
    """Every stale figure, recounted where its records are held, grouped by indicator: those
    with differences first, and in each its differences first, then by month.

    Each upload's lists are read once (``count_upload``), so the queries grow with the
    uploads and lists involved, not with the figures."""
    marks = selectors.stale_marks(refs=refs)
    held: dict[int, list[CountedFigure]] = defaultdict(list)
    for mark, _current in marks:
        if mark.upload.state != RecordUpload.State.PURGED:
            held[mark.upload_id].append(mark)
    recounts = {}
    for group in held.values():
        upload = group[0].upload
        wanted = sorted({mark.monthly_value.indicator.ref for mark in group})
        for row in count_upload(upload=upload, refs=wanted):
            recounts[(upload.pk, row.indicator.pk, row.month)] = row
    by_indicator: dict[int, list[StaleFigure]] = defaultdict(list)
    for mark, current in marks:
        value = mark.monthly_value
        recount = recounts.get((mark.upload_id, value.indicator_id, value.month))
        by_indicator[value.indicator_id].append(StaleFigure(mark, current, recount))
    groups = [
        StaleIndicator(figures[0].indicator, sorted(figures, key=differences_first))
        for figures in by_indicator.values()
    ]
    return sorted(groups, key=lambda group: (not group.differences, group.indicator.ref))


def differences_first(figure: StaleFigure) -> tuple[bool, date]:
    return (not figure.differs, figure.month)


@dataclass(frozen=True)
class Recounted:
    changed: int  # values written (revisions among them)
    revised: int
    confirmed: int  # the same figure by the new rule: only its record brought up to date
    not_recounted: list[StaleFigure]


def recount_words(upload_pk: int, definition: Definition, reason: str) -> str:
    return (
        f"Recounted from records, upload {upload_pk}, definition {definition.key} "
        f"version {definition.version}: {reason}"
    )


@transaction.atomic
def recount(*, user, reason: str, refs: Collection[str] | None = None, request=None) -> Recounted:
    """Recount every stale figure (of ``refs``, or all) whose records are held and store it
    with ``reason``; a blank reason stores nothing (``ValueError``, naming what is missing)."""
    reason = reason.strip()
    if not reason:
        raise ValueError(NO_REASON)
    by_upload: dict[int, list[StaleFigure]] = defaultdict(list)
    not_recounted = []
    for group in stale_figures(refs=refs):
        for figure in group.figures:
            if figure.why_not:
                not_recounted.append(figure)
            else:
                by_upload[figure.mark.upload_id].append(figure)
    changed = revised = confirmed = 0
    for figures in by_upload.values():
        upload = figures[0].mark.upload
        applied = store_figures(
            [figure.recount for figure in figures if figure.differs],
            upload=upload,
            user=user,
            words=lambda definition, _revision, pk=upload.pk: recount_words(pk, definition, reason),
            revision_reason=reason,
        )
        same = [figure.recount for figure in figures if not figure.differs]
        mark_counted(same, upload=upload)
        changed += applied.changed + applied.revised
        revised += applied.revised
        confirmed += len(same)
    recounted = Recounted(changed, revised, confirmed, not_recounted)
    trail.record(
        action=AuditEvent.Action.IMPORT_APPLIED,
        user=user,
        request=request,
        detail=f"Figures recounted from records ({reason}): {changed} changed, {revised} of "
        f"them revised, {confirmed} the same, {len(not_recounted)} not recounted.",
    )
    return recounted
