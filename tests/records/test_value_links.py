"""From a counted value's own page to the records it was counted from (issue 28, item 5):
only for analysts who may read records, while the records are held and the value is still
the figure counted."""

from datetime import date

import pytest

from core import roles
from indicators.models import MonthlyValue
from records import figures, services

pytestmark = pytest.mark.django_db
SEP = date(2016, 9, 1)
LINK = "The records it was counted from"


@pytest.fixture
def counted(upload, m1, admin_user) -> MonthlyValue:
    figures.apply_counts(upload=upload, user=admin_user)
    return MonthlyValue.objects.get(indicator=m1, month=SEP)


def value_page(client, value: MonthlyValue) -> str:
    return client.get(f"/returns/values/{value.pk}/").content.decode()


def test_an_analyst_follows_a_counted_value_to_its_records(client, analyst_user, counted, upload):
    client.force_login(analyst_user)
    page = value_page(client, counted)
    assert f"{LINK} (upload {upload.pk}, definition contacts version 1)" in page
    url = f"/records/{upload.pk}/trace/?ref=M1&amp;month=2016-09"
    assert url in page
    records = client.get(url.replace("&amp;", "&")).content.decode()
    assert "contact on 15/09/2016, in September 2016" in records


def test_the_link_is_not_offered_to_the_team_without_the_records_role(client, make_user, counted):
    client.force_login(make_user(roles.PERFORMANCE_TEAM))
    page = value_page(client, counted)
    assert "Where it came from" not in page and LINK not in page


def test_no_link_once_the_value_changed_or_its_records_were_purged(
    client, analyst_user, counted, upload
):
    client.force_login(analyst_user)
    MonthlyValue.objects.filter(pk=counted.pk).update(value=9)
    assert LINK not in value_page(client, counted)
    MonthlyValue.objects.filter(pk=counted.pk).update(value=2)
    assert LINK in value_page(client, counted)
    services.purge_records(upload=upload, reason="retention")
    assert LINK not in value_page(client, counted)
