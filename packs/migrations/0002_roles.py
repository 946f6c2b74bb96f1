"""Grant the pack's permissions: the performance team builds and publishes; every role reads
the published packs (the viewer role, the scrutiny panel, reads nothing else)."""

from django.db import migrations

from core import roles

READ_PUBLISHED = ["packs.view_published_pack"]
PACK_PERMISSIONS = {
    roles.PERFORMANCE_TEAM: [
        "packs.view_pack",
        "packs.build_pack",
        "packs.publish_pack",
        *READ_PUBLISHED,
    ],
    roles.OWNER: READ_PUBLISHED,
    roles.REPORTER: READ_PUBLISHED,
    roles.QA_UNIT: READ_PUBLISHED,
    roles.VIEWER: READ_PUBLISHED,
}


def grant(apps, schema_editor):
    roles.grant(apps, PACK_PERMISSIONS)


def revoke(apps, schema_editor):
    roles.revoke(apps, PACK_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("packs", "0001_initial"), ("core", "0002_roles")]

    operations = [migrations.RunPython(grant, revoke)]
