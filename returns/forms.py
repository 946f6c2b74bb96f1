"""Forms of the monthly return, in GOV.UK markup through crispy-forms-gds."""

from decimal import Decimal

from crispy_forms_gds.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError

from core.forms import DateField, PlainErrors
from core.models import ReportingPeriod
from core.months import month_name, parse_month
from indicators.models import COMMENTARY_MAX_LENGTH, BlankReason, MonthlyValue
from indicators.units import EXPECTATIONS, read_value, value_problem
from quality.selectors import fraction_question


def _helper() -> FormHelper:
    """No <form> tag (the page writes it, with its buttons); errors go in the error summary."""
    helper = FormHelper()
    helper.form_tag = False
    return helper


def _plain(value: Decimal | None) -> str:
    """A stored value as typed: 6 rather than 6.0000, 27.5 rather than 27.5000."""
    return "" if value is None else f"{value.normalize():f}"


class ValueForm(PlainErrors, forms.Form):
    """A month's value and commentary, with the version it was read at (optimistic locking)."""

    # Text, read by ``read_value``: people type "1,480" and "28%", as the dataset shows them.
    value = forms.CharField(
        required=False,
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "class": "govuk-input--width-10", "spellcheck": "false"}
        ),
    )
    blank_reason = forms.ChoiceField(
        label="If the value is blank, why?",
        required=False,
        choices=[choice for choice in BlankReason.choices if choice[0]],
        widget=forms.RadioSelect,
        help_text="A blank value is passed on, submitted or accepted only with its reason, "
        "which the pack shows beside it.",
    )
    blank_reason_text = forms.CharField(
        label="The reason in your words",
        required=False,
        max_length=500,
        help_text="Needed for another reason; optional beside a listed one.",
    )
    commentary = forms.CharField(
        required=False,
        max_length=COMMENTARY_MAX_LENGTH,
        error_messages={
            "max_length": f"Commentary must be {COMMENTARY_MAX_LENGTH:,} characters or fewer: "
            "it has %(show_value)s characters."
        },
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Why the figure moved and what is being done, in at most "
        f"{COMMENTARY_MAX_LENGTH:,} characters. No names or case references.",
    )
    reason = forms.CharField(
        label="Reason for the revision",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="This month has been published, so the change is recorded as a revision and "
        "its reason is shown with it.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, data=None, *, monthly_value: MonthlyValue, revision: bool):
        initial = {
            "value": _plain(monthly_value.value),
            "blank_reason": monthly_value.blank_reason,
            "blank_reason_text": monthly_value.blank_reason_text,
            "commentary": monthly_value.commentary,
            "version": monthly_value.version,
        }
        super().__init__(data, initial=initial)
        self.unit = monthly_value.indicator.unit
        self.question = (
            self._question(monthly_value, data.get("value", "")) if data is not None else None
        )
        if self.question:  # asked once, beside the value: correct it, or confirm it
            self.fields["confirm_value"] = forms.BooleanField(
                label="The value is right as I typed it", required=False
            )
            self.order_fields(["value", "confirm_value"])
        self.fields["value"].label = f"Value for {monthly_value.month:%B %Y}"
        self.fields["value"].help_text = (
            f"{EXPECTATIONS[self.unit].capitalize()}. Leave it empty if the figure is missing: "
            "missing is not zero."
        )
        if not revision:
            del self.fields["reason"]
        self.helper = _helper()

    def clean_value(self):
        try:
            value = read_value(self.cleaned_data["value"], unit=self.unit)
        except ValueError as unreadable:
            raise ValidationError(str(unreadable)) from None
        if problem := value_problem(unit=self.unit, value=value):
            raise ValidationError(problem)
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("value") is not None:  # a figure needs no reason for being blank
            cleaned["blank_reason"], cleaned["blank_reason_text"] = "", ""
        elif cleaned.get("blank_reason_text") and not cleaned.get("blank_reason"):
            cleaned["blank_reason"] = BlankReason.OTHER
        elif cleaned.get("blank_reason") == BlankReason.OTHER and not cleaned.get(
            "blank_reason_text"
        ):
            self.add_error(
                "blank_reason_text",
                "Write why the value is blank, or choose one of the listed reasons.",
            )
        if self.question and not cleaned.get("confirm_value"):
            self.add_error(
                "value",
                f'{self.question} Correct the value, or tick "The value is right as I typed '
                'it" and save again.',
            )
        return cleaned

    def _question(self, monthly_value: MonthlyValue, typed: str) -> str | None:
        """The checks' question on a newly typed value ("did you mean 28%?"); None for a
        value that cannot be read (its own error says why) or that is already stored."""
        try:
            value = read_value(typed, unit=self.unit)
        except ValueError:
            return None
        if value == monthly_value.value:
            return None
        return fraction_question(monthly_value=monthly_value, value=value)


class ReasonForm(PlainErrors, forms.Form):
    """Why values are returned, or a month reopened: the person who gets them back reads it."""

    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, label: str, help_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].help_text = help_text
        self.helper = _helper()


class OpenPeriodForm(PlainErrors, forms.Form):
    month = forms.CharField(
        max_length=7,
        help_text="Year and month, for example 2016-09.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "spellcheck": "false"}),
    )
    due_date = DateField(
        label="Due date",
        required=False,
        require_all_fields=False,
        help_text="For example 14 10 2016. Left empty, it is the set number of working days "
        "after the month ends, skipping bank holidays.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_month(self):
        try:
            month = parse_month(self.cleaned_data["month"])
        except ValueError:
            raise ValidationError(
                "Enter the month as year and month, for example 2016-09."
            ) from None
        if ReportingPeriod.objects.filter(month=month).exists():
            raise ValidationError(f"{month_name(month)} is already open for returns.")
        return month
