"""The records upload form: one XLSX with a sheet per list, or one CSV per list."""

from crispy_forms_gds.helper import FormHelper
from django import forms

from core.forms import PlainErrors
from records.recounting import NO_REASON


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class RecordsUploadForm(PlainErrors, forms.Form):
    files = MultipleFileField(
        label="Annex A lists",
        help_text="One .xlsx with a sheet per list, or one .csv per list (choose several).",
        error_messages={"required": "Choose the file or files of the lists to upload."},
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        for upload in files:
            if not upload.name.lower().endswith((".xlsx", ".xlsm", ".csv")):
                raise forms.ValidationError(
                    f"{upload.name} is not an .xlsx or .csv file: upload the lists as one "
                    "workbook or as CSV files."
                )
        return files


class ApplyCountsForm(PlainErrors, forms.Form):
    seen = forms.CharField(
        widget=forms.HiddenInput,
        error_messages={"required": "The page was not sent whole: open the counted figures again."},
    )
    revision_reason = forms.CharField(
        label="Why are held values revised? (optional)",
        help_text="Needed only to replace values past draft or in a locked or published "
        "month; recorded with each revision.",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RecountForm(PlainErrors, forms.Form):
    reason = forms.CharField(
        label="Why are these figures recounted?",
        help_text="Recorded with every recounted value, e.g. the release that changed the "
        "definition or why the indicator was mapped to another.",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": NO_REASON},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()  # for the page's error summary
        self.helper.form_tag = False  # the page writes the form, with its button
