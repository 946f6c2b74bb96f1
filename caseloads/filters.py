import django_filters
from django import forms

from caseloads.models import Caseload, QualifyingStatus, Service, Team
from caseloads.selectors import snapshot_months
from core.months import month_choices, parse_month


class CaseloadFilter(django_filters.FilterSet):
    month = django_filters.TypedChoiceFilter(label="Month", coerce=parse_month)
    service = django_filters.ModelChoiceFilter(
        field_name="team__service", queryset=Service.objects.all(), label="Service"
    )
    team = django_filters.ModelChoiceFilter(queryset=Team.objects.all())
    qualifying_status = django_filters.ModelChoiceFilter(queryset=QualifyingStatus.objects.all())
    at_or_over = django_filters.BooleanFilter(
        label="At or over threshold",
        widget=forms.Select(choices=[("", "Any"), ("true", "Yes"), ("false", "No")]),
    )
    staff_id = django_filters.CharFilter(
        field_name="practitioner__staff_id", lookup_expr="iexact", label="Staff identifier"
    )

    class Meta:
        model = Caseload
        fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        months = month_choices(snapshot_months())
        self.filters["month"].extra["choices"] = [("", "Any month"), *months]
