"""The records analyst role: the only one that reads child-level records.

A group of its own rather than a permission of the performance team: analysts are a few of
the team, and a performance team member without the group never sees a record."""

from django.db import migrations

from core import roles

RECORDS_ANALYST = "Records analyst"
PERMISSIONS = {RECORDS_ANALYST: ["records.read_records"]}


def forwards(apps, schema_editor):
    roles.grant(apps, PERMISSIONS)


def backwards(apps, schema_editor):
    roles.revoke(apps, PERMISSIONS)
    apps.get_model("auth", "Group").objects.filter(name=RECORDS_ANALYST).delete()


class Migration(migrations.Migration):
    dependencies = [("records", "0001_records_and_uploads"), ("core", "0002_roles")]

    operations = [migrations.RunPython(forwards, backwards)]
