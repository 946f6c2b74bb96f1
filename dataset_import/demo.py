"""Demo catalogue and values: the September 2016 sample of the team's dataset.

The owners and reporters it names become demo users (without passwords, except the
``owner`` and ``reporter`` demo users, who are Jane White and Catherine Parkin).

The sample carries values, commentary and a few benchmarks (SN and national, for rates),
but no preferred directions or targets: those the team sets in the portal, so the demo sets
plausible ones here (``CATALOGUE``), with South East figures beside the sample's benchmarks
and the authority's own 2015-16 figure worked out from the sample's values. Without them
every RAG would be "-" and every judgement "context only".
"""

from datetime import date
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from core import roles
from core.months import financial_year_name, financial_year_of
from core.numbers import round_half_up
from dataset_import.dataset_file import read_dataset
from dataset_import.importers import DatasetImporter
from indicators import services as catalogue
from indicators.calculations import Point
from indicators.models import (
    Area,
    Benchmark,
    Indicator,
    Population,
    PreferredDirection,
    Target,
)
from indicators.selectors import indicator_points

UP, DOWN, NEITHER = PreferredDirection.UP, PreferredDirection.DOWN, PreferredDirection.NEITHER
TARGET_YEAR = 2016  # 2016-17, the sample month's financial year
SAMPLE_BENCHMARK_YEAR = "2014-15"  # the latest published comparators in September 2016
# ref: (preferred direction, 2016-17 target or None). Volumes that only give context
# (contacts are not "good" or "bad") have no direction and no target.
CATALOGUE: dict[str, tuple[PreferredDirection, int | None]] = {
    "M1": (NEITHER, None),
    "M2": (DOWN, 330),
    "M2-NI": (DOWN, 68),
    "M3": (UP, 30),
    "M6-QL": (DOWN, 20),
    "M6-QL (val)": (DOWN, 70),
    "M4": (NEITHER, None),
    "M8-QL": (UP, 80),
    "M5": (NEITHER, None),
    "EH1": (NEITHER, None),
    "EH1a": (UP, 45),
    "EH1b": (UP, 120),
    "EH2": (NEITHER, None),
    "EH5-QL": (DOWN, 40),
    "EH3": (NEITHER, None),
    "EH4-QL": (UP, 80),
    "EH4 (val)": (UP, 150),
    "CP1": (NEITHER, None),
    "CP1-NI": (DOWN, 20),
    "CP2": (NEITHER, None),
    "CP2b": (NEITHER, None),
    "CP2-NI": (DOWN, 7),
    "CP3-QL (val)": (UP, 25),
    "CP3-QL": (UP, 80),
    "CP4": (UP, 85),
    "CP4 (val)": (NEITHER, None),
    "CP9": (NEITHER, None),
    "CP5-QL": (DOWN, 18),
    "CP5-QL (val)": (DOWN, 5),
    "CP6B": (DOWN, 320),
    "CP6B-NI": (DOWN, 60),
    "CP7": (NEITHER, None),
    "CP8-QL": (UP, 90),
    "LAC1": (DOWN, 580),
    "LAC1-NI": (DOWN, 115),
    "LAC7-QL": (UP, 90),
    "LAC10-QL": (UP, 550),
    "LAC10 (%)": (UP, 95),
    "LAC11-QL": (UP, 170),
    "LAC11-QL (%)": (UP, 75),
    "LAC2": (NEITHER, None),
    "LAC3": (NEITHER, None),
    "LAC6 (val)": (UP, 5),
    "LAC6 (%)": (UP, 20),
    "LAC12 (val)": (UP, 3),
    "LAC12 (%)": (UP, 15),
    "LAC9 (val)": (DOWN, 140),
    "LAC9": (DOWN, 22),
    "LAC13": (NEITHER, None),
    "LAC14": (NEITHER, None),
}
# Plausible comparators of 2014-15 where the sample has none: South East beside the sample's
# SN and national rates, and all three for percentages with a published national figure.
REGION = Benchmark.Group.REGION
SN, ENGLAND = Benchmark.Group.STATISTICAL_NEIGHBOURS, Benchmark.Group.ENGLAND
EXTRA_BENCHMARKS: dict[str, dict[str, int]] = {
    "M2-NI": {SN: 60, ENGLAND: 53, REGION: 55},
    "M6-QL": {SN: 21, ENGLAND: 22, REGION: 23},
    "EH4-QL": {SN: 78, ENGLAND: 83, REGION: 80},
    "CP1-NI": {REGION: 13},
    "CP2-NI": {REGION: 6},
    "CP3-QL": {SN: 75, ENGLAND: 77, REGION: 79},
    "CP5-QL": {SN: 17, ENGLAND: 18, REGION: 16},
    "CP6B-NI": {REGION: 40},
    "LAC1-NI": {REGION: 51},
    "LAC9": {SN: 20, ENGLAND: 18, REGION: 19},
}

SAMPLE = Path(__file__).parent / "demo_data" / "dataset_2016_09.tsv"
# Children aged 0-17 for the demo's rates per 10,000: figures that reproduce the sample's
# M2-NI to its rounding (its September 2016 rate needs a larger figure than the months
# before, as when the team adopted a new estimate). Not ONS figures.
DEMO_SOURCE = "Demo figure chosen to agree with the sample's rates (not an ONS estimate)"
DEMO_POPULATION = ((2014, 47_800, date(2015, 1, 1)), (2015, 49_000, date(2016, 9, 1)))
# (derived, numerator, denominator or None for the population, scale)
DEMO_FORMULAS = (
    ("M6-QL", "M6-QL (val)", "M2", Decimal(100)),
    ("M2-NI", "M2", None, Decimal(10_000)),
)


