"""The validation rule form, in GOV.UK markup through crispy-forms-gds."""

from crispy_forms_gds.helper import FormHelper
from django import forms

from core.forms import PlainErrors
from indicators.models import Indicator
from quality.models import Operator, ValidationRule

FACTORS = ("left_factor", "tolerance_pct", "right_factor", "right_divisor", "constant")


class RuleForm(PlainErrors, forms.ModelForm):
    class Meta:
        model = ValidationRule
        fields = (
            "left",
            "left_factor",
            "operator",
            "tolerance_pct",
            "right_indicator",
            "right_factor",
            "right_divisor",
            "constant",
            "severity",
            "message",
            "active",
        )
        widgets = {
            "severity": forms.RadioSelect,
            **{
                name: forms.TextInput(
                    attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}
                )
                for name in FACTORS
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        indicators = Indicator.objects.order_by("ref")
        self.fields["left"].queryset = indicators
        self.fields["left"].empty_label = "Choose an indicator"
        self.fields["right_indicator"].queryset = indicators
        self.fields["right_indicator"].empty_label = "No indicator: compare with a constant"
        self.fields["operator"].choices = [("", "Choose how they compare"), *Operator.choices]
        for name in FACTORS:  # 10000 rather than 10000.000000
            value = self.initial.get(name)
            if value is not None:
                self.initial[name] = f"{value.normalize():f}"
        self.helper = FormHelper()
        self.helper.form_tag = False
