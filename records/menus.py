"""The records' menu entry (see ``core.navigation``): analysts only, on the home page."""

from core.navigation import MenuItem

MENU = [
    MenuItem(
        "Child-level records",
        "records:uploads",
        "records.read_records",
        "Upload the Annex A lists, count the month's figures from them and trace each figure.",
        in_header=False,
        order=125,
    ),
]
