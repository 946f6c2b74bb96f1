"""The API's query filters. A malformed filter is a 400 that says what was expected."""

import django_filters
from drf_spectacular.utils import extend_schema_field

from core.months import MONTH_PATTERN, MonthField
from indicators import filters as catalogue
from indicators.models import MonthlyValue, ValueState


@extend_schema_field({"type": "string", "pattern": MONTH_PATTERN, "example": "2016-09"})
class MonthFilter(django_filters.Filter):
    field_class = MonthField


class MonthRangeFilterSet(django_filters.FilterSet):
    month_from = MonthFilter(field_name="month", lookup_expr="gte", label="From month (YYYY-MM)")
    month_to = MonthFilter(field_name="month", lookup_expr="lte", label="To month (YYYY-MM)")


class IndicatorFilterSet(catalogue.IndicatorFilterSet):
    """The catalogue page's filters, with areas and people by name rather than by id: a BI
    tool's query is written by hand."""

    ref = django_filters.CharFilter(field_name="ref")
    area = django_filters.CharFilter(field_name="area__name", lookup_expr="iexact")
    owner = django_filters.CharFilter(field_name="owner__username", label="Owner's username")
    reporter = django_filters.CharFilter(
        field_name="reporter__username", label="Reporter's username"
    )

    class Meta(catalogue.IndicatorFilterSet.Meta):
        fields = ["q", "ref", "area", "owner", "reporter", "unit", "active"]


class RefsFilter(django_filters.BaseInFilter, django_filters.CharFilter):
    pass


class MonthlyValueFilterSet(MonthRangeFilterSet):
    """The monthly values' filters, as the schema documents them. The list checks them here
    and ``api.selectors.listed_values`` applies them, to derived rows as to entered ones (a
    derived row may have no stored value to filter)."""

    ref = RefsFilter(field_name="indicator__ref", label="Refs, separated by commas")
    area = django_filters.CharFilter(field_name="indicator__area__name", lookup_expr="iexact")
    state = django_filters.ChoiceFilter(choices=ValueState.choices)

    class Meta:
        model = MonthlyValue
        fields = ["ref", "area", "month_from", "month_to", "state"]
