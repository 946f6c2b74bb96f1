"""Grant the catalogue's permissions: the performance team administers, others read."""

from django.db import migrations

from core import roles

MODELS = ("area", "indicator", "benchmark", "target", "monthlyvalue")
READ = [f"indicators.view_{model}" for model in MODELS]
PERMISSIONS = {
    roles.PERFORMANCE_TEAM: [
        f"indicators.{action}_{model}"
        for model in MODELS
        for action in ("add", "change", "delete", "view")
    ]
    + ["indicators.import_dataset"],
    roles.OWNER: READ,
    roles.REPORTER: READ,
}


def forwards(apps, schema_editor):
    roles.grant(apps, PERMISSIONS)


def backwards(apps, schema_editor):
    roles.revoke(apps, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial"), ("core", "0002_roles")]

    operations = [migrations.RunPython(forwards, backwards)]
