"""Reporting periods now live in core (core 0007) and deputies in indicators (indicators 0006).

Only Django's state changes: the tables stay. Their content types follow them, so granted
permissions and admin history stay attached; the return's own permissions (enter, submit,
accept, manage periods) move to ``ReturnEvent`` and keep their ``returns.`` names.
"""

import django.db.models.deletion
from django.db import migrations, models


MOVED = {"reportingperiod": "core", "deputy": "indicators"}
WORKFLOW = ("enter_values", "submit_values", "accept_values", "manage_periods")


def _relabel(apps, *, model: str, old: str, new: str) -> None:
    """Move a content type to app label ``new``. A type Django already created there (its
    post-migrate signal does after a rollback) carries no grants and gives way."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label=old, model=model).exists():
        ContentType.objects.filter(app_label=new, model=model).delete()
        ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def _move_workflow(apps, *, source: tuple[str, str], target: tuple[str, str]) -> None:
    """Hang the workflow's permissions on ``target`` (app label, model), in place of any
    ungranted copies Django created there."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    moving = Permission.objects.filter(
        content_type__app_label=source[0], content_type__model=source[1], codename__in=WORKFLOW
    )
    if not moving.exists():
        return
    target_type, _ = ContentType.objects.get_or_create(app_label=target[0], model=target[1])
    Permission.objects.filter(content_type=target_type, codename__in=WORKFLOW).delete()
    moving.update(content_type=target_type)


def forwards(apps, schema_editor):
    for model, app in MOVED.items():
        _relabel(apps, model=model, old="returns", new=app)
    _move_workflow(apps, source=("core", "reportingperiod"), target=("returns", "returnevent"))


def backwards(apps, schema_editor):
    _move_workflow(apps, source=("returns", "returnevent"), target=("core", "reportingperiod"))
    for model, app in MOVED.items():
        _relabel(apps, model=model, old=app, new="returns")


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('core', '0007_reporting_period'),
        ('indicators', '0006_deputies'),
        ('returns', '0002_roles'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
        migrations.AlterField(
            model_name='sentreminder',
            name='period',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.reportingperiod'),
        ),
        migrations.AlterField(
            model_name='returnevent',
            name='period',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='core.reportingperiod'),
        ),
        migrations.AlterModelOptions(
            name='returnevent',
            options={'ordering': ['-at', '-pk'], 'permissions': [('enter_values', 'Can enter the values and commentary of the indicators they report'), ('submit_values', 'Can check and submit the values of the indicators they own'), ('accept_values', 'Can accept or return any value, at any step of the return'), ('manage_periods', 'Can open, lock, publish and reopen reporting periods')]},
        ),
        migrations.DeleteModel(
            name='Deputy',
        ),
        migrations.DeleteModel(
            name='ReportingPeriod',
        ),
                ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
