"""Demo catalogue and values: the September 2016 sample of the team's dataset.

The owners and reporters it names become demo users (without passwords, except the
``owner`` and ``reporter`` demo users, who are Jane White and Catherine Parkin).
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from core import roles
from dataset_import.dataset_file import read_dataset
from dataset_import.importers import DatasetImporter
from indicators.models import Indicator

SAMPLE = Path(__file__).parent / "demo_data" / "dataset_2016_09.tsv"


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
    stdout.write(
        f"  Indicators: {plan.counts['new indicators']} indicators and "
        f"{plan.counts['new']} monthly values from {SAMPLE.name}."
    )
