import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q

from core import clock
from core.filters import PersonFilter, yes_no
from indicators.models import Area, Indicator, Unit


def _people(related_name: str):
    def queryset(request):
        return get_user_model().objects.filter(**{f"{related_name}__isnull": False}).distinct()

    return queryset


class IndicatorFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Ref or title contains", method="search")
    area = django_filters.ModelChoiceFilter(queryset=Area.objects.all(), empty_label="Any area")
    owner = PersonFilter(queryset=_people("owned_indicators"), empty_label="Any owner")
    reporter = PersonFilter(queryset=_people("reported_indicators"), empty_label="Any reporter")
    unit = django_filters.ChoiceFilter(choices=Unit.choices, empty_label="Any unit")
    active = yes_no("Active this month", method="filter_active")

    class Meta:
        model = Indicator
        fields = ["q", "area", "owner", "reporter", "unit", "active"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(ref__icontains=value) | Q(title__icontains=value))

    def filter_active(self, queryset, name, value):
        month = clock.today().replace(day=1)
        active = queryset.active_in(month)
        return active if value else queryset.exclude(pk__in=active.values("pk"))
