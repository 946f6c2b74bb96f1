"""The catalogue file in the shared import flow (``imports.plans``)."""

from typing import Any

from imports.plans import ImportPlan
from indicators import services
from indicators.catalogue import plan_catalogue


class CatalogueImporter:
    kind = "catalogue"
    title = "Import the indicator catalogue"
    permission = "indicators.change_indicator"

    def plan(self, *, data: bytes, filename: str, options: dict[str, Any], user) -> ImportPlan:
        return plan_catalogue(data=data, filename=filename)

    def apply(self, plan: ImportPlan, *, user, options: dict[str, Any]) -> None:
        services.apply_catalogue(plan.payload, user=user)
