"""Grant the data-quality permissions: the performance team keeps the rules and reads the
data-quality and completeness pages. Others see flags on the return's own pages."""

from django.db import migrations

from core import roles

MODELS = ("validationrule", "outliersetting")
PERMISSIONS = {
    roles.PERFORMANCE_TEAM: [
        *(f"quality.{action}_{model}" for model in MODELS for action in
          ("add", "change", "delete", "view")),
        "quality.view_data_quality",
    ],
}


def forwards(apps, schema_editor):
    roles.grant(apps, PERMISSIONS)


def backwards(apps, schema_editor):
    roles.revoke(apps, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("quality", "0001_initial"), ("core", "0002_roles")]

    operations = [migrations.RunPython(forwards, backwards)]
