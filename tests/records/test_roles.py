"""The records analyst is a declared role (``records/roles.py``), synced after migrate as every
role is: it reads records and keeps the local definitions, nothing else, whatever migration
0002 made of its group."""

import pytest
from django.contrib.auth.models import Group

from core import roles

pytestmark = pytest.mark.django_db


def test_the_records_analyst_reads_records_and_keeps_local_definitions_and_nothing_else():
    group = Group.objects.get(name=roles.RECORDS_ANALYST)
    held = {
        f"{permission.content_type.app_label}.{permission.codename}"
        for permission in group.permissions.select_related("content_type")
    }
    assert held == {
        "records.read_records",
        "records.add_localdefinition",
        "records.change_localdefinition",
        "records.view_localdefinition",  # never delete: an indicator may be counted by one
    }


def test_a_records_analyst_alone_lands_on_their_own_page_and_beside_a_role_on_its(make_user):
    analyst = make_user(roles.RECORDS_ANALYST)
    assert roles.primary_role(analyst) == roles.RECORDS_ANALYST
    analyst.groups.add(Group.objects.get(name=roles.PERFORMANCE_TEAM))
    assert roles.primary_role(analyst) == roles.PERFORMANCE_TEAM
