"""The records analyst role: the only one that reads child-level records.

A group of its own rather than a permission of the performance team: analysts are a few of
the team, and a performance team member without the group never sees a record. Written with
the migration's own models and no portal code, as every migration here is (``core.roles``
syncs the declared roles; this group is outside them, so the sync leaves it as it is)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

RECORDS_ANALYST = "Records analyst"


def forwards(apps, schema_editor):
    # Django creates permissions after migrate ends: create records' now, to grant one.
    app_config = apps.get_app_config("records")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=RECORDS_ANALYST)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="records", codename="read_records")
    )


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=RECORDS_ANALYST).delete()


class Migration(migrations.Migration):
    dependencies = [("records", "0001_records_and_uploads"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(forwards, backwards)]
