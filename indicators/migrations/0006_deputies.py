"""Deputies move from returns to indicators, keeping their table (see returns 0003).

The values' read rule depends on them, and returns builds on indicators, not the reverse.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    # The table exists since returns 0001: this only tells Django's state it is ours now.
    dependencies = [
        ('indicators', '0005_value_by_month'),
        ('returns', '0002_roles'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
        migrations.CreateModel(
            name='Deputy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('hat', models.CharField(choices=[('reporter', 'Reporter'), ('owner', 'Owner')], max_length=10, verbose_name='Deputises for the')),
                ('indicator', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deputies', to='indicators.indicator')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deputy_for', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name_plural': 'deputies',
                'db_table': 'returns_deputy',
                'ordering': ['indicator', 'hat', 'user'],
                'constraints': [models.UniqueConstraint(fields=('indicator', 'hat', 'user'), name='one_deputy_per_hat')],
            },
        ),
                ],
        ),
    ]
