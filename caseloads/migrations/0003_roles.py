"""The performance team administers and imports caseloads; owners (senior managers) read the
report and the caseload of every practitioner; viewers (the scrutiny panel) read aggregates."""

from django.db import migrations

from core import roles

MODELS = ["service", "team", "qualifyingstatus", "practitioner", "caseload"]

PERMISSIONS = {
    roles.PERFORMANCE_TEAM: [
        *(f"caseloads.{action}_{model}" for model in MODELS for action in
          ("add", "change", "delete", "view")),
        "caseloads.view_practitioner_name",
        "caseloads.report_caseload",
        "caseloads.import_caseload",
    ],
    roles.OWNER: ["caseloads.report_caseload", "caseloads.view_caseload"],
    roles.VIEWER: ["caseloads.report_caseload"],
}


def grant(apps, schema_editor):
    roles.grant(apps, PERMISSIONS)


def revoke(apps, schema_editor):
    roles.revoke(apps, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("caseloads", "0002_services_and_statuses"),
        ("core", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
