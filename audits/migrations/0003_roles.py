"""Grant the audit permissions: the QA unit manages audits; readers of the analysis read it.

Auditors (practice managers) need no role: they reach the audits allocated to them through
"My audits", which every signed-in user may open and which shows only their own.
"""

from django.db import migrations

from core import roles

MANAGE = [
    f"audits.{action}_{model}"
    for model in ("audit", "auditcycle", "servicearea")
    for action in ("add", "change", "delete", "view")
]
READ_REPORTS = ["audits.view_audit_report", "audits.view_published_audit_report"]

AUDIT_PERMISSIONS = {
    roles.QA_UNIT: [*MANAGE, *READ_REPORTS, "audits.publish_auditcycle", "audits.import_audits"],
    roles.PERFORMANCE_TEAM: READ_REPORTS,
    roles.OWNER: READ_REPORTS,
    roles.VIEWER: ["audits.view_published_audit_report"],
}


def grant(apps, schema_editor):
    roles.grant(apps, AUDIT_PERMISSIONS)


def revoke(apps, schema_editor):
    roles.revoke(apps, AUDIT_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("audits", "0002_service_areas"),
        ("core", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
