"""A benchmark's caveat: why it has no figure, as the file says it ("Local": a local measure;
"-" / "n/a": not available). Every figureless benchmark stored before was read from a
"Local" cell ("Not available" was read as local too): they become local measures.

And the unit "rate per 100,000" (first-time entrants to youth justice, YO2)."""

from django.db import migrations, models


def local_measures(apps, schema_editor):
    Benchmark = apps.get_model("indicators", "Benchmark")
    Benchmark.objects.filter(value__isnull=True).update(caveat="local")


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0014_reported_figure_rag'),
    ]

    operations = [
        migrations.AddField(
            model_name='benchmark',
            name='caveat',
            field=models.CharField(blank=True, choices=[('', 'None (a figure)'), ('local', 'Local measure'), ('not_available', 'Not available')], default='', help_text='Why there is no figure: a local measure, or not available.', max_length=20),
        ),
        migrations.AddField(
            model_name='historicalbenchmark',
            name='caveat',
            field=models.CharField(blank=True, choices=[('', 'None (a figure)'), ('local', 'Local measure'), ('not_available', 'Not available')], default='', help_text='Why there is no figure: a local measure, or not available.', max_length=20),
        ),
        migrations.AlterField(
            model_name='benchmark',
            name='value',
            field=models.DecimalField(blank=True, decimal_places=4, help_text='Empty where there is no figure; the caveat says why.', max_digits=14, null=True),
        ),
        migrations.AlterField(
            model_name='historicalbenchmark',
            name='value',
            field=models.DecimalField(blank=True, decimal_places=4, help_text='Empty where there is no figure; the caveat says why.', max_digits=14, null=True),
        ),
        migrations.RunPython(local_measures, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='historicalindicator',
            name='unit',
            field=models.CharField(choices=[('count', 'Count'), ('percentage', 'Percentage'), ('rate_per_10000', 'Rate per 10,000 children'), ('rate_per_100000', 'Rate per 100,000'), ('rate', 'Other rate')], default='count', max_length=20),
        ),
        migrations.AlterField(
            model_name='indicator',
            name='unit',
            field=models.CharField(choices=[('count', 'Count'), ('percentage', 'Percentage'), ('rate_per_10000', 'Rate per 10,000 children'), ('rate_per_100000', 'Rate per 100,000'), ('rate', 'Other rate')], default='count', max_length=20),
        ),
    ]
