import django_tables2 as tables

from core.tables import order_blanks_as_postgresql
from indicators.models import Indicator

OWNER_ORDER = ("owner__last_name", "owner_name")
REPORTER_ORDER = ("reporter__last_name", "reporter_name")


class IndicatorTable(tables.Table):
    ref = tables.Column(linkify=("indicators:detail", {"pk": tables.A("pk")}), verbose_name="Ref")
    title = tables.Column(verbose_name="Indicator")
    area = tables.Column(order_by=("area__position", "area__name"))
    unit = tables.Column()
    # The account's name, else the name the dataset gave (people without an account).
    owner = tables.Column(accessor="owner_label", order_by=OWNER_ORDER)
    reporter = tables.Column(accessor="reporter_label", order_by=REPORTER_ORDER)
    active = tables.Column(accessor="active_to", verbose_name="Status", orderable=False)
    derived = tables.Column(accessor="pk", verbose_name="Value", orderable=False)

    class Meta:
        model = Indicator
        fields = ("ref", "title", "area", "unit", "preferred_direction", "owner", "reporter")
        sequence = (
            "ref",
            "title",
            "area",
            "unit",
            "preferred_direction",
            "owner",
            "reporter",
            "derived",
            "active",
        )
        caption = "Indicators"
        empty_text = "No indicators match these filters."

    def order_owner(self, queryset, is_descending: bool):
        return order_blanks_as_postgresql(queryset, OWNER_ORDER, descending=is_descending)

    def order_reporter(self, queryset, is_descending: bool):
        return order_blanks_as_postgresql(queryset, REPORTER_ORDER, descending=is_descending)

    def render_active(self, record: Indicator) -> str:
        if record.active_to:
            return f"Ended {record.active_to:%b %Y}"
        if record.active_from:
            return f"Since {record.active_from:%b %Y}"
        return "Active"

    def render_derived(self, record: Indicator) -> str:
        """Derived values are worked out from their counts, never entered."""
        return "Derived" if record.is_derived else "Entered"

    def value_derived(self, record: Indicator) -> str:
        return self.render_derived(record)

    def value_active(self, record: Indicator) -> str:
        return self.render_active(record)
