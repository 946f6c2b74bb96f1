"""Filters of the worklists: by state, area and people, and what was returned or is missing."""

import django_filters
from django.db.models import Q

from core.filters import PersonFilter, yes_no
from core.models import PeriodStatus, ReportingPeriod
from indicators.filters import _people
from indicators.models import Area, ValueState
from returns import selectors


class ReturnFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Ref or title contains", method="search")
    returned = yes_no("Returned", method="filter_returned")

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(indicator__ref__icontains=value) | Q(indicator__title__icontains=value)
        )

    def filter_returned(self, queryset, name, value):
        returned = selectors.returned(queryset)
        return returned if value else queryset.exclude(pk__in=returned.values("pk"))


class StateFilterSet(ReturnFilterSet):
    state = django_filters.ChoiceFilter(choices=ValueState.choices, empty_label="Any state")


class OverviewFilterSet(StateFilterSet):
    area = django_filters.ModelChoiceFilter(
        field_name="indicator__area", queryset=Area.objects.all(), empty_label="Any area"
    )
    owner = PersonFilter(
        field_name="indicator__owner", queryset=_people("owned_indicators"), empty_label="Any owner"
    )
    reporter = PersonFilter(
        field_name="indicator__reporter",
        queryset=_people("reported_indicators"),
        empty_label="Any reporter",
    )
    missing = yes_no("Value or commentary missing", method="filter_missing")

    def filter_missing(self, queryset, name, value):
        gap = Q(value__isnull=True) | Q(commentary__regex=r"^\s*$")
        return queryset.filter(gap) if value else queryset.exclude(gap)


class PeriodFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=PeriodStatus.choices, empty_label="Any status")

    class Meta:
        model = ReportingPeriod
        fields = ["status"]
