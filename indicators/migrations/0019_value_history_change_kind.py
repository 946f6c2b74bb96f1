"""A typed kind on every value history record: what the code decides by, where it read the
start of the free-text reason before (an import's writes are nobody's entry; a revision is
shown as one). The reason stays, for people.

Existing records take their kind from their reason, as the portal wrote it until now; the
texts are copied here, never imported, so that later edits of the code cannot change what
this migration did. Going back drops the field: the reasons were never touched.
"""

from django.db import migrations, models

# The start of a reason -> its kind, as every writer of values worded it until this migration.
# 0012's clearing ("... (0012)") starts as the portal's own clearing does.
KINDS_BY_REASON_START = (
    ("Imported", "imported"),
    ("Revision by import (revisions allowed)", "import_revision"),
    ("Cleared: the indicator is derived, its value computed from its counts", "derived"),
    ("Revised after publication", "revision"),
    # The return's steps: the action's label, then ": " and the reason where one was given.
    ("Passed to the owner", "step"),
    ("Submitted", "step"),
    ("Returned to the reporter", "step"),
    ("Accepted", "step"),
    ("Returned to the owner", "step"),
)
OPENED = "Reporting period opened"  # the draft a month's opening made


def kinds_from_reasons(apps, schema_editor):
    """Every other record ("Edited", the admin's saves without a reason) is an entry: the
    field's default."""
    History = apps.get_model("indicators", "HistoricalMonthlyValue")
    History.objects.filter(history_change_reason=OPENED).update(history_change_kind="opened")
    for start, kind in KINDS_BY_REASON_START:
        History.objects.filter(history_change_reason__startswith=start).update(
            history_change_kind=kind
        )


class Migration(migrations.Migration):
    dependencies = [("indicators", "0018_blank_reason")]

    operations = [
        migrations.AddField(
            model_name="historicalmonthlyvalue",
            name="history_change_kind",
            field=models.CharField(
                choices=[
                    ("opened", "Month opened"),
                    ("entered", "Entered in the portal"),
                    ("step", "Step of the return"),
                    ("revision", "Revision after publication"),
                    ("imported", "Imported"),
                    ("import_revision", "Revision by import"),
                    ("derived", "Figure cleared: the indicator is derived"),
                ],
                default="entered",
                max_length=20,
            ),
        ),
        migrations.RunPython(kinds_from_reasons, migrations.RunPython.noop),
    ]
