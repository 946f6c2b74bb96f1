from crispy_forms_gds.helper import FormHelper
from django import forms

from core.months import month_choices, parse_month
from packs import selectors


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
