"""Refs are unique whatever their case: ``m1`` may not stand beside ``M1``.

Refs that already differ only in case are not changed here (which to keep is the team's
decision): the migration refuses, naming them, until they are renamed or merged."""

import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models
from django.db.models import Count
from django.db.models.functions import Lower


def refuse_refs_differing_only_in_case(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    folded = (
        Indicator.objects.annotate(folded=Lower("ref"))
        .values("folded")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("folded", flat=True)
    )
    clashes = (
        Indicator.objects.annotate(folded=Lower("ref"))
        .filter(folded__in=folded)
        .order_by("folded", "ref")
        .values_list("folded", "ref")
    )
    groups: dict[str, list[str]] = {}
    for key, ref in clashes:
        groups.setdefault(key, []).append(ref)
    if groups:
        named = "; ".join(" and ".join(f'"{ref}"' for ref in refs) for refs in groups.values())
        raise RuntimeError(
            f"Refs must differ by more than their upper or lower case, and these do not: "
            f"{named}. Rename or merge them in the catalogue, then migrate again."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0016_commentary_max_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(refuse_refs_differing_only_in_case, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="indicator",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("ref"),
                name="ref_unique_whatever_its_case",
                violation_error_message="Refs must differ by more than their upper or lower "
                "case: an indicator with this ref in other case is already in the catalogue.",
            ),
        ),
    ]
