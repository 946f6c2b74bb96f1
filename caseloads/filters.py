import django_filters

from caseloads.models import Caseload, QualifyingStatus, Service, Team
from caseloads.selectors import snapshot_months
from core.filters import yes_no
from core.months import month_choices, parse_month


class CaseloadFilter(django_filters.FilterSet):
    month = django_filters.TypedChoiceFilter(label="Month", coerce=parse_month)
    service = django_filters.ModelChoiceFilter(
        field_name="team__service",
        queryset=Service.objects.all(),
        label="Service",
        empty_label="Any service",
    )
    team = django_filters.ModelChoiceFilter(queryset=Team.objects.all(), empty_label="Any team")
    qualifying_status = django_filters.ModelChoiceFilter(
        queryset=QualifyingStatus.objects.all(), empty_label="Any qualifying status"
    )
    at_or_over = yes_no("At or over threshold")
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
