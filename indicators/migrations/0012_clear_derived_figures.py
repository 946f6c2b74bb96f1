"""Clear the figures stored for derived indicators, keeping their rows and commentary.

A derived value is computed from its counts when read, so a figure stored before its
indicator was declared derived (the demo's M6-QL and M2-NI, imported before their formulas)
is never read, and misleads wherever a stored row is shown. From now on declaring a formula
clears them (``indicators.services.clear_derived_figures``); this clears those left before.

Each clearing is a change in the value's history, by no one (a job), with its reason. Going
back restores each figure from the history record before the clearing, where the row has not
changed since, and removes the clearing's record; a row changed since keeps its clearing.
"""

from django.db import migrations
from django.utils import timezone

# ``indicators.models.DERIVED_FIGURE_CLEARED`` as written here, and naming this migration:
# the import reads a change with a reason starting so as nobody's entry.
REASON = "Cleared: the indicator is derived, its value computed from its counts (0012)"


def forwards(apps, schema_editor):
    MonthlyValue = apps.get_model("indicators", "MonthlyValue")
    History = apps.get_model("indicators", "HistoricalMonthlyValue")
    now = timezone.now()
    stale = list(
        MonthlyValue.objects.filter(indicator__numerator__isnull=False, value__isnull=False)
    )
    for row in stale:
        row.value, row.version, row.updated_by_id, row.updated_at = None, row.version + 1, None, now
    MonthlyValue.objects.bulk_update(
        stale, ["value", "version", "updated_by", "updated_at"], batch_size=1000
    )
    History.objects.bulk_create(
        (
            History(
                id=row.pk, indicator_id=row.indicator_id, month=row.month, value=None,
                commentary=row.commentary, state=row.state, version=row.version,
                updated_by_id=None, history_date=now, history_change_reason=REASON,
                history_type="~", history_user_id=None,
            )  # fmt: skip
            for row in stale
        ),
        batch_size=1000,
    )


def backwards(apps, schema_editor):
    MonthlyValue = apps.get_model("indicators", "MonthlyValue")
    History = apps.get_model("indicators", "HistoricalMonthlyValue")
    for mark in History.objects.filter(history_change_reason=REASON).order_by("history_id"):
        unchanged = MonthlyValue.objects.filter(pk=mark.id, version=mark.version)
        before = (
            History.objects.filter(id=mark.id, history_date__lte=mark.history_date)
            .exclude(history_id=mark.history_id)
            .order_by("-history_date", "-history_id")
            .first()
        )
        if before is None or not unchanged.exists():
            continue
        unchanged.update(
            value=before.value,
            version=before.version,
            updated_by_id=before.updated_by_id,
            updated_at=before.history_date,
        )
        mark.delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0011_area_rule_roles")]

    operations = [migrations.RunPython(forwards, backwards)]
