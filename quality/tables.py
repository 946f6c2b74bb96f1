import django_tables2 as tables

from core.tables import DayColumn
from quality.models import ValidationRule


class RuleTable(tables.Table):
    rule = tables.Column(
        accessor="pk",
        verbose_name="Rule",
        linkify=("quality:rule-edit", {"pk": tables.A("pk")}),
        order_by=("left__ref",),
    )
    severity = tables.Column()
    message = tables.Column()
    active = tables.BooleanColumn(yesno="Yes,No")
    updated_at = DayColumn(verbose_name="Last changed")

    class Meta:
        model = ValidationRule
        fields = ("rule", "severity", "message", "active", "updated_at")
        caption = "Validation rules"
        empty_text = "No rules match these filters."

    def render_rule(self, record: ValidationRule) -> str:
        return str(record)

    def value_rule(self, record: ValidationRule) -> str:
        return str(record)
