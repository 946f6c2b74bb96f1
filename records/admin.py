"""The admin shows which indicators are counted from records, never the records themselves:
the performance team administers the catalogue, and only analysts read records (their pages).
Local definitions are kept here by the records analysts (``records.roles``): checked field by
field (``LocalDefinition.clean``), saved through ``services.save_local_definition`` (which
raises the version when what is counted changes); the standard ones are read at
``/records/definitions/``."""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from records import selectors, services
from records.models import CountedIndicator, LocalDefinition


class CountedIndicatorForm(forms.ModelForm):
    definition = forms.ChoiceField(
        choices=selectors.definition_choices,
        help_text="A standard definition (records.definitions) or a local one.",
    )

    class Meta:
        model = CountedIndicator
        fields = ("indicator", "definition")


@admin.register(CountedIndicator)
class CountedIndicatorAdmin(admin.ModelAdmin):
    form = CountedIndicatorForm
    list_display = ("indicator", "definition")
    list_select_related = ("indicator",)
    autocomplete_fields = ("indicator",)
    search_fields = ("indicator__ref", "indicator__title")


@admin.register(LocalDefinition)
class LocalDefinitionAdmin(SimpleHistoryAdmin):
    list_display = ("key", "title", "list_key", "measure", "version")
    list_filter = ("list_key", "measure")
    search_fields = ("key", "title")
    readonly_fields = ("version",)
    actions = None  # no bulk delete: an indicator may be counted by a definition
    fieldsets = (
        (None, {"fields": ("key", "title", "source", "version")}),
        (
            "What is counted",
            {
                "description": "The columns of each list are listed on the definitions page "
                "(/records/definitions/).",
                "fields": ("list_key", "placing", "event", "start", "end", "distinct_children"),
            },
        ),
        ("Filters", {"fields": ("code_column", "codes", "age_low", "age_high")}),
        (
            "Measure",
            {
                "fields": (
                    "measure",
                    "condition",
                    "condition_start",
                    "condition_end",
                    "condition_days",
                    "condition_column",
                    "condition_codes",
                    "noun",
                )
            },
        ),
    )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        # The key names the definition on counted values: fixed once saved.
        form.base_fields["key"].disabled = obj is not None
        return form

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and CountedIndicator.objects.filter(definition=obj.key).exists():
            return False  # an indicator is counted by it
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        services.save_local_definition(definition=obj, user=request.user)
