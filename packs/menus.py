"""The packs' menu entries (see ``core.navigation``)."""

from core.navigation import MenuItem

MENU = [
    MenuItem(
        "Performance packs",
        "packs:list",
        "packs.view_published_pack",
        "The performance pack of each month, as PDF, spreadsheet and web page.",
        order=130,
    ),
    MenuItem(
        "Recommendations",
        "packs:recommendations",
        "packs.view_recommendation",
        "The scrutiny panel's recommendations and actions: owners, due dates, progress.",
        in_header=False,
        order=140,
    ),
]
