"""The caseload admin: reference data edited and imported with who, exports made safe."""

import pytest
import tablib
from django.urls import reverse

from caseloads.models import Practitioner, Service, Team
from caseloads.resources import CaseloadResource, PractitionerResource
from core import roles

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model", ["service", "team", "qualifyingstatus", "practitioner", "caseload"]
)
def test_the_performance_team_administers_caseloads(client_as, snapshot, model):
    snapshot([("P1", "YJS", "SW", 3)])
    response = client_as(roles.PERFORMANCE_TEAM).get(reverse(f"admin:caseloads_{model}_changelist"))
    assert response.status_code == 200


def test_a_change_in_the_admin_records_who_made_it(client_as, django_user_model):
    client = client_as(roles.PERFORMANCE_TEAM)
    service = Service.objects.get(code="YJS")
    response = client.post(
        reverse("admin:caseloads_service_change", args=[service.pk]),
        {"code": "YJS", "name": "Youth justice", "threshold": "14"},
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.threshold == 14
    assert service.updated_by == django_user_model.objects.get(pk=client.session["_auth_user_id"])


def test_importing_display_names_records_who(make_user):
    user = make_user(roles.PERFORMANCE_TEAM)
    data = tablib.Dataset(("P7", "Ada Lovelace"), headers=["staff_id", "display_name"])
    result = PractitionerResource().import_data(data, user=user)
    assert not result.has_errors()
    practitioner = Practitioner.objects.get(staff_id="P7")
    assert (practitioner.display_name, practitioner.updated_by) == ("Ada Lovelace", user)


def test_caseload_export_is_by_staff_identifier_with_formulas_neutralised(snapshot):
    Team.objects.create(name="=HYPERLINK(1)", service=Service.objects.get(code="YJS"))
    snapshot([("P1", "=HYPERLINK(1)", "SW", 3)])
    dataset = CaseloadResource().export()
    assert dataset.headers == ["month", "practitioner", "team", "qualifying_status", "allocations"]
    assert dataset[0][1:] == ("P1", "'=HYPERLINK(1)", "SW", "3")
