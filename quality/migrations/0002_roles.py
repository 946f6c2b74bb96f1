"""Grant the data-quality permissions: the performance team keeps the rules and reads the
data-quality and completeness pages. Others see flags on the return's own pages.

Frozen: what this migration granted is declared in ``<app>/roles.py`` and given by the
roles' sync after every migrate (``core.roles.sync_roles``), so it no longer runs, nor imports
live code: editing a role does not rewrite history. Kept, as a no-op both ways, for the
dependencies of later migrations."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("quality", "0001_initial"), ("core", "0002_roles")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
