"""Writes to the catalogue and the monthly values, each with its history (who, when, why)."""

from django.db.models import Q
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from dataset_import.plan import DatasetPayload
from dataset_import.reported import apply_reports
from indicators import value_writes
from indicators.models import (
    IMPORTED,
    REVISED_BY_IMPORT,
    Area,
    Benchmark,
    ChangeKind,
    Indicator,
    Target,
)


def _create_catalogue(payload: DatasetPayload, *, user) -> None:
    Area.objects.bulk_create(
        [Area(name=name, position=position) for position, name in enumerate(payload.new_areas, 100)]
    )
    areas = {area.name: area for area in Area.objects.all()}
    bulk_create_with_history(
        [
            _with_reason(
                payload,
                Indicator(
                    ref=new.ref,
                    title=new.title,
                    area=areas[new.area],
                    unit=new.unit,
                    preferred_direction=new.preferred_direction,
                    frequency=new.frequency,
                    owner_id=new.owner_id,
                    reporter_id=new.reporter_id,
                    owner_name=new.owner_name,
                    reporter_name=new.reporter_name,
                    outcome=new.outcome,
                    active_from=new.active_from,
                    active_to=new.active_to,
                    decimal_places=new.decimal_places,
                    position=new.position,
                ),
            )
            for new in payload.new_indicators
        ],
        Indicator,
        default_user=user,
        default_change_reason=IMPORTED,
    )


def _with_reason(payload: DatasetPayload, indicator: Indicator) -> Indicator:
    """``indicator`` carrying the reason its history gives for the import's change, where
    the plan has one beyond "Imported" (simple_history reads ``_change_reason`` on each
    object of a bulk write, else the default reason)."""
    if reason := payload.change_reasons.get(indicator.ref):
        indicator._change_reason = reason
    return indicator


def _change_catalogue(payload: DatasetPayload, *, user) -> None:
    """Apply what the file says about indicators: fields, targets and benchmarks."""
    refs = {*payload.indicator_changes, *(t.ref for t in payload.targets)}
    refs |= {b.ref for b in payload.benchmarks}
    indicators = Indicator.objects.in_bulk(list(refs), field_name="ref")
    changes = payload.indicator_changes
    changed_fields = sorted({name for fields in changes.values() for name in fields})
    for ref, fields in changes.items():
        for name, value in fields.items():
            setattr(indicators[ref], name, value)
    if changed_fields:
        bulk_update_with_history(
            [_with_reason(payload, indicators[ref]) for ref in changes],
            Indicator,
            changed_fields,
            default_user=user,
            default_change_reason=IMPORTED,
        )
    _upsert(
        Target,
        {(indicators[t.ref].pk, t.financial_year): t for t in payload.targets},
        key_fields=("indicator_id", "financial_year"),
        values=lambda t: {"value": t.value, "comparator": t.comparator},
        user=user,
    )
    _upsert(
        Benchmark,
        {(indicators[b.ref].pk, b.group, b.year): b for b in payload.benchmarks},
        key_fields=("indicator_id", "group", "year"),
        values=lambda b: {"value": b.value, "caveat": b.caveat},
        user=user,
    )


def _upsert(model, wanted: dict, *, key_fields: tuple[str, ...], values, user) -> None:
    """Create the ``wanted`` rows of ``model`` that do not exist, update those that do."""
    if not wanted:
        return
    match = Q()
    for key in wanted:
        match |= Q(**dict(zip(key_fields, key, strict=True)))
    stored = {
        tuple(getattr(row, name) for name in key_fields): row for row in model.objects.filter(match)
    }
    creates, updates = [], []
    for key, write in wanted.items():
        row = stored.get(key) or model(**dict(zip(key_fields, key, strict=True)))
        for name, value in values(write).items():
            setattr(row, name, value)
        (updates if key in stored else creates).append(row)
    options = {"default_user": user, "default_change_reason": IMPORTED}
    bulk_create_with_history(creates, model, **options)
    if updates:
        fields = list(values(next(iter(wanted.values()))))
        bulk_update_with_history(updates, model, fields, **options)


def apply_dataset(
    payload: DatasetPayload, *, read: value_writes.ReadValues, user, revision_reason: str = ""
) -> None:
    """Write a planned dataset import over the values ``read`` (what its preview saw).

    The caller holds the transaction. The values it changes are locked first and the import
    stops with a ``ConflictError``, writing nothing, if any of them moved since, or any it
    creates appeared. Revisions carry ``revision_reason`` (why the performance team confirmed
    them) in their history.
    """
    refs = {ref for ref, _, _, _ in payload.creates}
    stored_ids = dict(Indicator.objects.filter(ref__in=refs).values_list("ref", "pk"))
    value_writes.hold(
        read,
        changing=[pk for pk, _, _, _ in (*payload.updates, *payload.revisions)],
        creating=[(stored_ids[r], month) for r, month, _, _ in payload.creates if r in stored_ids],
    )
    _create_catalogue(payload, user=user)
    _change_catalogue(payload, user=user)
    ids = dict(Indicator.objects.filter(ref__in=refs).values_list("ref", "pk"))
    value_writes.create_values(
        [(ids[ref], month, value, commentary) for ref, month, value, commentary in payload.creates],
        user=user,
        reason=IMPORTED,
        kind=ChangeKind.IMPORTED,
    )
    value_writes.update_values(
        payload.updates, user=user, reason=IMPORTED, kind=ChangeKind.IMPORTED
    )
    reason = f"{REVISED_BY_IMPORT}: {revision_reason}" if revision_reason else REVISED_BY_IMPORT
    value_writes.update_values(
        payload.revisions, user=user, reason=reason, kind=ChangeKind.IMPORT_REVISION
    )
    apply_reports(payload.reports)
