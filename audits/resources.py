"""The django-import-export resource of audits, for export only: the admin's and the list's.

Its columns are the import layout (``month``, ``service_area``, ``case_reference``, ...), so
an exported file can be corrected and imported again - by the portal's importer
(``audits.importers``), the one way audits come into the database. Why one: the admin's
import used to be a second way with other rules (a blank status became "allocated" and a
blank grade wiped the stored one, where the portal's importer leaves both as they are).
"""

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget, Widget

from audits.models import FOCUS_5, Answer, Audit, Grade, ServiceArea, Status

EXPORT_ONLY = (
    "Audits are imported on the portal's import page (or manage.py import_audits) only; "
    "this resource exports them."
)


class RenderedWidget(Widget):
    """Writes a cell as the portal's importer reads it back (a choice's label, yes/no)."""

    def __init__(self, render: Callable[[Any], str]):
        super().__init__()
        self.render_value = render

    def render(self, value, obj=None, **kwargs) -> str:
        return self.render_value(value)


class CycleWidget(Widget):
    """The audit cycle as its month, ``YYYY-MM``."""

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
    status = _field("status", RenderedWidget(_label(Status)))
    grade = _field("grade", RenderedWidget(_label(Grade)))
    practitioner_discussion = _field("practitioner_discussion", RenderedWidget(_yes_no))
    chronology = _field("chronology", RenderedWidget(_answer))
    case_summary = _field("case_summary", RenderedWidget(_answer))
    genogram = _field("genogram", RenderedWidget(_answer))
    supervision_in_timescale = _field("supervision_in_timescale", RenderedWidget(_answer))
    visit_in_timescale = _field("visit_in_timescale", RenderedWidget(_answer))

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

    def import_data(self, *args, **kwargs):
        """Refused: there is one way in (the portal's importer), with its rules."""
        raise NotImplementedError(EXPORT_ONLY)
