"""Every form and filter form of the portal rendered with a hostile name in every stored text
it shows (areas, indicator refs and titles, people, service areas, services, teams,
qualifying statuses, audit cycles): the markup is always shown as text, never as HTML.

crispy-forms-gds writes labels, legends and hints unescaped (``|safe``), so a label built
from a stored name must be escaped where it is built. The forms come from the modules
themselves, so a new form that is not in FORMS fails ``test_every_form_is_rendered_here``.
"""

import importlib
import inspect
from collections.abc import Callable
from datetime import date
from pathlib import Path

import django_filters
import pytest
from crispy_forms.utils import render_crispy_form
from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.template import Context, Template
from django.test import RequestFactory

from audits.models import Audit, AuditCycle, ServiceArea
from caseloads.models import Caseload, Practitioner, QualifyingStatus, Service, Team
from core import roles
from core.models import ReportingPeriod
from indicators.models import Area, Indicator, MonthlyValue
from packs.models import Recommendation
from quality.models import Operator, ValidationRule

pytestmark = pytest.mark.django_db

HOSTILE = "<img src=x onerror=alert(1)>"
SHORT = "<b>h</b>"  # for the short fields (a service area's short name, a service's code)
MONTH = date(2016, 9, 1)
MODULES = ("forms", "filters", "importers", "trail_views")
EXTRA_MODULES = ("imports.views",)  # the import machinery is no app: named here


def portal_forms() -> list[type]:
    """Every form and filter set the portal's own apps define in their forms, filters and
    importer modules (the admin's forms are Django's, which escape their labels)."""
    root = Path(apps.get_app_config("core").path).parent  # the portal's apps sit side by side
    names = [*EXTRA_MODULES]
    for config in apps.get_app_configs():
        if Path(config.path).parent != root:  # a library's app (a virtualenv may be in root)
            continue
        names += [f"{config.name}.{name}" for name in MODULES]
    found = set()
    for name in names:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(
                cls, forms.BaseForm | django_filters.FilterSet
            ):
                found.add(cls)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


@pytest.fixture
def hostile(db) -> dict:
    """One of everything a form shows by name, every name hostile."""
    User = get_user_model()
    person = User.objects.create_user(username="hostile", first_name=HOSTILE, last_name=HOSTILE)
    person.groups.add(Group.objects.get(name=roles.PERFORMANCE_TEAM))
    area = Area.objects.create(name=HOSTILE)
    indicator = Indicator.objects.create(
        ref=HOSTILE, title=HOSTILE, unit="count", area=area, owner=person, reporter=person,
        owner_name=HOSTILE, reporter_name=HOSTILE,
    )  # fmt: skip
    value = MonthlyValue.objects.create(indicator=indicator, month=MONTH, value=1)
    value.refresh_from_db()
    ReportingPeriod.objects.create(month=MONTH, due_date=date(2016, 10, 14))
    ValidationRule.objects.create(left=indicator, operator=Operator.AT_MOST, constant=1,
                                  severity="error", message=HOSTILE)  # fmt: skip
    cycle = AuditCycle.objects.create(month=MONTH, theme=HOSTILE)
    service_area = ServiceArea.objects.create(short_name=SHORT, name=HOSTILE)
    audit = Audit.objects.create(cycle=cycle, service_area=service_area,
                                 case_reference="CD123456", auditor=person)  # fmt: skip
    service = Service.objects.create(code=SHORT, name=HOSTILE, threshold=20)
    team = Team.objects.create(name=HOSTILE, service=service)
    status = QualifyingStatus.objects.create(name=HOSTILE, description=HOSTILE)
    practitioner = Practitioner.objects.create(staff_id="S1", display_name=HOSTILE)
    Caseload.objects.create(month=MONTH, practitioner=practitioner, team=team,
                            qualifying_status=status, allocations=25)  # fmt: skip
    recommendation = Recommendation.objects.create(text=HOSTILE, owner=person, made_on=MONTH,
                                                   due_date=MONTH)  # fmt: skip
    request = RequestFactory().get("/")
    request.user = person
    return {"person": person, "area": area, "value": value, "audit": audit,
            "cycle": cycle, "service_area": service_area, "recommendation": recommendation,
            "request": request}  # fmt: skip


