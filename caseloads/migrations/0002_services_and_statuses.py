"""The usual services and qualifying statuses of a fresh database; editable in the admin."""

from django.db import migrations

SERVICES = [
    # code, name, threshold
    ("SWF", "Social work with families", 20),
    ("BIT", "Brief intervention", 20),
    ("CWD", "Children with disabilities", 20),
    ("YJS", "Youth justice", 12),
    ("YPS", "Young people's service", 12),
]

STATUSES = [
    # name, description, newly qualified
    ("SW", "Social worker", False),
    ("NQSW", "Newly qualified social worker", True),
    ("ASYE", "Assessed and supported year in employment", True),
    ("Senior practitioner", "Senior practitioner", False),
    ("Advanced practitioner", "Advanced practitioner", False),
    ("Family engagement worker", "Family engagement worker", False),
    ("Family support worker", "Family support worker", False),
    ("Youth justice officer", "Youth justice officer", False),
    ("Personal adviser", "Personal adviser (care leavers)", False),
]


def create(apps, schema_editor):
    Service = apps.get_model("caseloads", "Service")
    QualifyingStatus = apps.get_model("caseloads", "QualifyingStatus")
    for code, name, threshold in SERVICES:
        Service.objects.get_or_create(code=code, defaults={"name": name, "threshold": threshold})
    for position, (name, description, newly_qualified) in enumerate(STATUSES, start=1):
        QualifyingStatus.objects.get_or_create(
            name=name,
            defaults={
                "description": description,
                "newly_qualified": newly_qualified,
                "position": position,
            },
        )


def delete(apps, schema_editor):
    apps.get_model("caseloads", "Service").objects.filter(
        code__in=[code for code, _, _ in SERVICES], teams__isnull=True
    ).delete()
    apps.get_model("caseloads", "QualifyingStatus").objects.filter(
        name__in=[name for name, _, _ in STATUSES], caseloads__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("caseloads", "0001_initial")]

    operations = [migrations.RunPython(create, delete)]
