"""Writes to the catalogue and the monthly values."""

from decimal import Decimal

from django.db.models import F

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


def _update_values(rows: list[tuple[int, Decimal | None, str]], *, user) -> None:
    """Overwrite value and commentary of stored rows, raising their version."""
    objects = [
        MonthlyValue(pk=pk, value=value, commentary=commentary, updated_by=user)
        for pk, value, commentary in rows
    ]
    MonthlyValue.objects.bulk_update(
        objects, ["value", "commentary", "updated_by"], batch_size=BATCH
    )
    MonthlyValue.objects.filter(pk__in=[pk for pk, _, _ in rows]).update(version=F("version") + 1)


def apply_dataset(payload: DatasetPayload, *, user) -> None:
    """Write a planned dataset import. The caller holds the transaction."""
    _create_catalogue(payload)
    refs = {ref for ref, _, _, _ in payload.creates}
    ids = dict(Indicator.objects.filter(ref__in=refs).values_list("ref", "pk"))
    MonthlyValue.objects.bulk_create(
        [
            MonthlyValue(
                indicator_id=ids[ref],
                month=month,
                value=value,
                commentary=commentary,
                updated_by=user,
            )
            for ref, month, value, commentary in payload.creates
        ],
        batch_size=BATCH,
    )
    _update_values(payload.updates, user=user)
    _update_values(payload.revisions, user=user)
