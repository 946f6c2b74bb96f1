"""The data-quality menu entries (see ``core.navigation``)."""

from core.navigation import MenuItem

MENU = [
    MenuItem(
        "Data quality",
        "quality:month",
        "quality.view_data_quality",
        "The month's flagged values: rules between indicators that fail, unusual movements.",
        in_header=False,
        order=170,
    ),
    MenuItem(
        "Completeness",
        "quality:completeness",
        "quality.view_data_quality",
        "Expected, entered, submitted and accepted values by area and person; who to chase.",
        in_header=False,
        order=180,
    ),
    MenuItem(
        "Validation rules",
        "quality:rules",
        "quality.view_validationrule",
        "The rules between indicators that every value is checked against.",
        in_header=False,
        order=190,
    ),
]
