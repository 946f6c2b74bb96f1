"""Admin for the audits app: audits are exported here (django-import-export), in the
portal's import layout, and never imported: the portal's import page (``/audits/import/``,
``audits.importers``) is the one way audits come into the database.
"""

from django.contrib import admin
from import_export.admin import ExportMixin

from audits.models import Audit, AuditCycle, ServiceArea
from audits.resources import AuditResource


@admin.register(ServiceArea)
class ServiceAreaAdmin(admin.ModelAdmin):
    list_display = ("short_name", "name", "active")
    list_filter = ("active",)


@admin.register(AuditCycle)
class AuditCycleAdmin(admin.ModelAdmin):
    list_display = ("label", "theme", "published_at")
    readonly_fields = ("published_at", "published_by")


@admin.register(Audit)
class AuditAdmin(ExportMixin, admin.ModelAdmin):
    resource_classes = [AuditResource]
    list_display = ("case_reference", "cycle", "service_area", "auditor", "status", "grade")
    list_filter = ("cycle", "service_area", "status", "grade")
    list_select_related = ("cycle", "service_area", "auditor")
    search_fields = ("case_reference",)
    readonly_fields = ("recorded_by", "created_at", "updated_at")

    def has_export_permission(self, request) -> bool:
        return request.user.has_perm("audits.view_audit")

    def save_model(self, request, obj, form, change) -> None:
        obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