def username_for(name: str) -> str:
    return ".".join(name.replace(",", " ").lower().split())[:150]


def ensure_people(*, names: set[str], role: str) -> None:
    """Users (no password) for the people the sample names, in ``role``."""
    User = get_user_model()
    group = Group.objects.get(name=role)
    for name in sorted(names):
        first, _, last = name.replace(",", "").partition(" ")
        user = User.objects.filter(first_name__iexact=first, last_name__iexact=last).first()
        if user is None:
            user = User(username=username_for(name), first_name=first, last_name=last)
            user.set_unusable_password()
            user.save()
        user.groups.add(group)


def load(*, stdout) -> None:
    if Indicator.objects.exists():
        stdout.write("  Indicators: already loaded.")
        return
    data = SAMPLE.read_bytes()
    parsed = read_dataset(data, filename=SAMPLE.name)
    ensure_people(names={row.owner for row in parsed.rows if row.owner}, role=roles.OWNER)
    ensure_people(names={row.reporter for row in parsed.rows if row.reporter}, role=roles.REPORTER)
    importer = DatasetImporter()
    options = {"create_indicators": True}
    plan = importer.plan(data=data, filename=SAMPLE.name, options=options, user=None)
    if plan.has_errors:
        raise RuntimeError(f"The demo sample has errors: {plan.errors[0]}")
    with transaction.atomic():
        importer.apply(plan, user=None, options=options)
        order_areas_as(parsed)
        define_derived()
        targets = set_directions_and_targets()
        benchmarks = add_benchmarks()
    stdout.write(
        f"  Indicators: {plan.counts['new indicators']} indicators and "
        f"{plan.counts['new']} monthly values from {SAMPLE.name}; {targets} targets for "
        f"{financial_year_name(TARGET_YEAR)}, {benchmarks} benchmarks."
    )


def order_areas_as(parsed) -> None:
    """The areas in the order the sample lists them (MASH, CiN, Assts, CP, LAC): those the
    default area rules made came first, and the import placed the others after them."""
    names = list(dict.fromkeys(row.area.lower() for row in parsed.rows if row.area))
    areas = {area.name.lower(): area for area in Area.objects.all()}  # matched as imports do
    for position, name in enumerate(names, start=1):
        areas[name].position = position * 10
    Area.objects.bulk_update(areas.values(), ["position"])


def define_derived() -> None:
    """The sample's percentages and rates that follow from its counts, derived from them
    (82 of 417 is 19.7%, which the sample shows as 20%). The sample's own figures for them,
    imported before, are cleared (``define_formula``): their commentary is kept."""
    for year, children, in_use_from in DEMO_POPULATION:
        Population.objects.create(
            year=year, children=children, source=DEMO_SOURCE, in_use_from=in_use_from
        )
    by_ref = Indicator.objects.in_bulk(
        [ref for formula in DEMO_FORMULAS for ref in formula if isinstance(ref, str)],
        field_name="ref",
    )
    for ref, numerator, denominator, scale in DEMO_FORMULAS:
        catalogue.define_formula(
            indicator=by_ref[ref],
            numerator=by_ref[numerator],
            denominator=by_ref[denominator] if denominator else None,
            scale=scale,
            user=None,
        )


def set_directions_and_targets() -> int:
    """Each sample indicator's preferred direction and 2016-17 target; how many targets."""
    indicators = Indicator.objects.in_bulk(list(CATALOGUE), field_name="ref")
    for ref, indicator in indicators.items():
        indicator.preferred_direction = CATALOGUE[ref][0]
    Indicator.objects.bulk_update(indicators.values(), ["preferred_direction"])
    targets = Target.objects.bulk_create(
        Target(indicator=indicators[ref], financial_year=TARGET_YEAR, value=Decimal(target))
        for ref, (_, target) in CATALOGUE.items()
        if target is not None and ref in indicators
    )
    return len(targets)


def _own_prior_year(indicator: Indicator, *, points: dict[date, Point]) -> Decimal | None:
    """The authority's 2015-16 figure from the sample's ``points`` of ``indicator`` (a derived
    one's computed from its counts): the March value of a snapshot indicator, the mean of the
    year's months otherwise (the sample starts in September)."""
    values = {
        month: point.value
        for month, point in points.items()
        if point.value is not None and financial_year_of(month) == TARGET_YEAR - 1
    }
    if not values:
        return None
    if indicator.snapshot:
        return values.get(max(values))
    mean = sum(values.values()) / len(values)
    return round_half_up(mean, places=indicator.decimal_places)


def add_benchmarks() -> int:
    """Year the sample's benchmarks, add the plausible ones, and each own prior-year figure."""
    Benchmark.objects.filter(year="").update(year=SAMPLE_BENCHMARK_YEAR)
    by_ref = Indicator.objects.in_bulk(list(CATALOGUE), field_name="ref")
    points = indicator_points(indicators=by_ref.values())
    existing = set(Benchmark.objects.values_list("indicator__ref", "group"))
    rows = [
        Benchmark(
            indicator=by_ref[ref], group=group, value=Decimal(value), year=SAMPLE_BENCHMARK_YEAR
        )
        for ref, groups in EXTRA_BENCHMARKS.items()
        for group, value in groups.items()
        if (ref, group) not in existing
    ]
    rows += [
        Benchmark(
            indicator=indicator,
            group=Benchmark.Group.PRIOR_YEAR,
            value=prior,
            year=financial_year_name(TARGET_YEAR - 1),
        )
        for indicator in by_ref.values()
        if CATALOGUE[indicator.ref][1] is not None
        and (prior := _own_prior_year(indicator, points=points[indicator.pk])) is not None
    ]
    return len(Benchmark.objects.bulk_create(rows))
