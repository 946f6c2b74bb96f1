"""A month computed: each counted indicator's figures from an upload, beside the held values.

``count_upload`` reads (no writes): for every indicator mapped to a definition and every
month the upload covers, the counted figure, the value already held and whether they
differ. ``apply_counts`` stores the figures through the dataset import's value writes
(``indicators.value_writes``), so history, versions and conflicts work as for an imported
file; each value's history says "Counted from records, upload N, definition K version V",
and its ``CountedFigure`` says the same for the code (what ``records.recounting`` reads).
A value that is past the draft stage, or in a locked or published month, is only replaced
as a revision with a reason, never silently.
"""

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import polars as pl
from django.db import transaction

from core import clock, trail
from core.models import AuditEvent, PeriodStatus, ReportingPeriod
from core.months import add_months, first_of_month, month_name
from indicators import value_writes
from indicators.models import ChangeKind, Indicator, MonthlyValue, ValueState
from indicators.selectors import population_by_month
from records.counting import Figure, count_month
from records.definitions import AS_AT, Definition
from records.models import CountedFigure, CountedIndicator, RecordUpload
from records.selectors import definitions_of, records_frame


@dataclass
class CountedValue:
    indicator: Indicator
    definition: Definition
    month: date
    figure: Figure
    held: MonthlyValue | None
    closed: bool  # the month is locked or published

    @property
    def value(self) -> Decimal | None:
        return self.figure.value

    @property
    def held_value(self) -> Decimal | None:
        return self.held.value if self.held else None

    @property
    def differs(self) -> bool:
        """A figure to store: counted, and not the value held. No figure (a percentage of no
        records, a rate with no population figure) never blanks a held value."""
        return self.value is not None and (self.held is None or self.held_value != self.value)

    @property
    def needs_revision(self) -> bool:
        """Replacing it is a revision: the value went on past draft, or its month closed."""
        return (
            self.held is not None
            and self.differs
            and (self.closed or self.held.state != ValueState.DRAFT)
        )

    @property
    def reason(self) -> str:
        return history_reason(self.figure_upload, self.definition)

    figure_upload: int = 0


def history_reason(upload_pk: int, definition: Definition) -> str:
    return (
        f"Counted from records, upload {upload_pk}, definition {definition.key} "
        f"version {definition.version}"
    )


def months_of(upload: RecordUpload) -> list[date]:
    if upload.first_month is None:
        return []
    months, month = [], upload.first_month
    while month <= upload.last_month:
        months.append(month)
        month = add_months(month, 1)
    return months


def unfinished_months(upload: RecordUpload) -> list[date]:
    """The upload's months that have not ended (by the portal's today): not counted, as an
    extract taken during a month holds only part of it."""
    this_month = first_of_month(clock.today())
    return [month for month in months_of(upload) if month >= this_month]


def counted_months(upload: RecordUpload) -> list[date]:
    unfinished = unfinished_months(upload)
    return [month for month in months_of(upload) if month not in unfinished]


class Frames(dict):
    """An upload's lists, each read from the database once, when first counted."""

    def __init__(self, upload: RecordUpload):
        super().__init__()
        self.upload = upload

    def __missing__(self, list_key: str) -> pl.DataFrame:
        self[list_key] = records_frame(upload=self.upload, list_key=list_key)
        return self[list_key]


def count_upload(
    *, upload: RecordUpload, refs: list[str] | None = None, frames: Frames | None = None
) -> list[CountedValue]:
    """Every mapped indicator's figure for every month of ``upload`` (differences first);
    ``frames``, the upload's lists already read, if the caller reads them too."""
    mappings = CountedIndicator.objects.select_related("indicator")
    if refs is not None:
        mappings = mappings.filter(indicator__ref__in=refs)
    mappings = list(mappings)
    definitions = definitions_of(mapping.definition for mapping in mappings)
    months = counted_months(upload)
    held = {
        (value.indicator_id, value.month): value
        for value in MonthlyValue.objects.filter(
            indicator__in=[mapping.indicator_id for mapping in mappings], month__in=months
        )
    }
    closed = set(
        ReportingPeriod.objects.filter(
            month__in=months, status__in=[PeriodStatus.LOCKED, PeriodStatus.PUBLISHED]
        ).values_list("month", flat=True)
    )
    frames, children = frames if frames is not None else Frames(upload), population_by_month()
    counted = []
    for mapping in mappings:
        definition = definitions[mapping.definition]
        indicator = mapping.indicator
        for month in months:
            if not indicator.is_active_in(month):
                continue  # before a measure starts its values are absent, not counted
            if definition.placing == AS_AT and month != upload.last_month:
                continue
            population = children(month)
            figure = count_month(
                definition=definition,
                records=frames[definition.list_in(upload.counts)],
                month=month,
                population=int(population) if population else None,
                as_at=upload.last_month,
            )
            counted.append(
                CountedValue(
                    indicator,
                    definition,
                    month,
                    figure,
                    held.get((indicator.pk, month)),
                    month in closed,
                    upload.pk,
                )
            )
    counted.sort(key=lambda row: (not row.differs, row.indicator.ref, row.month))
    return counted


@dataclass(frozen=True)
class Applied:
    created: int
    changed: int
    revised: int
    held_back: list[CountedValue]


Words = Callable[[Definition, bool], str]  # a figure's history reason (definition, revision?)


