"""The monthly dataset in the shared import flow (``imports.plans``)."""

from typing import Any

from django import forms

from core.forms import PlainErrors
from dataset_import import services
from dataset_import.dataset_file import read_dataset
from dataset_import.plan import plan_dataset
from imports.plans import Conflict, ConflictError, ImportPlan
from indicators import value_writes
from indicators.value_writes import ReadValues


class DatasetImportOptions(PlainErrors, forms.Form):
    create_indicators = forms.BooleanField(
        required=False,
        label="Create indicators that are not in the catalogue",
        help_text="Otherwise an unknown ref is an error.",
    )
    allow_revisions = forms.BooleanField(
        required=False,
        label="Allow revisions of submitted or accepted values",
        help_text="Each one is recorded as a revision. Otherwise they are reported as conflicts.",
    )


class DatasetImporter:
    kind = "dataset"
    title = "Import the monthly dataset"
    permission = "indicators.import_dataset"
    options_form = DatasetImportOptions
    revisions_option = "allow_revisions"

    def plan(self, *, data: bytes, filename: str, options: dict[str, Any], user) -> ImportPlan:
        return plan_dataset(
            parsed=read_dataset(data, filename=filename),
            create_indicators=bool(options.get("create_indicators")),
            allow_revisions=bool(options.get("allow_revisions")),
        )

    def apply(self, plan: ImportPlan, *, user, options: dict[str, Any]) -> None:
        services.apply_dataset(
            plan.payload,
            read=ReadValues.from_json(plan.expected),
            user=user,
            revision_reason=options.get("revision_reason", ""),
        )

    def moved(self, expected: dict[str, Any]) -> list[Conflict]:
        """The values a preview read that moved since (``imports.plans.Importer``)."""
        try:
            value_writes.moved_since(ReadValues.from_json(expected))
        except ConflictError as conflict:
            return conflict.conflicts
        return []
