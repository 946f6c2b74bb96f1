"""Grant the team -> service list's permissions to the performance team, who keep it in the
admin as they keep the services and teams (``0003_roles``)."""

from django.db import migrations

from core import roles

PERMISSIONS = {
    roles.PERFORMANCE_TEAM: [
        f"caseloads.{action}_teamservicerule" for action in ("add", "change", "delete", "view")
    ],
}


def forwards(apps, schema_editor):
    roles.grant(apps, PERMISSIONS)


def backwards(apps, schema_editor):
    roles.revoke(apps, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("caseloads", "0004_team_service_rules"), ("core", "0002_roles")]

    operations = [migrations.RunPython(forwards, backwards)]
