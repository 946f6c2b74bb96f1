"""What each role may do with data quality (collected by ``core.roles``): the performance team
keeps the rules and reads the data-quality and completeness pages; others see flags on the
return's own pages."""

from core.roles import PERFORMANCE_TEAM

MODELS = ("validationrule", "outliersetting")

GRANTS = {
    PERFORMANCE_TEAM: [
        *(
            f"quality.{action}_{model}"
            for model in MODELS
            for action in ("add", "change", "delete", "view")
        ),
        "quality.view_data_quality",
    ],
}
