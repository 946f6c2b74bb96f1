from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from django import forms
from django.contrib.auth import get_user_model

from core.months import month_choices, parse_month
from core.people import display_name
from packs import selectors
from packs.models import Recommendation, RecommendationStatus


class BuildPackForm(forms.Form):
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


def _date_field(label: str, *, help_text: str = DATE_HINT, required: bool = True):
    return DateInputField(
        label=label,
        help_text=help_text,
        required=required,
        error_messages={
            "required": f"Enter the {label.lower()}",
            "incomplete": f"Enter the {label.lower()} as a day, month and year",
            "invalid": f"Enter the {label.lower()} as a real date, for example 27 3 2016",
        },
    )


class PersonChoiceField(forms.ModelChoiceField):
    """People by full name (username only where an account has no name)."""

    def label_from_instance(self, obj) -> str:
        return display_name(obj)


class NarrativeForm(forms.Form):
    summary = forms.CharField(
        label="Summary of the month",
        help_text="What the figures say: what improved, what worsened and what is being done. "
        "It opens the pack; a built version keeps the text it was built with.",
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={"required": "Enter the summary of the month"},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class RecommendationForm(forms.ModelForm):
    """A recommendation of the panel: what, who answers for it, by when, and where it is."""

    owner = PersonChoiceField(
        label="Owner",
        help_text="The person who answers for it.",
        queryset=get_user_model().objects.none(),
        empty_label="Choose a person",
        error_messages={"required": "Choose the owner", "invalid_choice": "Choose the owner"},
    )
    made_on = _date_field("Date made", help_text=f"When the panel made it. {DATE_HINT}")
    due_date = _date_field("Due date")

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


class RecommendationUpdateForm(forms.Form):
    date = _date_field("Date of the update")
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
