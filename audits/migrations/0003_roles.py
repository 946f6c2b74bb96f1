"""Grant the audit permissions: the QA unit manages audits; readers of the analysis read it.

Auditors (practice managers) need no role: they reach the audits allocated to them through
"My audits", which every signed-in user may open and which shows only their own.

Frozen: what this migration granted is declared in ``<app>/roles.py`` and given by the
roles' sync after every migrate (``core.roles.sync_roles``), so it no longer runs, nor imports
live code: editing a role does not rewrite history. Kept, as a no-op both ways, for the
dependencies of later migrations."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("audits", "0002_service_areas"),
        ("core", "0002_roles"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
