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
    MenuItem(
        "Definitions of counted figures",
        "records:definitions",
        "records.read_records",
        "The standard and local definitions a figure may be counted by, in words.",
        in_header=False,
        order=126,
    ),
]
