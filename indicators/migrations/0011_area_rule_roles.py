"""Grant the area rules' permissions to the performance team, who keep the catalogue
(``0002_roles``)."""

from django.db import migrations

from core import roles

PERMISSIONS = {
    roles.PERFORMANCE_TEAM: [
        f"indicators.{action}_arearule" for action in ("add", "change", "delete", "view")
    ],
}


def forwards(apps, schema_editor):
    roles.grant(apps, PERMISSIONS)


def backwards(apps, schema_editor):
    roles.revoke(apps, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0010_people_targets_area_rules_and_history"),
        ("core", "0002_roles"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
