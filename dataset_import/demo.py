"""Demo catalogue and values: the September 2016 sample of the team's dataset.

The owners and reporters it names become demo users (without passwords, except the
``owner`` and ``reporter`` demo users, who are Jane White and Catherine Parkin).
"""

from datetime import date
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from core import roles
from dataset_import.dataset_file import read_dataset
from dataset_import.importers import DatasetImporter
from indicators import services as catalogue
from indicators.models import Indicator, Population

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
        define_derived()
    stdout.write(
        f"  Indicators: {plan.counts['new indicators']} indicators and "
        f"{plan.counts['new']} monthly values from {SAMPLE.name}."
    )


def define_derived() -> None:
    """The sample's percentages and rates that follow from its counts, derived from them
    (82 of 417 is 19.7%, which the sample shows as 20%)."""
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