# How each form is made, by its dotted name: (world, data or None for unbound) -> the form.
FORMS: dict[str, Callable[[dict, dict | None], object]] = {
    "audits.forms.AllocationForm": lambda w, data: _cls("audits.forms.AllocationForm")(data),
    "audits.forms.AllocationEditForm": lambda w, data: _cls("audits.forms.AllocationEditForm")(
        data, instance=w["audit"]
    ),
    "audits.forms.RecordAuditForm": lambda w, data: _cls("audits.forms.RecordAuditForm")(
        data, instance=w["audit"]
    ),
    "audits.forms.CycleForm": lambda w, data: _cls("audits.forms.CycleForm")(
        data, instance=w["cycle"]
    ),
    "audits.forms.ServiceAreaForm": lambda w, data: _cls("audits.forms.ServiceAreaForm")(
        data, instance=w["service_area"]
    ),
    "caseloads.forms.CaseloadImportOptionsForm": lambda w, data: _cls(
        "caseloads.forms.CaseloadImportOptionsForm"
    )(data),
    "caseloads.forms.ReportMonthForm": lambda w, data: _cls("caseloads.forms.ReportMonthForm")(
        data, months=[MONTH]
    ),
    "core.forms.SignInForm": lambda w, data: _cls("core.forms.SignInForm")(w["request"], data),
    "imports.views.UploadForm": lambda w, data: _cls("imports.views.UploadForm")(data),
    "imports.views.RevisionForm": lambda w, data: _cls("imports.views.RevisionForm")(data),
    "dataset_import.importers.DatasetImportOptions": lambda w, data: _cls(
        "dataset_import.importers.DatasetImportOptions"
    )(data),
    "packs.forms.BuildPackForm": lambda w, data: _cls("packs.forms.BuildPackForm")(data),
    "packs.forms.NarrativeForm": lambda w, data: _cls("packs.forms.NarrativeForm")(
        data, areas=[w["area"]]
    ),
    "packs.forms.RecommendationForm": lambda w, data: _cls("packs.forms.RecommendationForm")(
        data, instance=w["recommendation"]
    ),
    "packs.forms.RecommendationUpdateForm": lambda w, data: _cls(
        "packs.forms.RecommendationUpdateForm"
    )(data),
    "quality.forms.RuleForm": lambda w, data: _cls("quality.forms.RuleForm")(data),
    "returns.forms.ValueForm": lambda w, data: _cls("returns.forms.ValueForm")(
        data, monthly_value=w["value"], revision=True
    ),
    "returns.forms.ReasonForm": lambda w, data: _cls("returns.forms.ReasonForm")(
        data, label="Why are you returning it?"
    ),
    "returns.forms.OpenPeriodForm": lambda w, data: _cls("returns.forms.OpenPeriodForm")(data),
    "records.forms.RecordsUploadForm": lambda w, data: _cls("records.forms.RecordsUploadForm")(
        data
    ),
    "records.forms.ApplyCountsForm": lambda w, data: _cls("records.forms.ApplyCountsForm")(data),
    "records.forms.RecountForm": lambda w, data: _cls("records.forms.RecountForm")(data),
    # What was typed in the search box comes back in it, and stays text.
    "search.forms.SearchForm": lambda w, data: _cls("search.forms.SearchForm")(
        None if data is None else {"q": HOSTILE, **data}
    ),
}


def _cls(dotted: str) -> type:
    module, name = dotted.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)


def _name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def _is_filter_set(cls: type) -> bool:
    return issubclass(cls, django_filters.FilterSet)


def test_every_form_is_rendered_here():
    missing = [
        _name(cls) for cls in portal_forms() if not _is_filter_set(cls) and _name(cls) not in FORMS
    ]
    assert missing == [], f"Say how to make these forms in FORMS: {missing}"


ERROR_SUMMARY = Template("{% load crispy_forms_gds %}{% error_summary form %}")
FILTER_FORM = Template("{% load crispy_forms_tags %}{{ form|crispy }}")


def render(form) -> str:
    """The form as its page renders it: with its helper's layout where it has one (the
    portal's form page), else as a list page's filters; and its error summary."""
    if getattr(form, "helper", None) is not None:
        html = render_crispy_form(form)
    else:
        html = FILTER_FORM.render(Context({"form": form}))
    return html + ERROR_SUMMARY.render(Context({"form": form}))


def assert_escaped(html: str, what: str) -> None:
    for raw in (HOSTILE, SHORT, "<img"):
        assert raw not in html, f"{what} shows {raw!r} as markup"


@pytest.mark.parametrize("dotted", sorted(FORMS))
@pytest.mark.parametrize("data", [None, {}], ids=["blank", "with errors"])
def test_every_form_shows_stored_names_as_text(hostile, dotted, data):
    form = FORMS[dotted](hostile, None if data is None else {"month": HOSTILE, **data})
    if data is not None:
        form.is_valid()
    assert_escaped(render(form), dotted)


@pytest.mark.parametrize("dotted", [_name(cls) for cls in portal_forms() if _is_filter_set(cls)])
def test_every_filter_form_shows_stored_names_as_text(hostile, dotted):
    cls = _cls(dotted)
    model = cls._meta.model or MonthlyValue  # a filter set without one filters values
    filter_set = cls({}, queryset=model.objects.none(), request=hostile["request"])
    assert_escaped(render(filter_set.form), dotted)


def test_the_narrative_page_shows_an_area_named_as_markup_as_text(hostile, client):
    client.force_login(hostile["person"])
    page = client.get(f"/packs/{MONTH:%Y-%m}/narrative/").content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert_escaped(page, "The narrative page")
