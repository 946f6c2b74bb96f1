"""Grant the API to every role: what each reads through it is what its pages show."""

from django.db import migrations

from core import roles

PERMISSIONS = {role: ["api.use_api"] for role in roles.ROLES}


def forwards(apps, schema_editor):
    roles.grant(apps, PERMISSIONS)


def backwards(apps, schema_editor):
    roles.revoke(apps, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial"), ("core", "0002_roles")]

    operations = [migrations.RunPython(forwards, backwards)]
