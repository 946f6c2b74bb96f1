"""Grant the pack's permissions: the performance team builds and publishes; every role reads
the published packs (the viewer role, the scrutiny panel, reads nothing else).

Frozen: what this migration granted is declared in ``<app>/roles.py`` and given by the
roles' sync after every migrate (``core.roles.sync_roles``), so it no longer runs, nor imports
live code: editing a role does not rewrite history. Kept, as a no-op both ways, for the
dependencies of later migrations."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("packs", "0001_initial"), ("core", "0002_roles")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
