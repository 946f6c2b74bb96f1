from io import StringIO

import pytest
from django.core.management import call_command

from audits.demo import PRACTICE_MANAGERS
from audits.models import Audit, AuditCycle, Status
from caseloads.models import Team
from core import roles


@pytest.mark.django_db
def test_load_demo_adds_twelve_cycles_of_audits_in_every_area():
    out = StringIO()
    call_command("load_demo", stdout=out)
    cycles = list(AuditCycle.objects.order_by("month"))
    assert len(cycles) == 12
    assert sum(cycle.is_published for cycle in cycles) == 11
    assert Audit.objects.values("service_area").distinct().count() == 9
    assert Audit.objects.filter(status=Status.COMPLETED).count() > 200
    # Issue 26: the auditors are practice managers, a role (they had none), each printed once.
    auditors = set(Audit.objects.values_list("auditor__groups__name", flat=True))
    assert auditors == {roles.PRACTICE_MANAGER}
    assert all(out.getvalue().count(name) == 1 for name in PRACTICE_MANAGERS)
    managed = Team.objects.filter(managers__groups__name=roles.PRACTICE_MANAGER)
    assert managed.values("managers").distinct().count() == len(PRACTICE_MANAGERS)
    call_command("load_demo", stdout=StringIO())
    assert AuditCycle.objects.count() == 12
