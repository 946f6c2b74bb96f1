"""Writes to the catalogue and the monthly values."""

from dataset_import.plan import DatasetPayload
from dataset_import.reported import apply_reports
from indicators import value_writes
from indicators.models import REVISED_BY_IMPORT, Area, Benchmark, Indicator


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
                frequency=new.frequency,
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


def apply_dataset(payload: DatasetPayload, *, read: value_writes.ReadValues, user) -> None:
    """Write a planned dataset import over the values ``read`` (what its preview saw).

    The caller holds the transaction. Those values are locked first and the import stops
    with a ``ConflictError``, writing nothing, if any of them moved or appeared since.
    """
    value_writes.hold(read)
    _create_catalogue(payload)
    refs = {ref for ref, _, _, _ in payload.creates}
    ids = dict(Indicator.objects.filter(ref__in=refs).values_list("ref", "pk"))
    value_writes.create_values(
        [(ids[ref], month, value, commentary) for ref, month, value, commentary in payload.creates],
        user=user,
        reason=IMPORTED,
    )
    value_writes.update_values(payload.updates, user=user, reason=IMPORTED)
    value_writes.update_values(payload.revisions, user=user, reason=REVISED_BY_IMPORT)
    apply_reports(payload.reports)
