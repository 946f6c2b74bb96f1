"""Forms of the audits app, in GOV.UK markup through crispy-forms-gds.

Yes/no and Focus-5 questions are radios; every form has a helper so the page can show the
GOV.UK error summary above its heading.
"""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Layout, Size
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from audits.models import (
    FOCUS_5,
    Answer,
    Audit,
    AuditCycle,
    Grade,
    ServiceArea,
    Status,
    normalise_case_reference,
    validate_case_reference,
)
from core.forms import DateField, PlainErrors
from core.months import MonthField

YES_NO = [("True", "Yes"), ("False", "No")]


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        full_name = obj.get_full_name()
        return f"{full_name} ({obj.username})" if full_name else obj.username


def people():
    return get_user_model().objects.filter(is_active=True).order_by("first_name", "last_name")


def radios(label: str, choices, *, required: bool = False, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=choices, required=required, widget=forms.RadioSelect, **kwargs
    )


def gds_helper(*fields) -> FormHelper:
    """A helper without the <form> tag (the page writes it) and labels at body size."""
    helper = FormHelper()
    helper.form_tag = False
    if fields:
        helper.layout = Layout(*fields)
    return helper


class CaseReferencesField(forms.CharField):
    """One case reference per line; every line is checked, and each error names its line."""

    widget = forms.Textarea(attrs={"rows": 8, "spellcheck": "false"})

    def clean(self, value):
        text = super().clean(value)
        references, errors = [], []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            reference = normalise_case_reference(line)
            try:
                validate_case_reference(reference)
            except ValidationError as error:
                errors.append(f"Line {number}: {error.messages[0]}")
                continue
            if reference in references:
                errors.append(f"Line {number}: {reference} is listed twice.")
            references.append(reference)
        if errors:
            raise ValidationError(errors)
        return references


class AllocationForm(PlainErrors, forms.Form):
    """Allocate many audits at once: the cases of one service area to one auditor."""

    month = MonthField(label="Month of the audit cycle")
    service_area = forms.ModelChoiceField(
        queryset=ServiceArea.objects.filter(active=True), empty_label="Choose a service area"
    )
    auditor = PersonChoiceField(
        queryset=people(),
        empty_label="Choose a practice manager",
        help_text="The practice manager who will audit these cases.",
    )
    case_references = CaseReferencesField(
        label="Case references",
        help_text="One case number per line, such as CD123456. Never a child's name.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper()


class RecordAuditForm(PlainErrors, forms.ModelForm):
    """What the auditor records: a draft can be saved at any point, half filled in."""

    status = radios(
        "Outcome",
        [
            (Status.ALLOCATED, "Not finished yet: save as a draft"),
            (Status.COMPLETED, "Completed"),
            (Status.NOT_COMPLETED, "Not completed: the audit could not be done"),
        ],
        required=True,
    )
    grade = radios(
        "Grade",
        [("", "No grade yet"), *Grade.choices],
        help_text="Required when the audit is completed.",
    )
    practitioner_discussion = radios("Did you discuss the case with the practitioner?", YES_NO)
    completed_on = DateField(
        label="Completed date",
        required=False,
        require_all_fields=False,
        help_text="For example 27 3 2024. Left empty, a completed audit is dated today.",
    )

    class Meta:
        model = Audit
        fields = [
            "status",
            "grade",
            "practitioner_discussion",
            *FOCUS_5,
            "good_practice",
            "improvement",
            "completed_on",
        ]
        widgets = {
            "good_practice": forms.Textarea(attrs={"rows": 5}),
            "improvement": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field, question in FOCUS_5.items():
            self.fields[field] = radios(question, Answer.choices)
        self.initial["practitioner_discussion"] = str(self.instance.practitioner_discussion)
        self.helper = gds_helper(
            Field.radios("status", legend_size=Size.MEDIUM),
            Field.radios("grade", legend_size=Size.MEDIUM),
            Field.radios("practitioner_discussion", legend_size=Size.SMALL),
            HTML('<h2 class="govuk-heading-m">Focus 5 checklist</h2>'),
            HTML(
                '<p class="govuk-body">For case-holding teams. Answer "Not applicable" '
                "where a question does not apply to this case.</p>"
            ),
            *(Field.radios(field, small=True) for field in FOCUS_5),
            HTML('<h2 class="govuk-heading-m">Findings</h2>'),
            "good_practice",
            "improvement",
            "completed_on",
        )

    def clean_practitioner_discussion(self) -> bool | None:
        value = self.cleaned_data["practitioner_discussion"]
        return None if value == "" else value == "True"

    def clean(self):
        data = super().clean()
        if data.get("status") == Status.COMPLETED:
            questions = ["practitioner_discussion", *FOCUS_5]
            for field in questions:
                if data.get(field) in (None, "") and field not in self.errors:
                    question = self.fields[field].label.rstrip("?")
                    self.add_error(field, f"To complete the audit, answer: {question}.")
        return data


class AllocationEditForm(PlainErrors, forms.ModelForm):
    """The QA unit corrects an allocation: the case, its service area or its auditor."""

    auditor = PersonChoiceField(queryset=people(), empty_label="Choose a practice manager")

    class Meta:
        model = Audit
        fields = ["service_area", "case_reference", "auditor"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_area"].empty_label = "Choose a service area"
        self.helper = gds_helper()

    def clean_case_reference(self) -> str:
        return normalise_case_reference(self.cleaned_data["case_reference"])


class CycleForm(PlainErrors, forms.ModelForm):
    month = MonthField(label="Month")

    class Meta:
        model = AuditCycle
        fields = ["month", "theme", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["month"]
        self.helper = gds_helper()


class ServiceAreaForm(PlainErrors, forms.ModelForm):
    class Meta:
        model = ServiceArea
        fields = ["short_name", "name", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper()
