"""The performance team administers and imports caseloads; owners (senior managers) read the
report and the caseload of every practitioner; viewers (the scrutiny panel) read aggregates.

Frozen: what this migration granted is declared in ``<app>/roles.py`` and given by the
roles' sync after every migrate (``core.roles.sync_roles``), so it no longer runs, nor imports
live code: editing a role does not rewrite history. Kept, as a no-op both ways, for the
dependencies of later migrations."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("caseloads", "0002_services_and_statuses"),
        ("core", "0002_roles"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
