from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from core import roles
from core.demo import DEMO_USERS


@pytest.mark.django_db
def test_load_demo_creates_one_user_per_role_and_prints_passwords_once():
    first = StringIO()
    call_command("load_demo", stdout=first)
    users = get_user_model().objects.filter(username__in=DEMO_USERS).prefetch_related("groups")
    held = {user.username: {group.name for group in user.groups.all()} for user in users}
    assert sorted(role for role, _first, _last in DEMO_USERS.values()) == sorted(roles.ROLES)
    assert all(DEMO_USERS[username][0] in groups for username, groups in held.items())
    assert held.keys() == DEMO_USERS.keys()
    # the records analyst is an analyst of the performance team (records.demo), as in life
    assert held["analyst"] == {roles.RECORDS_ANALYST, roles.PERFORMANCE_TEAM}
    password = first.getvalue().split("performance", 1)[1].split()[0]
    assert get_user_model().objects.get(username="performance").check_password(password)

    second = StringIO()
    call_command("load_demo", stdout=second)
    assert password not in second.getvalue()
    assert "password unchanged" in second.getvalue()


@pytest.mark.django_db(transaction=True)
def test_loading_the_demo_prints_no_stray_lines(migrated_data, capfd, caplog, settings):
    """Only the command's own report: no warning of a missing broker host, nor of the demo's
    people without an e-mail address (the return page says that where it matters)."""
    settings.PORTAL_TODAY = "2016-10-10"
    caplog.set_level("WARNING")
    out = StringIO()
    call_command("load_demo", stdout=out)
    printed = capfd.readouterr()
    assert printed.err == ""
    assert [record.getMessage() for record in caplog.records] == []
    assert out.getvalue().endswith("Demo data loaded.\n")
