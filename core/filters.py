"""Filter pieces every list page shares, so each reads the same: people by their full name
(as the tables name them) and plain "Any ..." / Yes / No choices, never "---------"."""

import django_filters
from django import forms

from core.people import display_name


class PersonChoiceField(forms.ModelChoiceField):
    """A choice of person, labelled as tables name them (``core.people.display_name``)."""

    def label_from_instance(self, obj) -> str:
        return display_name(obj)


class PersonFilter(django_filters.ModelChoiceFilter):
    """A filter by person, listed by full name in name order."""

    field_class = PersonChoiceField

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("first_name", "last_name", "username")


def yes_no(label: str, **options) -> django_filters.BooleanFilter:
    """A yes / no filter whose blank choice reads "Any" (Django's reads "Unknown")."""
    return django_filters.BooleanFilter(
        label=label,
        widget=forms.Select(choices=[("", "Any"), ("true", "Yes"), ("false", "No")]),
        **options,
    )
