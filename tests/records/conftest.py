"""Fixtures of the records tests: a stored upload of the small workbook (lists 1, 3 and 4 of
``tests.records.files.annex_a``), M1 counted from it as contacts, and an analyst: a member of
the performance team who also holds the Records analyst role, and a client signed in as one."""

import pytest
from django.contrib.auth.models import Group

from core import roles
from records import services
from records.models import CountedIndicator
from tests.indicators.factories import make_indicator
from tests.records.files import annex_a


@pytest.fixture
def upload(admin_user):
    intake = services.check_files([("a.xlsx", annex_a())])
    upload = services.store_upload(intake=intake, filename="a.xlsx", data=b"x", user=admin_user)
    services.confirm_upload(upload=upload, user=admin_user)
    return upload


@pytest.fixture
def m1():
    indicator = make_indicator("M1")
    CountedIndicator.objects.create(indicator=indicator, definition="contacts")
    return indicator


@pytest.fixture
def analyst_user(make_user):
    user = make_user(roles.PERFORMANCE_TEAM)
    user.groups.add(Group.objects.get(name=roles.RECORDS_ANALYST))
    return user


@pytest.fixture
def analyst(client, analyst_user):
    client.force_login(analyst_user)
    return client
