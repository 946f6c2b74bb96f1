"""Every list page's filters read as the tables do: people by full name, blank choices as
"Any ...", never Django's "---------" or "Unknown"."""

import inspect
from importlib import import_module
from importlib.util import find_spec

import django_filters
import pytest
from django.conf import settings
from django.test import RequestFactory

from audits.models import Audit, AuditCycle, ServiceArea
from indicators.models import Area, Indicator, MonthlyValue

pytestmark = pytest.mark.django_db

# The API's filters are typed by BI tools, by username.
MACHINE_FACING = {"api"}


def _page_filtersets() -> list[type[django_filters.FilterSet]]:
    found = []
    for app in settings.PORTAL_APPS:
        if app in MACHINE_FACING or not find_spec(f"{app}.filters"):
            continue
        module = import_module(f"{app}.filters")
        found += [
            cls
            for _, cls in inspect.getmembers(module, inspect.isclass)
            if issubclass(cls, django_filters.FilterSet) and cls.__module__ == module.__name__
        ]
    return found


@pytest.fixture
def named_people(django_user_model):
    owner = django_user_model.objects.create(username="ow1", first_name="Olive", last_name="Owens")
    reporter = django_user_model.objects.create(username="rr1", first_name="Rita", last_name="Reed")
    area = Area.objects.create(name="Early Help", position=1)
    Indicator.objects.create(ref="EH1", title="t", area=area, owner=owner, reporter=reporter)
    cycle = AuditCycle.objects.create(month="2016-09-01")
    service_area = ServiceArea.objects.create(name="SWF")
    Audit.objects.create(
        cycle=cycle, service_area=service_area, case_reference="CD123456", auditor=owner
    )
    return owner, reporter


def test_the_walk_finds_the_filter_forms():
    names = {cls.__name__ for cls in _page_filtersets()}
    assert {
        "IndicatorFilterSet", "OverviewFilterSet", "AuditFilterSet", "CaseloadFilter",
        "PackFilterSet", "RecommendationFilterSet",
    } <= names  # fmt: skip


@pytest.mark.parametrize("filterset_class", _page_filtersets(), ids=lambda cls: cls.__name__)
def test_blank_choices_say_any_and_people_have_their_full_names(filterset_class, named_people):
    request = RequestFactory().get("/")
    # The worklists' filter sets take their queryset from the page: monthly values.
    model = filterset_class._meta.model or MonthlyValue
    form = str(filterset_class(None, model.objects.none(), request=request).form)
    assert "---------" not in form
    assert ">Unknown<" not in form
    assert "ow1<" not in form and "rr1<" not in form
    if "owner" in filterset_class.base_filters:
        assert ">Olive Owens</option>" in form
    if "auditor" in filterset_class.base_filters:
        assert ">Olive Owens</option>" in form
