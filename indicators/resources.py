"""django-import-export resource for the long layout (ref, month, value, commentary).

The admin's import and export use it. It is the library's row-by-row path: right for a
few corrections, too slow for the monthly file, which goes through the portal's own
planner (``dataset_import.plan``); ``bench/import_dataset.py`` compares the two.
"""

from datetime import date, datetime

from import_export import fields, resources, widgets

from core.exports import neutralise_formula
from core.months import first_of_month, month_text, parse_month
from indicators.models import Indicator, MonthlyValue


class MonthWidget(widgets.Widget):
    """A month written ``YYYY-MM`` (or a date within it), stored as its first day."""

    def clean(self, value, row=None, **kwargs) -> date | None:
        if value in (None, ""):
            return None
        if isinstance(value, datetime | date):
            return first_of_month(value)
        return parse_month(str(value))

    def render(self, value, obj=None, **kwargs) -> str:
        return month_text(value) if value else ""


class SafeCharWidget(widgets.CharWidget):
    def render(self, value, obj=None, **kwargs):
        return neutralise_formula(super().render(value, obj, **kwargs))


class MonthlyValueResource(resources.ModelResource):
    ref = fields.Field(
        column_name="ref",
        attribute="indicator",
        widget=widgets.ForeignKeyWidget(Indicator, field="ref"),
    )
    month = fields.Field(column_name="month", attribute="month", widget=MonthWidget())
    commentary = fields.Field(
        column_name="commentary", attribute="commentary", widget=SafeCharWidget()
    )

    class Meta:
        model = MonthlyValue
        fields = ("ref", "month", "value", "commentary")
        import_id_fields = ("ref", "month")
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
