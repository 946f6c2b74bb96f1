"""Grant the narrative and recommendation permissions: the performance team writes the
narrative and keeps the recommendations; every role reads the recommendations (the panel made
them), as it reads the published packs.

Frozen: what this migration granted is declared in ``<app>/roles.py`` and given by the
roles' sync after every migrate (``core.roles.sync_roles``), so it no longer runs, nor imports
live code: editing a role does not rewrite history. Kept, as a no-op both ways, for the
dependencies of later migrations."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("packs", "0003_narrative_recommendations")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
