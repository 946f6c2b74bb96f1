"""Grant the narrative and recommendation permissions: the performance team writes the
narrative and keeps the recommendations; every role reads the recommendations (the panel made
them), as it reads the published packs."""

from django.db import migrations

from core import roles

READ = ["packs.view_recommendation", "packs.view_recommendationupdate"]
PERMISSIONS = {
    roles.PERFORMANCE_TEAM: [
        "packs.view_narrative",
        "packs.add_narrative",
        "packs.change_narrative",
        "packs.add_recommendation",
        "packs.change_recommendation",
        "packs.add_recommendationupdate",
        *READ,
    ],
    roles.OWNER: READ,
    roles.REPORTER: READ,
    roles.QA_UNIT: READ,
    roles.VIEWER: READ,
}


def grant(apps, schema_editor):
    roles.grant(apps, PERMISSIONS)


def revoke(apps, schema_editor):
    roles.revoke(apps, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("packs", "0003_narrative_recommendations")]

    operations = [migrations.RunPython(grant, revoke)]
