"""The audits admin exports audits and offers no import (issue 27: one way in)."""

import pytest
from django.urls import NoReverseMatch, reverse

from audits.models import Status

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/audits/audit/"


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.com", "x"))
    return client


def test_the_admin_offers_no_import(admin_client, make_audit):
    make_audit(case_reference="CD000001")
    with pytest.raises(NoReverseMatch):
        reverse("admin:audits_audit_import")
    page = admin_client.get(CHANGELIST).content.decode()
    assert reverse("admin:audits_audit_export") in page
    assert "/import/" not in page


def test_the_admin_exports_audits_in_the_import_layout(admin_client, make_audit):
    make_audit(case_reference="CD000001", status=Status.COMPLETED)
    url = reverse("admin:audits_audit_export")
    form = admin_client.get(url).context["form"]
    csv = next(value for value, label in form.fields["format"].choices if label == "csv")
    data = {name: "on" for name, field in form.fields.items() if field.initial is True}
    response = admin_client.post(url, {**data, "format": csv, "resource": "0"})
    assert response.status_code == 200
    header, row = response.content.decode().splitlines()[:2]
    assert header.startswith("month,service_area,case_reference,auditor,status,grade")
    assert row.startswith("2024-03,SWF,CD000001,auditor,Completed,Good")