def store_figures(
    rows: list[CountedValue], *, upload: RecordUpload, user, words: Words, revision_reason: str
) -> Applied:
    """Write ``rows`` (figures that differ from the held values) through the value writes and
    mark each as counted (``mark_counted``). A revision (``needs_revision``) is held back
    unless there is a ``revision_reason``; ``words`` gives each write's history reason."""
    creates, updates, revisions = defaultdict(list), defaultdict(list), defaultdict(list)
    held_back, written = [], []
    for row in rows:
        if row.held is None:
            if row.value is None:
                continue
            creates[row.definition].append((row.indicator.pk, row.month, row.value, ""))
        elif row.needs_revision and not revision_reason:
            held_back.append(row)
            continue
        else:
            target = revisions if row.needs_revision else updates
            target[row.definition].append(
                (row.held.pk, row.value, row.held.commentary, row.held.version)
            )
        written.append(row)
    for definition, values in creates.items():
        value_writes.create_values(
            values, user=user, reason=words(definition, False), kind=ChangeKind.IMPORTED
        )
    for definition, values in updates.items():
        value_writes.update_values(
            values, user=user, reason=words(definition, False), kind=ChangeKind.IMPORTED
        )
    for definition, values in revisions.items():
        value_writes.update_values(
            values, user=user, reason=words(definition, True), kind=ChangeKind.IMPORT_REVISION
        )
    mark_counted(written, upload=upload)
    return Applied(
        sum(map(len, creates.values())),
        sum(map(len, updates.values())),
        sum(map(len, revisions.values())),
        held_back,
    )


def mark_counted(rows: list[CountedValue], *, upload: RecordUpload) -> None:
    """Record on each row's value that it now holds the figure ``upload`` gave by the row's
    definition and version (``CountedFigure``): what ``records.recounting`` finds stale."""
    if not rows:
        return
    wanted = {(row.indicator.pk, row.month): row for row in rows}
    values = MonthlyValue.objects.filter(
        indicator_id__in={key for key, _ in wanted}, month__in={month for _, month in wanted}
    ).values_list("pk", "indicator_id", "month")
    marks = [
        CountedFigure(
            monthly_value_id=pk,
            upload=upload,
            definition=row.definition.key,
            version=row.definition.version,
            figure=row.value,
        )
        for pk, key, month in values
        if (row := wanted.get((key, month))) is not None
    ]
    CountedFigure.objects.bulk_create(
        marks,
        update_conflicts=True,
        unique_fields=["monthly_value"],
        update_fields=["upload", "definition", "version", "figure", "counted_at"],
    )


class FiguresMoved(Exception):
    """The figures or the values held changed between the page the analyst read and their
    confirm: nothing is stored, as in every import's confirm (``imports.plans``)."""


MOVED = (
    "The figures or the values held changed since the page was shown (a value was saved, "
    "or a definition changed): nothing was stored. Look at them again, then store them."
)


def fingerprint(rows: list[CountedValue]) -> str:
    """What the analyst saw: each figure, its definition and the value held beside it."""
    digest = hashlib.sha256()
    for row in rows:
        held = row.held and (row.held.pk, row.held.version, str(row.held.value), row.held.state)
        seen = (row.indicator.pk, row.month, row.definition.key, row.definition.version)
        digest.update(repr((*seen, str(row.value), held, row.closed)).encode())
    return digest.hexdigest()


@transaction.atomic
def apply_counts(
    *, upload: RecordUpload, user, revision_reason: str = "", seen: str = "", request=None
):
    """Store the upload's counted figures as the months' values (see the module's doc). With
    ``seen`` (the ``fingerprint`` of the page the analyst confirmed), refuse with
    ``FiguresMoved`` when anything it showed has changed since."""

    def words(definition: Definition, revision: bool) -> str:
        reason = history_reason(upload.pk, definition)
        return f"{reason}; revised: {revision_reason}" if revision else reason

    rows = count_upload(upload=upload)
    if seen and fingerprint(rows) != seen:
        raise FiguresMoved(MOVED)
    counted = [row for row in rows if row.differs]
    applied = store_figures(
        counted, upload=upload, user=user, words=words, revision_reason=revision_reason
    )
    RecordUpload.objects.filter(pk=upload.pk).update(state=RecordUpload.State.APPLIED)
    trail.record(
        action=AuditEvent.Action.IMPORT_APPLIED,
        user=user,
        request=request,
        detail=f"Figures counted from records upload {upload.pk}: {applied.created} new, "
        f"{applied.changed} changed, {applied.revised} revised, "
        f"{len(applied.held_back)} held back for a revision reason.",
    )
    return applied


def trace(*, upload: RecordUpload, ref: str, month: date) -> tuple[CountedValue, pl.DataFrame]:
    """A counted value and its records: counted, in the denominator only, or left out, each
    with its reason and the record's own columns (pseudonymised)."""
    frames = Frames(upload)
    counted = count_upload(upload=upload, refs=[ref], frames=frames)
    rows = [row for row in counted if row.month == month]
    if not rows:
        raise LookupError(f"{ref} is not counted from upload {upload.pk} for {month_name(month)}.")
    row = rows[0]
    records = frames[row.definition.list_in(upload.counts)]
    detail = row.figure.records.join(records.drop("child_id"), on="row", how="left")
    order = pl.col("outcome").replace_strict(
        {"counted": 0, "denominator only": 1, "left out": 2}, return_dtype=pl.Int8
    )
    return row, detail.sort(order, "row")
