"""Create the portal's five roles as groups; the performance team may use the admin."""

from django.db import migrations

from core import roles

CORE_PERMISSIONS = {roles.PERFORMANCE_TEAM: ["core.use_admin"]}


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for role in roles.ROLES:
        Group.objects.get_or_create(name=role)
    roles.grant(apps, CORE_PERMISSIONS)


def delete_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=roles.ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, delete_roles)]
