from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from indicators.models import Area, Benchmark, Indicator, MonthlyValue, Target
from indicators.resources import MonthlyValueResource


class BenchmarkInline(admin.TabularInline):
    model = Benchmark
    extra = 0


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("name", "position")
    list_editable = ("position",)


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("ref", "title", "area", "unit", "preferred_direction", "owner", "reporter")
    list_filter = ("area", "unit", "preferred_direction")
    search_fields = ("ref", "title")
    list_select_related = ("area", "owner", "reporter")
    autocomplete_fields = ("companion",)
    raw_id_fields = ("owner", "reporter")
    inlines = (BenchmarkInline, TargetInline)


@admin.register(MonthlyValue)
class MonthlyValueAdmin(ImportExportModelAdmin):
    resource_classes = (MonthlyValueResource,)
    list_display = ("indicator", "month", "value", "state", "updated_by", "updated_at")
    list_filter = ("state", "month", "indicator__area")
    search_fields = ("indicator__ref",)
    list_select_related = ("indicator", "updated_by")
    date_hierarchy = "month"
    raw_id_fields = ("indicator", "updated_by")
    # The state moves only through the return workflow (returns.services), with its events.
    readonly_fields = ("state", "version", "updated_by", "updated_at")
