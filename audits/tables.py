"""The audits app's list tables (django-tables2, GOV.UK markup from core/table.html)."""

import django_tables2 as tables

from audits.models import Audit, AuditCycle, ServiceArea
from core.tables import DayColumn, MomentColumn


class AuditTable(tables.Table):
    cycle = tables.Column(verbose_name="Month", order_by=("cycle__month",))
    case_reference = tables.Column(linkify=("audits:record", {"pk": tables.A("pk")}))
    auditor = tables.Column(accessor="auditor__get_full_name", order_by=("auditor__last_name",))
    recorded_by = tables.Column(
        verbose_name="Last changed by",
        accessor="recorded_by__get_full_name",
        order_by=("recorded_by__last_name",),
    )
    updated_at = MomentColumn(verbose_name="Last changed")
    allocation = tables.LinkColumn(
        "audits:allocation",
        args=[tables.A("pk")],
        text="Edit allocation",
        verbose_name="Allocation",
        orderable=False,
        exclude_from_export=True,
    )

    class Meta:
        model = Audit
        fields = (
            "cycle",
            "service_area",
            "case_reference",
            "auditor",
            "status",
            "grade",
            "completed_on",
        )
        sequence = (*fields, "updated_at", "recorded_by", "allocation")
        caption = "Audits"
        empty_text = "No audits match these filters."


class MyAuditTable(AuditTable):
    """An auditor's own audits: the record link, without the QA unit's columns."""

    class Meta(AuditTable.Meta):
        exclude = ("auditor", "recorded_by", "allocation")
        caption = "Audits allocated to you"
        empty_text = "No audits are allocated to you."


class CycleTable(tables.Table):
    month = tables.Column(
        verbose_name="Month",
        accessor="label",
        order_by=("month",),
        linkify=("audits:report", {"month": tables.A("month")}),
    )
    allocated = tables.Column()
    completed = tables.Column()
    published_at = DayColumn(verbose_name="Published", default="Not published")

    class Meta:
        model = AuditCycle
        fields = ("month", "theme", "allocated", "completed", "published_at")
        caption = "Audit cycles"
        empty_text = "No audit cycles yet."


class ServiceAreaTable(tables.Table):
    short_name = tables.Column(linkify=("audits:service-area-edit", {"pk": tables.A("pk")}))
    active = tables.BooleanColumn(yesno="Yes,No")

    class Meta:
        model = ServiceArea
        fields = ("short_name", "name", "active")
        caption = "Service areas"
        empty_text = "No service areas."
