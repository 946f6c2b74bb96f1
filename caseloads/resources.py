"""django-import-export resources of the admin: reference data in and out, caseloads out.

Snapshots are imported only through the portal's import flow (``caseloads.importers``), which
previews, replaces a month whole and refuses a file with any error. Every export passes
through the formula neutralisation of ``core.exports``.
"""

from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget

from caseloads.models import Caseload, Practitioner, QualifyingStatus, Service, Team
from core.exports import neutralise_dataset


class RecordedResource(resources.ModelResource):
    """Records who imported each row, and neutralises formulas in every export."""

    def before_save_instance(self, instance, row, **kwargs) -> None:
        user = kwargs.get("user")
        instance.updated_by = user if user and user.is_authenticated else None

    def export(self, *args, **kwargs):
        return neutralise_dataset(super().export(*args, **kwargs))


class ServiceResource(RecordedResource):
    class Meta:
        model = Service
        import_id_fields = ("code",)
        fields = ("code", "name", "threshold")


class TeamResource(RecordedResource):
    service = fields.Field(
        attribute="service", column_name="service", widget=ForeignKeyWidget(Service, "code")
    )

    class Meta:
        model = Team
        import_id_fields = ("name",)
        fields = ("name", "service")


class QualifyingStatusResource(RecordedResource):
    class Meta:
        model = QualifyingStatus
        import_id_fields = ("name",)
        fields = ("name", "description", "newly_qualified", "position")


class PractitionerResource(RecordedResource):
    """Staff identifiers with display names, which the snapshot files do not carry."""

    class Meta:
        model = Practitioner
        import_id_fields = ("staff_id",)
        fields = ("staff_id", "display_name")


class CaseloadResource(RecordedResource):
    """Caseloads out, by staff identifier (pseudonymous, as the pack)."""

    practitioner = fields.Field(attribute="practitioner__staff_id", column_name="practitioner")
    team = fields.Field(attribute="team__name", column_name="team")
    qualifying_status = fields.Field(
        attribute="qualifying_status__name", column_name="qualifying_status"
    )

    class Meta:
        model = Caseload
        fields = ("month", "practitioner", "team", "qualifying_status", "allocations")
        export_order = fields

    def get_queryset(self):
        return super().get_queryset().select_related("practitioner", "team", "qualifying_status")
