"""The trail starts with the versions already published (who and when, from the pack), and
the performance team reads it in the admin.

Frozen: the grant this migration made is declared in ``packs/roles.py`` and given by
the roles' sync after every migrate (``core.roles.sync_roles``); this step no longer imports
live code, so editing a role does not rewrite history."""

from django.db import migrations
from django.db.models import F

def record_publications(apps, schema_editor):
    Pack = apps.get_model("packs", "Pack")
    PackEvent = apps.get_model("packs", "PackEvent")
    PackEvent.objects.bulk_create(
        PackEvent(pack=pack, action="published", actor=pack.published_by, at=pack.published_at)
        for pack in Pack.objects.filter(published_at__isnull=False).select_related("published_by")
    )


def forget_publications(apps, schema_editor):
    """The events the forward step made: each pack's current publication, nothing else."""
    PackEvent = apps.get_model("packs", "PackEvent")
    PackEvent.objects.filter(action="published", at=F("pack__published_at")).delete()


class Migration(migrations.Migration):
    dependencies = [("packs", "0006_pack_events")]

    operations = [
        migrations.RunPython(record_publications, forget_publications),
        migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop),
    ]
