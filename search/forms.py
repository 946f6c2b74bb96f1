from crispy_forms_gds.helper import FormHelper
from django import forms

from core.forms import PlainErrors

MAX_QUERY_LENGTH = 100  # a ref, a title's words, a name or a month: never a paragraph


class SearchForm(PlainErrors, forms.Form):
    """What the header's search box and the results page send: the words searched for."""

    q = forms.CharField(
        label="Search indicators, people and packs",
        help_text="A ref (M1), words of a title, a person's name or a month (September 2016).",
        max_length=MAX_QUERY_LENGTH,
        required=False,  # an empty search shows the box and what it finds, not an error
        error_messages={
            "max_length": "Search for %(limit_value)d characters or fewer: the search box "
            "holds %(show_value)d"
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()  # the error summary's, above the page's heading
        self.helper.form_tag = False
