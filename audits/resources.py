"""The django-import-export resource of audits: the admin's import/export and the list export.

Its columns are the import layout (``month``, ``service_area``, ``case_reference``, ...), so
an exported file can be corrected and imported again. Cells are read with the same parsers
as the portal's import (``audits.parsing``), and each row is validated by the model.
"""

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget, Widget

from audits.models import FOCUS_5, Answer, Audit, AuditCycle, Grade, ServiceArea, Status
from audits.parsing import parse_answer, parse_grade, parse_status, parse_yes_no
from core.months import parse_month


class ParsedWidget(Widget):
    """Reads a cell with one of ``audits.parsing``'s parsers; writes the choice's label."""

    def __init__(self, parse: Callable[[str], Any], render: Callable[[Any], str]):
        super().__init__()
        self.parse = parse
        self.render_value = render

    def clean(self, value, row=None, **kwargs):
        return self.parse("" if value is None else str(value))

    def render(self, value, obj=None, **kwargs) -> str:
        return self.render_value(value)


class CycleWidget(Widget):
    """``YYYY-MM`` <-> the audit cycle of that month (created when missing, as in the issue)."""

    def clean(self, value, row=None, **kwargs) -> AuditCycle:
        cycle, _ = AuditCycle.objects.get_or_create(month=parse_month(str(value or "")))
        return cycle

    def render(self, value, obj=None, **kwargs) -> str:
        return value.key if value else ""


def _label(choices) -> Callable[[str], str]:
    return lambda value: choices(value).label if value else ""


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _answer(value: str) -> str:
    return {Answer.YES: "yes", Answer.NO: "no", Answer.NOT_APPLICABLE: "n/a"}.get(value, "")


def _field(name: str, widget: Widget) -> fields.Field:
    return fields.Field(attribute=name, column_name=name, widget=widget)


class AuditResource(resources.ModelResource):
    month = fields.Field(attribute="cycle", column_name="month", widget=CycleWidget())
    service_area = _field("service_area", ForeignKeyWidget(ServiceArea, "short_name"))
    auditor = _field("auditor", ForeignKeyWidget(get_user_model(), "username"))
    status = _field("status", ParsedWidget(parse_status, _label(Status)))
    grade = _field("grade", ParsedWidget(parse_grade, _label(Grade)))
    practitioner_discussion = _field("practitioner_discussion", ParsedWidget(parse_yes_no, _yes_no))
    chronology = _field("chronology", ParsedWidget(parse_answer, _answer))
    case_summary = _field("case_summary", ParsedWidget(parse_answer, _answer))
    genogram = _field("genogram", ParsedWidget(parse_answer, _answer))
    supervision_in_timescale = _field(
        "supervision_in_timescale", ParsedWidget(parse_answer, _answer)
    )
    visit_in_timescale = _field("visit_in_timescale", ParsedWidget(parse_answer, _answer))

    class Meta:
        model = Audit
        fields = (
            "month",
            "service_area",
            "case_reference",
            "auditor",
            "status",
            "grade",
            "practitioner_discussion",
            *FOCUS_5,
            "good_practice",
            "improvement",
        )
        export_order = fields
        import_id_fields = ("month", "case_reference")
        clean_model_instances = True
        skip_unchanged = True
        use_transactions = True

    def before_save_instance(self, instance: Audit, row, **kwargs) -> None:
        instance.recorded_by = kwargs.get("user")
