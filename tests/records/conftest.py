"""Fixtures of the records tests: a stored upload of the small workbook (lists 1, 3 and 4 of
``tests.records.files.annex_a``) and M1 counted from it as contacts."""

import pytest

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
