from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin

from core.admin_site import ReadOnlyAdmin
from indicators import selectors, services
from indicators.models import (
    Area,
    AreaRule,
    Benchmark,
    Indicator,
    MonthlyValue,
    Population,
    Target,
)
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


@admin.register(AreaRule)
class AreaRuleAdmin(admin.ModelAdmin):
    """The ref prefix -> area rules that place new indicators of a file without areas."""

    list_display = ("prefix", "area")
    list_select_related = ("area",)
    search_fields = ("prefix", "area__name")


class IndicatorForm(forms.ModelForm):
    """A formula edited here is refused as the catalogue file's would be: a cycle, or a chain
    of derived indicators deeper than the catalogue allows. (The admin gives it its model
    and fields.)"""

    def clean(self) -> dict:
        cleaned = super().clean()
        refusal = selectors.formula_refusal(
            indicator=self.instance,
            ref=cleaned.get("ref") or self.instance.ref,
            numerator=cleaned.get("numerator"),
            denominator=cleaned.get("denominator"),
        )
        if refusal:
            self.add_error("numerator", refusal)
        return cleaned


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    """The catalogue; "History" lists every change, by import or by hand, with who and why."""

    form = IndicatorForm

    list_display = ("ref", "title", "area", "unit", "preferred_direction", "owner_label",
                    "reporter_label")  # fmt: skip
    list_filter = ("area", "unit", "preferred_direction", "frequency")
    autocomplete_fields = ("companion", "numerator", "denominator")
    search_fields = ("ref", "title")
    list_select_related = ("area", "owner", "reporter")
    raw_id_fields = ("owner", "reporter")
    history_list_display = ("preferred_direction", "owner_name", "reporter_name")
    inlines = (BenchmarkInline, TargetInline)

    def save_model(self, request, obj, form, change):
        """A formula given here clears the indicator's stored figures, as everywhere else."""
        super().save_model(request, obj, form, change)
        services.clear_derived_figures(indicators=[obj], user=request.user)


@admin.register(Population)
class PopulationAdmin(admin.ModelAdmin):
    """The children aged 0-17 behind the rates per 10,000: reference data with its source."""

    list_display = ("year", "children", "source", "in_use_from")


@admin.register(MonthlyValue)
class MonthlyValueAdmin(ExportMixin, ReadOnlyAdmin):
    """Values are read and exported here, never written.

    A value changes only through the return pages (``returns.services.workflow``), which raise its
    version, ask for a reason when the month is published and run the data-quality checks;
    an admin form or import would do none of that. Refusing delete here also stops the
    admin deleting an indicator that has values (Django refuses a cascade into a model its
    admin may not delete).
    """

    resource_classes = (MonthlyValueResource,)
    list_display = ("indicator", "month", "value", "state", "updated_by", "updated_at")
    list_filter = ("state", "month", "indicator__area")
    search_fields = ("indicator__ref",)
    list_select_related = ("indicator", "updated_by")
    date_hierarchy = "month"
    readonly_fields = ("return_page",)

    @admin.display(description="Change it on")
    def return_page(self, obj: MonthlyValue) -> str:
        return format_html(
            '<a href="{}">its return page</a> (the admin cannot change values)',
            reverse("returns:value", args=[obj.pk]),
        )
