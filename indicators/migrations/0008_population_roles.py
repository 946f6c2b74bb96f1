"""Grant the population figures' permissions: the performance team keeps them, as it keeps the
rest of the catalogue (``0002_roles``)."""

from django.db import migrations

from core import roles

PERMISSIONS = {
    roles.PERFORMANCE_TEAM: [
        f"indicators.{action}_population" for action in ("add", "change", "delete", "view")
    ],
    roles.OWNER: ["indicators.view_population"],
    roles.REPORTER: ["indicators.view_population"],
}


def forwards(apps, schema_editor):
    roles.grant(apps, PERMISSIONS)


def backwards(apps, schema_editor):
    roles.revoke(apps, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0007_derived_indicators_and_population"), ("core", "0002_roles")]

    operations = [migrations.RunPython(forwards, backwards)]
