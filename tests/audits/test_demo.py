from io import StringIO

import pytest
from django.core.management import call_command

from audits.models import Audit, AuditCycle, Status


@pytest.mark.django_db
def test_load_demo_adds_twelve_cycles_of_audits_in_every_area():
    out = StringIO()
    call_command("load_demo", stdout=out)
    cycles = list(AuditCycle.objects.order_by("month"))
    assert len(cycles) == 12
    assert sum(cycle.is_published for cycle in cycles) == 11
    assert Audit.objects.values("service_area").distinct().count() == 9
    assert Audit.objects.filter(status=Status.COMPLETED).count() > 200
    assert not Audit.objects.filter(auditor__groups__isnull=False).exists()
    assert "pm.okafor" in out.getvalue()
    call_command("load_demo", stdout=StringIO())
    assert AuditCycle.objects.count() == 12
