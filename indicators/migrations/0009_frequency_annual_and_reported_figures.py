"""Frequency gains "annual" and the due months it implies; the file's own computed figures
are kept as reported figures (honest history)."""


import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0008_population_roles'),
    ]

    operations = [
        migrations.AlterField(
            model_name='indicator',
            name='frequency',
            field=models.CharField(choices=[('monthly', 'Monthly'), ('quarterly', 'Quarterly'), ('annual', 'Annual')], default='monthly', help_text='How often the measure has a value: quarterly measures are due at quarter ends (Jun, Sep, Dec, Mar), annual ones in March; returns expect them only then.', max_length=10),
        ),
        migrations.AlterField(
            model_name='historicalindicator',
            name='frequency',
            field=models.CharField(choices=[('monthly', 'Monthly'), ('quarterly', 'Quarterly'), ('annual', 'Annual')], default='monthly', help_text='How often the measure has a value: quarterly measures are due at quarter ends (Jun, Sep, Dec, Mar), annual ones in March; returns expect them only then.', max_length=10),
        ),
        migrations.CreateModel(
            name='ReportedFigure',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.DateField(help_text='The first day of the month the figure is for.')),
                ('column', models.CharField(choices=[('pct_change_prev_month', '% change from previous period'), ('pct_change_prev_year', '% change from same month previous year'), ('avg_12m', '12-month average'), ('max_12m', '12-month maximum')], max_length=30)),
                ('value', models.DecimalField(decimal_places=4, max_digits=14)),
                ('imported_at', models.DateTimeField()),
                ('indicator', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reported_figures', to='indicators.indicator')),
            ],
            options={
                'ordering': ['indicator', 'month', 'column'],
                'constraints': [models.UniqueConstraint(fields=('indicator', 'month', 'column'), name='one_reported_figure_per_column'), models.CheckConstraint(condition=models.Q(('month__day', 1)), name='reported_figure_month_is_first_day')],
            },
        ),
    ]
