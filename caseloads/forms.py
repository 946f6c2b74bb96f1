from datetime import date

from crispy_forms_gds.helper import FormHelper
from django import forms

from core.forms import PlainErrors
from core.months import month_choices, month_text, parse_month


class CaseloadImportOptionsForm(PlainErrors, forms.Form):
    """The options of a caseload import; kept as JSON on the import log, so the month is text."""

    month = forms.CharField(
        label="Month of the snapshot",
        help_text="Write it as YYYY-MM, for example 2026-10. Importing a month again replaces "
        "its snapshot.",
        max_length=7,
    )
    create_teams = forms.BooleanField(
        label="Create teams that are not known yet",
        help_text="A new team is created in the service whose code is the first word of its "
        "name, for example SWF for SWF East 5. Teams named without a code are placed by the "
        "team -> service rules in the admin; any other unknown team is asked about in the "
        "preview and its row left out.",
        required=False,
    )

    def clean_month(self) -> str:
        try:
            return month_text(parse_month(self.cleaned_data["month"]))
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error


class ReportMonthForm(PlainErrors, forms.Form):
    """Which month's report to show, among the months that have a snapshot."""

    month = forms.TypedChoiceField(label="Month", coerce=parse_month)

    def __init__(self, *args, months: list[date], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = month_choices(months)
        self.helper = FormHelper()
        self.helper.form_tag = False
