"""Reporting periods move from returns to core, keeping their table (see returns 0003).

Every part of the portal reads whether a month is published (returns, packs, caseloads), and
audits and caseloads build on core alone.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    # The table exists since returns 0001: this only tells Django's state it is ours now.
    dependencies = [
        ('core', '0006_import_batch_expected_and_conflicts'),
        ('returns', '0002_roles'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
        migrations.CreateModel(
            name='ReportingPeriod',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.DateField(help_text='The first day of the reporting month.', unique=True)),
                ('due_date', models.DateField(help_text="The month's values and commentary are due by then.")),
                ('status', models.CharField(choices=[('open', 'Open'), ('locked', 'Locked'), ('published', 'Published')], default='open', max_length=10)),
                ('published_at', models.DateTimeField(blank=True, help_text='When it was last published; kept when it is reopened, so that any later change is a revision.', null=True)),
            ],
            options={
                'db_table': 'returns_reportingperiod',
                'ordering': ['-month'],
                'constraints': [models.CheckConstraint(condition=models.Q(('month__day', 1)), name='period_month_is_first_day')],
            },
        ),
            ],
        ),
    ]
