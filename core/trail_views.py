"""The audit trail page for the performance team: a declaration on the shared list view."""

import django_filters
import django_tables2 as tables

from core.generic_views import ObjectListView
from core.models import AuditEvent
from core.tables import MomentColumn


class AuditEventTable(tables.Table):
    at = MomentColumn(verbose_name="When")
    username = tables.Column(verbose_name="Who")
    action = tables.Column(verbose_name="What")

    class Meta:
        model = AuditEvent
        fields = ("at", "username", "action", "detail", "ip_address", "path")
        caption = "Audit trail, newest first"
        empty_text = "No events match these filters."


class AuditEventFilterSet(django_filters.FilterSet):
    action = django_filters.ChoiceFilter(choices=AuditEvent.Action.choices, empty_label="Any")
    username = django_filters.CharFilter(label="Who (username)", lookup_expr="iexact")
    after = django_filters.DateFilter(field_name="at", lookup_expr="date__gte", label="From")
    before = django_filters.DateFilter(field_name="at", lookup_expr="date__lte", label="To")

    class Meta:
        model = AuditEvent
        fields = ["action", "username", "after", "before"]


class AuditTrailView(ObjectListView):
    queryset = AuditEvent.objects.all()
    filterset_class = AuditEventFilterSet
    table_class = AuditEventTable
    title = "Audit trail"
    permission_required = "core.view_auditevent"
