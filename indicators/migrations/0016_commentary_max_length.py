"""A month's commentary is at most 5,000 characters (``COMMENTARY_MAX_LENGTH``).

A no-op in PostgreSQL (a text column keeps no length), so longer commentary already stored
is kept and shown; the forms and the dataset import's preview refuse new commentary over it."""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0015_benchmark_caveat_and_rate_per_100000'),
    ]

    operations = [
        migrations.AlterField(
            model_name='historicalmonthlyvalue',
            name='commentary',
            field=models.TextField(blank=True, max_length=5000, validators=[django.core.validators.MaxLengthValidator(5000)]),
        ),
        migrations.AlterField(
            model_name='monthlyvalue',
            name='commentary',
            field=models.TextField(blank=True, max_length=5000, validators=[django.core.validators.MaxLengthValidator(5000)]),
        ),
    ]
