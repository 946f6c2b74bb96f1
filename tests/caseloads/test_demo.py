"""Demo caseloads: twelve months for the named teams, loaded once."""

import io

import pytest
from django.contrib.auth import get_user_model

from caseloads import demo
from caseloads.models import Caseload, Team
from caseloads.selectors import snapshot_months

pytestmark = pytest.mark.django_db


def test_demo_loads_twelve_months_once(make_user):
    make_user(username="owner")
    out = io.StringIO()
    demo.load(stdout=out)
    assert len(snapshot_months()) == 12
    assert {"SWF East 1", "SWF West 4", "BIT Central 1", "YJS"} <= set(
        Team.objects.values_list("name", flat=True)
    )
    rows = Caseload.objects.count()
    assert rows == 12 * Caseload.objects.values("practitioner").distinct().count()
    assert Caseload.objects.filter(allocations__gte=20, team__service__code="SWF").exists()
    owner = get_user_model().objects.get(username="owner")
    assert set(owner.managed_teams.values_list("name", flat=True)) == {
        f"SWF East {n}" for n in range(1, 5)
    }
    demo.load(stdout=out)
    assert Caseload.objects.count() == rows
    assert "exist; unchanged" in out.getvalue()
