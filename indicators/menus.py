"""The catalogue's menu entries (see ``core.navigation``)."""

from core.navigation import MenuItem

MENU = [
    MenuItem(
        "Indicators",
        "indicators:list",
        "indicators.view_indicator",
        "The indicator catalogue: definitions, trends and computed columns.",
        order=40,
    ),
    MenuItem(
        "Import catalogue",
        "indicators:catalogue-import",
        "indicators.change_indicator",
        "Upload the indicator catalogue (refs, units, owners, derived formulas), preview, confirm.",
        in_header=False,
        order=60,
    ),
]
