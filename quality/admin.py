from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from quality import services
from quality.models import OutlierSetting, ValidationRule


@admin.register(ValidationRule)
class ValidationRuleAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "severity", "message", "active", "updated_by", "updated_at")
    list_filter = ("severity", "active", "operator")
    search_fields = ("left__ref", "right_indicator__ref", "message")
    list_select_related = ("left", "right_indicator", "updated_by")
    autocomplete_fields = ("left", "right_indicator")
    readonly_fields = ("updated_by", "updated_at")

    def save_model(self, request, obj, form, change):
        services.save_rule(rule=obj, user=request.user)


@admin.register(OutlierSetting)
class OutlierSettingAdmin(SimpleHistoryAdmin):
    list_display = ("indicator", "seasonal", "minimum_change")
    list_filter = ("seasonal",)
    search_fields = ("indicator__ref", "indicator__title")
    list_select_related = ("indicator",)
    autocomplete_fields = ("indicator",)
