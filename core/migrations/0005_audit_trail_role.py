"""The performance team reads the audit trail.

Frozen: what this migration granted is declared in ``<app>/roles.py`` and given by the
roles' sync after every migrate (``core.roles.sync_roles``), so it no longer runs, nor imports
live code: editing a role does not rewrite history. Kept, as a no-op both ways, for the
dependencies of later migrations."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0004_audit_event")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
