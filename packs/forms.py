from datetime import date

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Fieldset, Layout
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, RegexValidator
from django.utils.html import conditional_escape

from core.forms import PlainErrors
from core.months import month_choices, parse_month
from core.people import display_name
from indicators.models import Area
from packs import selectors
from packs.models import Narrative, Recommendation, RecommendationStatus


class BuildPackForm(PlainErrors, forms.Form):
    """Which month to build: the months that have monthly values, newest first."""

    month = forms.TypedChoiceField(
        label="Month",
        help_text="The pack is built from the values entered for this month and the 12 before.",
        coerce=parse_month,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = month_choices(selectors.buildable_months())
        self.helper = FormHelper()
        self.helper.form_tag = False  # the page writes the form, with its button


DATE_HINT = "For example 27 3 2016."


class DateField(DateInputField):
    """A GOV.UK day-month-year date whose every error names the date, in plain words."""

    def __init__(self, *, label: str, help_text: str = DATE_HINT) -> None:
        super().__init__(label=label, help_text=help_text)
        named = label[0].lower() + label[1:]
        self.invalid = f"Enter the {named} as a real date, for example 27 3 2016"
        self.error_messages["required"] = f"Enter the {named}"
        self.error_messages["incomplete"] = f"Enter the {named} as a day, month and year"
        self.error_messages["invalid"] = self.invalid
        for field, part in zip(self.fields, ("day", "month", "year"), strict=True):
            field.error_messages["incomplete"] = f"Enter the {part} of the {named}"
            field.validators = [RegexValidator(r"^[0-9]+$", self.invalid)]

    def compress(self, data_list) -> date | None:
        """The date, or this field's own message where there is no such day (31 2 2016)."""
        day, month, year = data_list
        if not (day and month and year):
            return None
        try:
            return date(int(year), int(month), int(day))
        except ValueError as error:
            raise ValidationError(self.invalid, code="invalid") from error


class PersonChoiceField(forms.ModelChoiceField):
    """People by full name (username only where an account has no name)."""

    def label_from_instance(self, obj) -> str:
        return display_name(obj)


AREA_PARAGRAPH_LENGTH = 1500  # a paragraph: it heads the area's sheet of the spreadsheet too


class NarrativeForm(PlainErrors, forms.Form):
    """The summary of the month, and an optional paragraph on each of ``areas``."""

    summary = forms.CharField(
        label="Summary of the month",
        help_text="What the figures say: what improved, what worsened and what is being done. "
        "It opens the pack; a built version keeps the text it was built with.",
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={"required": "Enter the summary of the month"},
    )

    def __init__(self, *args, areas: list[Area], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.areas = areas
        for area in areas:
            # A validator rather than max_length: no maxlength attribute to cut pasted text
            # short without a word; the error says how long it may be.
            # Escaped here: crispy-forms-gds writes a label as it is (``|safe``), and an
            # area's name is whatever a catalogue or dataset file said.
            self.fields[self.area_field(area.pk)] = forms.CharField(
                label=conditional_escape(area.name),
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                validators=[MaxLengthValidator(AREA_PARAGRAPH_LENGTH)],
                error_messages={
                    "max_length": f"The paragraph on {area.name} must be "
                    f"{AREA_PARAGRAPH_LENGTH:,} characters or fewer"
                },
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        if areas:
            self.helper.layout = Layout(
                "summary",
                Fieldset(
                    *(self.area_field(area.pk) for area in areas),
                    legend="A paragraph on each area (optional)",
                    legend_size="m",
                ),
            )

    @staticmethod
    def area_field(area_id: int | str) -> str:
        return f"area_{area_id}"

    @classmethod
    def initial_for(cls, narrative: Narrative) -> dict[str, str]:
        """The form's boxes filled with what ``narrative`` says."""
        return {"summary": narrative.summary} | {
            cls.area_field(area_id): text for area_id, text in narrative.areas.items()
        }

    def area_paragraphs(self) -> dict[int, str]:
        """What was written on each area, by area id (blank where nothing was)."""
        return {area.pk: self.cleaned_data[self.area_field(area.pk)] for area in self.areas}


class RecommendationForm(PlainErrors, forms.ModelForm):
    """A recommendation of the panel: what, who answers for it, by when, and where it is."""

    owner = PersonChoiceField(
        label="Owner",
        help_text="The person who answers for it.",
        queryset=get_user_model().objects.none(),
        empty_label="Choose a person",
        error_messages={"required": "Choose the owner", "invalid_choice": "Choose the owner"},
    )
    made_on = DateField(label="Date made", help_text=f"When the panel made it. {DATE_HINT}")
    due_date = DateField(label="Due date")

    class Meta:
        model = Recommendation
        fields = ["text", "owner", "made_on", "due_date", "status"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            "text": {"required": "Enter the recommendation or action"},
            "status": {"required": "Choose the status"},
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            get_user_model().objects.filter(is_active=True).order_by("first_name", "last_name")
        )
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        made_on, due_date = cleaned.get("made_on"), cleaned.get("due_date")
        if made_on and due_date and due_date < made_on:
            self.add_error("due_date", "The due date must be on or after the date it was made")
        return cleaned


class RecommendationUpdateForm(PlainErrors, forms.Form):
    date = DateField(label="Date of the update")
    text = forms.CharField(
        label="Update",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the update"},
    )
    status = forms.ChoiceField(
        label="Status now",
        choices=RecommendationStatus.choices,
        error_messages={"required": "Choose the status", "invalid_choice": "Choose the status"},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
