"""Grant the return's permissions: each role its part of the workflow."""

from django.db import migrations

from core import roles

READ = ["returns.view_reportingperiod", "returns.view_deputy", "returns.view_returnevent"]
PERMISSIONS = {
    roles.PERFORMANCE_TEAM: [
        *READ,
        "returns.accept_values",
        "returns.manage_periods",
        "returns.change_reportingperiod",
        "returns.add_deputy",
        "returns.change_deputy",
        "returns.delete_deputy",
        "returns.view_sentreminder",
    ],
    roles.OWNER: [*READ, "returns.submit_values"],
    roles.REPORTER: [*READ, "returns.enter_values"],
}


def forwards(apps, schema_editor):
    roles.grant(apps, PERMISSIONS)


def backwards(apps, schema_editor):
    roles.revoke(apps, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("returns", "0001_initial"), ("core", "0002_roles")]

    operations = [migrations.RunPython(forwards, backwards)]
