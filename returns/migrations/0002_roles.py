"""Grant the return's permissions: each role its part of the workflow.

It granted ``returns.view_reportingperiod`` and ``returns.view_deputy``, which ``0003`` moved
to core and indicators; those grants are now declared where the models live
(``core/roles.py``, ``indicators/roles.py``).

Frozen: what this migration granted is declared in ``<app>/roles.py`` and given by the
roles' sync after every migrate (``core.roles.sync_roles``), so it no longer runs, nor imports
live code: editing a role does not rewrite history. Kept, as a no-op both ways, for the
dependencies of later migrations."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("returns", "0001_initial"), ("core", "0002_roles")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
