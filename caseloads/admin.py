from django.contrib import admin
from import_export.admin import ExportMixin, ImportExportModelAdmin

from caseloads import resources
from caseloads.models import (
    Caseload,
    Practitioner,
    QualifyingStatus,
    Service,
    Team,
    TeamServiceRule,
)

RECORDED = ("updated_by", "updated_at")


class RecordedAdmin(admin.ModelAdmin):
    """Every change in the admin records who made it (``updated_at`` is automatic)."""

    readonly_fields = RECORDED

    def save_model(self, request, obj, form, change) -> None:
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Service)
class ServiceAdmin(ImportExportModelAdmin, RecordedAdmin):
    resource_classes = [resources.ServiceResource]
    list_display = ("code", "name", "threshold", *RECORDED)


@admin.register(Team)
class TeamAdmin(ImportExportModelAdmin, RecordedAdmin):
    resource_classes = [resources.TeamResource]
    list_display = ("name", "service", *RECORDED)
    list_filter = ("service",)
    list_select_related = ("service", "updated_by")
    search_fields = ("name",)
    filter_horizontal = ("managers",)


@admin.register(TeamServiceRule)
class TeamServiceRuleAdmin(RecordedAdmin):
    """The team -> service list the caseload import reads for teams named without a code."""

    list_display = ("team_name", "service", *RECORDED)
    list_filter = ("service",)
    list_select_related = ("service", "updated_by")
    search_fields = ("team_name",)


@admin.register(QualifyingStatus)
class QualifyingStatusAdmin(ImportExportModelAdmin, RecordedAdmin):
    resource_classes = [resources.QualifyingStatusResource]
    list_display = ("name", "description", "newly_qualified", "position", *RECORDED)
    list_editable = ("position",)


@admin.register(Practitioner)
class PractitionerAdmin(ImportExportModelAdmin, RecordedAdmin):
    resource_classes = [resources.PractitionerResource]
    list_display = ("staff_id", "display_name", *RECORDED)
    list_select_related = ("updated_by",)
    search_fields = ("staff_id", "display_name")


@admin.register(Caseload)
class CaseloadAdmin(ExportMixin, RecordedAdmin):
    """Snapshots are imported on the portal's import page, which replaces a month whole."""

    resource_classes = [resources.CaseloadResource]
    list_display = ("month", "practitioner", "team", "qualifying_status", "allocations", *RECORDED)
    list_filter = ("month", "team__service", "qualifying_status")
    list_select_related = ("practitioner", "team", "qualifying_status", "updated_by")
    search_fields = ("practitioner__staff_id", "team__name")
    autocomplete_fields = ("team",)
    raw_id_fields = ("practitioner",)
    date_hierarchy = "month"
