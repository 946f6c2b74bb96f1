"""The caseloads' menu entries (see ``core.navigation``)."""

from core.navigation import MenuItem

MENU = [
    MenuItem(
        "Caseloads",
        "caseloads:report",
        "caseloads.report_caseload",
        "Practitioners at or over their caseload threshold, figures by team and status, trend.",
        order=110,
    ),
    MenuItem(
        "Import caseloads",
        "caseloads:import",
        "caseloads.import_caseload",
        "Upload a month's caseload snapshot, preview it and confirm it.",
        in_header=False,
        order=120,
    ),
]
