"""Every form's errors in the portal's own plain words, as the GOV.UK Design System writes
them ("Enter the month of the audit cycle", "Value for September 2016 must be a number"),
never Django's defaults ("This field is required.", "Enter a number.").

A form takes them by inheriting :class:`PlainErrors` first; a message a field sets itself is
kept. A date typed as day, month and year is a :class:`DateField`.
"""

from datetime import date

from crispy_forms_gds.fields import DateInputField
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, RegexValidator

CHOOSING = (forms.ChoiceField, forms.ModelChoiceField, forms.FileField, forms.BooleanField)


def _lower_first(label: str) -> str:
    """ "Case references" -> "case references"; "SN benchmark" stays as it is."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def plain_messages(field: forms.Field, *, name: str) -> dict[str, str]:
    """The messages a field of this kind can give, written for its label."""
    label = str(field.label or name.replace("_", " ").capitalize()).rstrip(":")
    what = _lower_first(label)
    if label.endswith("?"):
        required = f"Answer the question: {label}"
    elif isinstance(field, forms.FileField):
        required = f"Select the {what} to upload"
    elif isinstance(field, CHOOSING):
        required = f"Select the {what}"
    else:
        required = f"Enter the {what}"
    whole = isinstance(field, forms.IntegerField) and not isinstance(
        field, forms.DecimalField | forms.FloatField
    )
    messages = {
        "required": required,
        "invalid": f"{label} must be a {'whole number' if whole else 'number'}",
        "invalid_choice": f"Select the {what} from the list",
        "invalid_list": f"Select the {what} from the list",
        "max_length": f"{label} must be %(limit_value)d characters or fewer",
        "min_length": f"{label} must be %(limit_value)d characters or more",
        "min_value": f"{label} must be %(limit_value)s or more",
        "max_value": f"{label} must be %(limit_value)s or less",
        "max_digits": f"{label} must have at most %(max)s digits",
        "max_decimal_places": f"{label} must have at most %(max)s decimal places",
        "max_whole_digits": f"{label} must have at most %(max)s digits before the decimal point",
        "empty": f"The {what} you selected is empty",
        "missing": f"Select the {what} to upload",
        "contradiction": f"Select the {what} to upload, or untick the box to clear it",
    }
    if label.endswith("?"):
        messages["invalid_choice"] = f"Choose one of the answers to: {label}"
    if isinstance(field, forms.FileField):
        messages["invalid"] = f"The {what} could not be read: select it again"
    if isinstance(field, DateInputField):
        messages["invalid"] = f"{label} must be a real date"
        messages["incomplete"] = f"{label} must include a day, month and year"
        messages["required"] = f"Enter the {what}"
    return messages


class PlainErrors:
    """Form mixin: every field's Django default messages replaced by plain ones. A message
    the field was given on purpose (differing from Django's default) is kept.

    The messages are written as the form is cleaned, so fields added and labels set in a
    form's ``__init__`` are written for too."""

    def full_clean(self) -> None:
        for name, field in self.fields.items():
            defaults = {}
            for cls in reversed(type(field).__mro__):
                defaults.update(getattr(cls, "default_error_messages", {}))
            for code, message in plain_messages(field, name=name).items():
                if field.error_messages.get(code, defaults.get(code)) == defaults.get(code):
                    field.error_messages[code] = message
        super().full_clean()


class DateField(DateInputField):
    """A date as day, month and year boxes; an impossible date ("31 2 2024") is named as
    such rather than with Python's "day is out of range for month"."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        label = kwargs.get("label") or "The date"
        for box, part in zip(self.fields, ("day", "month", "year"), strict=True):
            box.validators = [RegexValidator(r"^[0-9]+$", f"{label} must have a {part} in figures")]

    def compress(self, data_list) -> date | None:
        day, month, year = data_list
        if not (day and month and year):
            return None
        try:
            return date(day=int(day), month=int(month), year=int(year))
        except ValueError:
            raise ValidationError(
                self.error_messages["invalid"] + ", for example 27 3 2024", code="invalid"
            ) from None


class SignInForm(PlainErrors, AuthenticationForm):
    """Sign-in, with the portal's words for a wrong username or password."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password. The password is case-sensitive.",
        "inactive": "This account is switched off. Ask the performance team to switch it on.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django sets the username's max_length after the field is made, without its check:
        # a longer one would reach authentication and the lockout log, which cannot hold it.
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))
