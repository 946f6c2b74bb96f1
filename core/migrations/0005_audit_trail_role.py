"""The performance team reads the audit trail."""

from django.db import migrations

from core import roles

PERMISSIONS = {roles.PERFORMANCE_TEAM: ["core.view_auditevent", "core.view_importbatch"]}


def forwards(apps, schema_editor):
    roles.grant(apps, PERMISSIONS)


def backwards(apps, schema_editor):
    roles.revoke(apps, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_audit_event")]

    operations = [migrations.RunPython(forwards, backwards)]
