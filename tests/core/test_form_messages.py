"""Every form of the portal, given bad input, answers in the portal's own plain words: a
test walks them all and fails on any of Django's default messages."""

import inspect
from datetime import date
from importlib import import_module
from importlib.util import find_spec

import pytest
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from audits.forms import (
    AllocationEditForm,
    AllocationForm,
    CycleForm,
    RecordAuditForm,
    ServiceAreaForm,
)
from audits.models import Audit, AuditCycle
from caseloads.forms import CaseloadImportOptionsForm, ReportMonthForm
from core.forms import SignInForm
from dataset_import.importers import DatasetImportOptions
from imports.views import RevisionForm, UploadForm
from indicators.models import Area, Indicator, MonthlyValue, Unit
from packs.forms import BuildPackForm, NarrativeForm, RecommendationForm, RecommendationUpdateForm
from quality.forms import RuleForm
from records.forms import ApplyCountsForm, RecordsUploadForm, RecountForm
from returns.forms import OpenPeriodForm, ReasonForm, ValueForm
from search.forms import SearchForm

pytestmark = pytest.mark.django_db

SEPTEMBER = date(2016, 9, 1)


def _value_form(data, files):
    indicator = Indicator(ref="M1", unit=Unit.COUNT)
    monthly_value = MonthlyValue(indicator=indicator, month=SEPTEMBER, version=1)
    return ValueForm(data, monthly_value=monthly_value, revision=True)


# How to make each form with the data posted to it.
FORMS = {
    ValueForm: _value_form,
    ReasonForm: lambda data, files: ReasonForm(data, label="Why are you returning it?"),
    OpenPeriodForm: lambda data, files: OpenPeriodForm(data),
    UploadForm: lambda data, files: UploadForm(data, files),
    SignInForm: lambda data, files: SignInForm(RequestFactory().post("/login/"), data=data),
    AllocationForm: lambda data, files: AllocationForm(data),
    RecordAuditForm: lambda data, files: RecordAuditForm(data, instance=Audit()),
    AllocationEditForm: lambda data, files: AllocationEditForm(data, instance=Audit()),
    CycleForm: lambda data, files: CycleForm(data, instance=AuditCycle()),
    ServiceAreaForm: lambda data, files: ServiceAreaForm(data),
    RuleForm: lambda data, files: RuleForm(data),
    CaseloadImportOptionsForm: lambda data, files: CaseloadImportOptionsForm(data),
    ReportMonthForm: lambda data, files: ReportMonthForm(data, months=[SEPTEMBER]),
    DatasetImportOptions: lambda data, files: DatasetImportOptions(data),
    RevisionForm: lambda data, files: RevisionForm(data),
    BuildPackForm: lambda data, files: BuildPackForm(data),
    NarrativeForm: lambda data, files: NarrativeForm(data, areas=[Area(pk=1, name="MASH")]),
    RecommendationForm: lambda data, files: RecommendationForm(data),
    RecommendationUpdateForm: lambda data, files: RecommendationUpdateForm(data),
    RecordsUploadForm: lambda data, files: RecordsUploadForm(data, files),
    ApplyCountsForm: lambda data, files: ApplyCountsForm(data),
    RecountForm: lambda data, files: RecountForm(data),
    SearchForm: lambda data, files: SearchForm(data),
}
NOT_YET: set[str] = set()


def _django_defaults() -> set[str]:
    """Every default message of Django's form fields, up to its first placeholder."""
    found = set()
    for _, cls in inspect.getmembers(forms, inspect.isclass):
        for klass in getattr(cls, "__mro__", ()):
            for message in getattr(klass, "default_error_messages", {}).values():
                found.add(str(message).split("%(")[0].strip())
    return {message for message in found if message} | {
        "Ensure this value",  # the length and range validators
        "Enter a valid",
        "out of range",  # Python's date(): "day is out of range for month"
        "must be in 1..",  # Python's date(): "month must be in 1..12"
        "Please enter a correct",  # the sign-in form's
    }


DEFAULTS = _django_defaults()


def portal_forms() -> list[type[forms.BaseForm]]:
    modules = ["core.forms", "imports.views", "dataset_import.importers"] + [
        f"{app}.forms" for app in settings.PORTAL_APPS if find_spec(f"{app}.forms")
    ]
    found = set()
    for name in modules:
        module = import_module(name)
        found |= {
            cls
            for _, cls in inspect.getmembers(module, inspect.isclass)
            if issubclass(cls, forms.BaseForm) and cls.__module__ == name
        }
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__name__}")


def _bad_inputs(form: forms.BaseForm) -> list[tuple[dict, dict]]:
    """Nothing at all; then junk in every box (too long, not a number, not a choice, not a
    date); then an impossible date and an empty file."""
    junk, impossible, files = {}, {}, {}
    for name, field in form.fields.items():
        if isinstance(field, forms.MultiValueField):
            for suffix, text, bad in zip(
                field.widget.widgets_names, ("31", "2", "2024"), ("x", "13", "y"), strict=True
            ):
                junk[name + suffix], impossible[name + suffix] = bad, text
        elif isinstance(field, forms.FileField):
            files[name] = SimpleUploadedFile("empty.csv", b"")
        else:
            junk[name] = "x" * 5000
    return [({}, {}), (junk, {}), (impossible, files)]


def test_every_form_of_the_portal_is_walked():
    names = {f"{cls.__module__}.{cls.__name__}" for cls in portal_forms()}
    walked = {f"{cls.__module__}.{cls.__name__}" for cls in FORMS}
    assert names - walked == NOT_YET


@pytest.mark.parametrize("form_class", list(FORMS), ids=lambda cls: cls.__name__)
def test_bad_input_gets_the_portals_own_words(form_class):
    seen = []
    for data, files in _bad_inputs(FORMS[form_class]({}, {})):
        form = FORMS[form_class](data, files)
        form.is_valid()
        messages = [str(m) for errors in form.errors.values() for m in errors]
        seen += messages
        django_words = [m for m in messages if any(default in m for default in DEFAULTS)]
        assert django_words == [], f"{form_class.__name__} with {sorted(data)}"
    if any(field.required for field in FORMS[form_class]({}, {}).fields.values()):
        assert seen, "bad input was refused with a message"


def test_an_impossible_date_is_named_as_such():
    form = OpenPeriodForm(
        {"month": "2016-10", "due_date_0": "31", "due_date_1": "2", "due_date_2": "2024"}
    )
    assert form.errors["due_date"] == ["Due date must be a real date, for example 27 3 2024"]


def test_a_required_box_left_empty_says_what_to_enter():
    assert ReasonForm({}, label="Why are you returning it?").errors["reason"] == [
        "Answer the question: Why are you returning it?"
    ]
    assert AllocationForm({}).errors["case_references"] == ["Enter the case references"]


def test_messages_fit_the_kind_of_box():
    rule = RuleForm({"left_factor": "two"})
    assert rule.errors["left_factor"] == ["Left factor must be a number"]
    audit = RecordAuditForm(
        {"status": "completed", "practitioner_discussion": "maybe"}, instance=Audit()
    )
    assert audit.errors["practitioner_discussion"] == [
        "Choose one of the answers to: Did you discuss the case with the practitioner?"
    ]


@pytest.mark.parametrize("form_class", list(FORMS), ids=lambda cls: cls.__name__)
def test_blank_choices_say_what_to_choose(form_class):
    assert "---------" not in str(FORMS[form_class](None, None))
