"""The nine service areas of the domain brief; the QA unit edits the list afterwards."""

from django.db import migrations

SERVICE_AREAS = [
    ("Adoption", "Adoption"),
    ("BIT", "Brief Intervention Team"),
    ("SWF", "Social Work with Families"),
    ("C&FF", "Children and Families First"),
    ("CWD", "Children with Disabilities"),
    ("Fostering", "Fostering"),
    ("ICAS", "ICAS"),
    ("PTC", "Pathways Through Care"),
    ("YPS", "Young People's Service"),
]


def create_service_areas(apps, schema_editor):
    ServiceArea = apps.get_model("audits", "ServiceArea")
    for short_name, name in SERVICE_AREAS:
        ServiceArea.objects.get_or_create(short_name=short_name, defaults={"name": name})


def delete_service_areas(apps, schema_editor):
    ServiceArea = apps.get_model("audits", "ServiceArea")
    ServiceArea.objects.filter(
        short_name__in=[short_name for short_name, _ in SERVICE_AREAS], audits__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("audits", "0001_initial")]

    operations = [migrations.RunPython(create_service_areas, delete_service_areas)]
