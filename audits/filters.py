"""The filter forms of the audit lists."""

import django_filters
from django.contrib.auth import get_user_model

from audits.models import Audit, AuditCycle, Grade, ServiceArea, Status
from core.filters import PersonFilter, yes_no


def _auditors(request):
    return get_user_model().objects.filter(audits_allocated__isnull=False).distinct()


class MyAuditFilterSet(django_filters.FilterSet):
    cycle = django_filters.ModelChoiceFilter(
        label="Month", queryset=AuditCycle.objects.all(), empty_label="Any month"
    )
    status = django_filters.ChoiceFilter(choices=Status.choices, empty_label="Any status")

    class Meta:
        model = Audit
        fields = ["cycle", "status"]


class AuditFilterSet(MyAuditFilterSet):
    service_area = django_filters.ModelChoiceFilter(
        queryset=ServiceArea.objects.all(), empty_label="Any service area"
    )
    grade = django_filters.ChoiceFilter(choices=Grade.choices, empty_label="Any grade")
    auditor = PersonFilter(queryset=_auditors, empty_label="Any auditor")

    class Meta:
        model = Audit
        fields = ["cycle", "service_area", "status", "grade", "auditor"]


class CycleFilterSet(django_filters.FilterSet):
    theme = django_filters.CharFilter(label="Theme contains", lookup_expr="icontains")

    class Meta:
        model = AuditCycle
        fields = ["theme"]


class ServiceAreaFilterSet(django_filters.FilterSet):
    active = yes_no("Active")

    class Meta:
        model = ServiceArea
        fields = ["active"]
