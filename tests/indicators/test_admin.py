"""The admin reads and exports monthly values but never writes them: values change only
through the return pages, which raise the version, ask why a published month is revised
and run the data-quality checks."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib import admin
from django.forms.models import model_to_dict
from django.urls import NoReverseMatch, reverse

from core import roles
from indicators.models import Indicator, MonthlyValue, ref_clash
from tests.indicators.factories import add_values, make_indicator

pytestmark = pytest.mark.django_db

SEPTEMBER = date(2016, 9, 1)


@pytest.fixture(params=["performance team", "superuser"])
def admin_client(request, client, make_user):
    """The strongest users of the admin: the performance team and a superuser."""
    if request.param == "superuser":
        user = make_user(is_superuser=True, is_staff=True)
    else:
        user = make_user(roles.PERFORMANCE_TEAM)
    client.force_login(user)
    return client


@pytest.fixture
def value() -> MonthlyValue:
    return add_values(make_indicator("M1"), {SEPTEMBER: "100"})[0]


def test_the_change_form_shows_the_value_and_points_to_its_return_page(admin_client, value):
    response = admin_client.get(reverse("admin:indicators_monthlyvalue_change", args=[value.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="value"' not in html and 'name="_save"' not in html  # read only
    assert reverse("returns:value", args=[value.pk]) in html


def test_the_change_form_cannot_save_a_value(admin_client, value):
    response = admin_client.post(
        reverse("admin:indicators_monthlyvalue_change", args=[value.pk]),
        {"indicator": value.indicator_id, "month": "2016-09-01", "value": "999"},
    )
    assert response.status_code == 403
    value.refresh_from_db()
    assert (value.value, value.version) == (Decimal("100"), 1)


def test_values_cannot_be_added_or_deleted_in_the_admin(admin_client, value):
    add = admin_client.post(
        reverse("admin:indicators_monthlyvalue_add"),
        {"indicator": value.indicator_id, "month": "2016-10-01", "value": "5"},
    )
    delete = admin_client.post(
        reverse("admin:indicators_monthlyvalue_delete", args=[value.pk]), {"post": "yes"}
    )
    assert (add.status_code, delete.status_code) == (403, 403)
    assert list(MonthlyValue.objects.values_list("value", flat=True)) == [Decimal("100")]


def test_deleting_an_indicator_in_the_admin_does_not_delete_its_values(admin_client, value):
    response = admin_client.post(
        reverse("admin:indicators_indicator_delete", args=[value.indicator_id]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Indicator.objects.filter(pk=value.indicator_id).exists()
    assert MonthlyValue.objects.filter(pk=value.pk).exists()


def test_the_admin_cannot_import_values(admin_client, value):
    with pytest.raises(NoReverseMatch):
        reverse("admin:indicators_monthlyvalue_import")
    changelist = admin_client.get(reverse("admin:indicators_monthlyvalue_changelist"))
    assert changelist.status_code == 200
    assert "/import/" not in changelist.content.decode()


def test_the_admin_still_exports_values(admin_client, value):
    response = admin_client.post(
        reverse("admin:indicators_monthlyvalue_export"), {"format": "0", "resource": "0"}
    )
    assert response.status_code == 200


def test_the_indicator_form_names_a_ref_differing_only_in_case(rf, make_user):
    """Issue 25: refs are unique whatever their case; the admin says which ref is in the way."""
    make_indicator("M1")
    other = make_indicator("M2")
    request = rf.get("/")
    request.user = make_user(is_superuser=True, is_staff=True)
    form_class = admin.site._registry[Indicator].get_form(request, obj=other)
    form = form_class(instance=other, data={**model_to_dict(other), "ref": "m1"})
    assert not form.is_valid()
    assert form.errors["ref"] == [ref_clash(ref="m1", other="M1")]
    assert "__all__" not in form.errors  # said once, on the ref
