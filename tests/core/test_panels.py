"""``core.panels``: the home page shows the panels whose permission the user holds, with
figures the view reads, whatever the name of the user's group."""

from datetime import date

import pytest
from django.contrib.auth.models import Group, Permission

from core import roles
from core.models import ReportingPeriod

pytestmark = pytest.mark.django_db

TEAM = "follow progress of the returns"
OWNER = "check the values and commentary your reporters pass to you"
REPORTER = "enter the value and commentary of each of your indicators"
QA = "allocate the case-file audits"


def _grant(user, *codenames: str) -> None:
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        (roles.PERFORMANCE_TEAM, [TEAM], [OWNER, REPORTER, QA]),
        (roles.OWNER, [OWNER], [TEAM, REPORTER, QA]),
        (roles.REPORTER, [REPORTER], [TEAM, OWNER, QA]),
        (roles.QA_UNIT, [QA], [TEAM, OWNER, REPORTER]),
        (roles.VIEWER, ["Read the published monthly performance packs"], [TEAM, QA]),
    ],
)
def test_each_role_sees_the_panels_of_its_permissions(client_as, role, shown, hidden):
    html = client_as(role).get("/").content.decode()
    assert all(text in html for text in shown)
    assert not any(text in html for text in hidden)


def test_panels_follow_permissions_not_group_names(client, make_user):
    """Someone who both reports and owns, in a group of another name, sees both parts."""
    user = make_user()
    user.groups.add(Group.objects.create(name="Early Help managers"))
    _grant(user, "enter_values", "submit_values")
    client.force_login(user)
    html = client.get("/").content.decode()
    assert OWNER in html and REPORTER in html and TEAM not in html


def test_the_month_panel_shows_the_open_period_read_by_the_view(client_as):
    ReportingPeriod.objects.create(month=date(2016, 9, 1), due_date=date(2016, 10, 14))
    html = client_as(roles.PERFORMANCE_TEAM).get("/").content.decode()
    assert "September 2016 at a glance" in html
    assert 'href="/returns/overview/?month=2016-09"' in html
