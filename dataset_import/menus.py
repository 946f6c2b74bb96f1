"""The dataset import's menu entry (see ``core.navigation``): in the header, as importing the
month's dataset is where the performance team's month starts (issue 26)."""

from core.navigation import MenuItem

MENU = [
    MenuItem(
        "Import dataset",
        "dataset_import:import",
        "indicators.import_dataset",
        "Upload the monthly dataset spreadsheet, preview what it changes and confirm it.",
        order=50,
    ),
]
