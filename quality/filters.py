import django_filters
from django.db.models import Q

from core.filters import yes_no
from quality.models import Severity, ValidationRule


class RuleFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Ref or message contains", method="search")
    severity = django_filters.ChoiceFilter(choices=Severity.choices, empty_label="Any severity")
    active = yes_no("Active")

    class Meta:
        model = ValidationRule
        fields = ["q", "severity", "active"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(left__ref__icontains=value)
            | Q(right_indicator__ref__icontains=value)
            | Q(message__icontains=value)
        )
