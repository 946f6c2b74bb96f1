"""The admin shows which indicators are counted from records, never the records themselves:
the performance team administers the catalogue, and only analysts read records (their pages)."""

from django.contrib import admin

from records.models import CountedIndicator


@admin.register(CountedIndicator)
class CountedIndicatorAdmin(admin.ModelAdmin):
    list_display = ("indicator", "definition")
    list_select_related = ("indicator",)
    autocomplete_fields = ("indicator",)
    search_fields = ("indicator__ref", "indicator__title")
