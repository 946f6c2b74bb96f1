"""Writes to the catalogue and the monthly values."""

from decimal import Decimal

from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from indicators.dataset_import import DatasetPayload
from indicators.models import Area, Benchmark, Indicator, MonthlyValue

BATCH = 5_000


def _create_catalogue(payload: DatasetPayload) -> None:
    Area.objects.bulk_create(
        [Area(name=name, position=position) for position, name in enumerate(payload.new_areas, 100)]
    )
    areas = {area.name: area for area in Area.objects.all()}
    created = Indicator.objects.bulk_create(
        [
            Indicator(
                ref=new.ref,
                title=new.title,
                area=areas[new.area],
                unit=new.unit,
                preferred_direction=new.preferred_direction,
                owner_id=new.owner_id,
                reporter_id=new.reporter_id,
                outcome=new.outcome,
                active_from=new.active_from,
                active_to=new.active_to,
                decimal_places=new.decimal_places,
                position=new.position,
            )
            for new in payload.new_indicators
        ]
    )
    by_ref = {
        indicator.ref: indicator
        for indicator in Indicator.objects.filter(ref__in=[indicator.ref for indicator in created])
    }
    Benchmark.objects.bulk_create(
        [
            Benchmark(indicator=by_ref[new.ref], group=group, value=value)
            for new in payload.new_indicators
            for group, value in new.benchmarks.items()
        ]
    )


IMPORTED = "Imported"
REVISED_BY_IMPORT = "Revision by import (revisions allowed)"


def _update_values(rows: list[tuple[int, Decimal | None, str, int]], *, user, reason: str) -> None:
    """Overwrite value and commentary of stored rows with their new version, in the history."""
    if not rows:
        return
    stored = MonthlyValue.objects.in_bulk([pk for pk, _, _, _ in rows])
    now = timezone.now()
    for pk, value, commentary, version in rows:
        row = stored[pk]
        row.value, row.commentary, row.version = value, commentary, version
        row.updated_by, row.updated_at = user, now
    bulk_update_with_history(
        list(stored.values()),
        MonthlyValue,
        ["value", "commentary", "version", "updated_by", "updated_at"],
        batch_size=BATCH,
        default_user=user,
        default_change_reason=reason,
    )


def apply_dataset(payload: DatasetPayload, *, user) -> None:
    """Write a planned dataset import. The caller holds the transaction."""
    _create_catalogue(payload)
    refs = {ref for ref, _, _, _ in payload.creates}
    ids = dict(Indicator.objects.filter(ref__in=refs).values_list("ref", "pk"))
    now = timezone.now()
    bulk_create_with_history(
        [
            MonthlyValue(
                indicator_id=ids[ref],
                month=month,
                value=value,
                commentary=commentary,
                updated_by=user,
                updated_at=now,
            )
            for ref, month, value, commentary in payload.creates
        ],
        MonthlyValue,
        batch_size=BATCH,
        default_user=user,
        default_change_reason=IMPORTED,
    )
    _update_values(payload.updates, user=user, reason=IMPORTED)
    _update_values(payload.revisions, user=user, reason=REVISED_BY_IMPORT)
