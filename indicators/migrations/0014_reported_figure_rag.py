"""The file's RAG of a month is kept as a reported figure (its -1 / 0 / 1 code), like the
file's other computed columns: a new choice of ``ReportedFigure.column``. Reversible: the
choices are only Django's, the column's type does not change."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0013_default_area_rules"),
    ]

    operations = [
        migrations.AlterField(
            model_name="reportedfigure",
            name="column",
            field=models.CharField(
                choices=[
                    ("pct_change_prev_month", "% change from previous period"),
                    ("pct_change_prev_year", "% change from same month previous year"),
                    ("avg_12m", "12-month average"),
                    ("max_12m", "12-month maximum"),
                    ("rag", "RAG"),
                ],
                max_length=30,
            ),
        ),
    ]
