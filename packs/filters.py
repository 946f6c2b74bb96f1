"""The filter form of the packs list."""

import django_filters

from packs.models import Pack, Status


class PackFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Status.choices, empty_label="Any status")
    published = django_filters.BooleanFilter(
        label="Published", field_name="published_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Pack
        fields = ["status", "published"]
