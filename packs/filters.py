"""The filter form of the packs list."""

import django_filters

from core.filters import yes_no
from packs.models import OUTSTANDING, Pack, Recommendation, RecommendationStatus, Status


class PackFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Status.choices, empty_label="Any status")
    published = yes_no("Published", field_name="published_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Pack
        fields = ["status", "published"]


class PublishedPackFilterSet(django_filters.FilterSet):
    """Readers see published versions only: they filter by year, not by build status."""

    year = django_filters.NumberFilter(field_name="month__year", label="Year")

    class Meta:
        model = Pack
        fields = ["year"]


class RecommendationFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=RecommendationStatus.choices, empty_label="Any status"
    )
    outstanding = yes_no("Still owed (open or in progress)", method="filter_outstanding")

    class Meta:
        model = Recommendation
        fields = ["status", "outstanding"]

    def filter_outstanding(self, queryset, name, value):
        if value is None:
            return queryset
        return (
            queryset.filter(status__in=OUTSTANDING)
            if value
            else queryset.exclude(status__in=OUTSTANDING)
        )
