"""Writes to the catalogue."""

from collections.abc import Iterable
from decimal import Decimal

from indicators import value_writes
from indicators.catalogue import CHANGE_REASON, CataloguePayload, Definition
from indicators.models import DERIVED_FIGURE_CLEARED, Area, ChangeKind, Indicator, MonthlyValue

PLAIN_FIELDS = ("title", "unit", "decimal_places", "preferred_direction", "frequency", "scale")


def _save(indicator: Indicator, *, user) -> None:
    """Save with the change in the indicator's history: who, when, why."""
    indicator._history_user = user
    indicator._change_reason = CHANGE_REASON
    indicator.save()


def apply_catalogue(payload: CataloguePayload, *, user) -> None:
    """Create or update the indicators of a planned catalogue file; the caller holds the
    transaction. New indicators are created first, so a formula may name one of them."""
    start = Area.objects.count()
    for position, name in enumerate(payload.new_areas, start):
        Area.objects.create(name=name, position=position)
    areas = {area.name: area for area in Area.objects.all()}
    refs = [definition.ref for definition in payload.definitions]
    by_ref = {indicator.ref: indicator for indicator in Indicator.objects.filter(ref__in=refs)}
    for definition in payload.definitions:
        if definition.ref not in by_ref:
            indicator = Indicator(ref=definition.ref, area=areas[definition.area])
            _set(indicator, definition, areas=areas, by_ref=by_ref, formula=False)
            _save(indicator, user=user)
            by_ref[definition.ref] = indicator
    inputs = {
        ref
        for definition in payload.definitions
        for ref in (definition.numerator, definition.denominator)
        if ref is not None and ref not in by_ref
    }
    by_ref.update(
        {indicator.ref: indicator for indicator in Indicator.objects.filter(ref__in=inputs)}
    )
    for definition in payload.definitions:
        indicator = by_ref[definition.ref]
        before = [getattr(indicator, name) for name in _COMPARED]
        _set(indicator, definition, areas=areas, by_ref=by_ref, formula=True)
        if [getattr(indicator, name) for name in _COMPARED] != before:
            _save(indicator, user=user)
    clear_derived_figures(
        indicators=[by_ref[definition.ref] for definition in payload.definitions], user=user
    )


_COMPARED = (*PLAIN_FIELDS, "area_id", "owner_id", "reporter_id", "numerator_id", "denominator_id")


def _set(indicator: Indicator, definition: Definition, *, areas, by_ref, formula: bool) -> None:
    for name in PLAIN_FIELDS:
        setattr(indicator, name, getattr(definition, name) if formula or name != "scale" else None)
    indicator.area = areas[definition.area]
    indicator.owner_id = definition.owner
    indicator.reporter_id = definition.reporter
    derived = formula and definition.numerator is not None
    indicator.numerator = by_ref[definition.numerator] if derived else None
    indicator.denominator = (
        by_ref[definition.denominator] if derived and definition.denominator else None
    )


def define_formula(
    *,
    indicator: Indicator,
    numerator: Indicator,
    denominator: Indicator | None,
    scale: Decimal,
    user,
) -> None:
    """Make ``indicator`` derived: numerator / denominator (None: the population) x scale.
    Its value is computed from then on; its stored figures are cleared, its commentary kept
    (``clear_derived_figures``)."""
    indicator.numerator, indicator.denominator, indicator.scale = numerator, denominator, scale
    _save(indicator, user=user)
    clear_derived_figures(indicators=[indicator], user=user)


def clear_derived_figures(*, indicators: Iterable[Indicator], user) -> int:
    """Clear the stored figures of the derived ones of ``indicators``, keeping each row with
    its commentary (a derived indicator's commentary is still written); how many.

    A derived value is computed from its counts when read, so a stored figure - imported
    before the indicator was derived - is never read, and would only mislead wherever a
    stored row is shown. Every declaration of a formula (the catalogue file, the admin, the
    demo) ends here, so a derived indicator holds no figure; each clearing is in the value's
    history, with who and why, and raises its version like any other write.
    """
    derived = [indicator.pk for indicator in indicators if indicator.is_derived]
    stale = MonthlyValue.objects.filter(indicator__in=derived, value__isnull=False)
    changes = [
        (pk, None, commentary, version)
        for pk, commentary, version in stale.values_list("pk", "commentary", "version")
    ]
    value_writes.update_values(
        changes, user=user, reason=DERIVED_FIGURE_CLEARED, kind=ChangeKind.DERIVED
    )
    return len(changes)
