"""The portal's navigation: one declaration, filtered per user by permission.

Each entry names the URL and the permission that opens it, so the menu never shows a
role a page it would be refused. Apps add their entries here when their pages land.
"""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    permission: str
    description: str = ""


MENU: tuple[MenuItem, ...] = (
    MenuItem(
        "Indicators",
        "indicators:list",
        "indicators.view_indicator",
        "The indicator catalogue: definitions, trends and computed columns.",
    ),
    MenuItem(
        "Import dataset",
        "indicators:import",
        "indicators.import_dataset",
        "Upload the monthly dataset spreadsheet, preview what it changes and confirm it.",
    ),
    MenuItem("Admin", "admin:index", "core.use_admin", "Manage users, roles and reference data."),
    MenuItem(
        "Caseloads",
        "caseloads:report",
        "caseloads.report_caseload",
        "Practitioners at or over their caseload threshold, figures by team and status, trend.",
    ),
    MenuItem(
        "Import caseloads",
        "caseloads:import",
        "caseloads.import_caseload",
        "Upload a month's caseload snapshot, preview it and confirm it.",
    ),
    MenuItem(
        "Audits",
        "audits:list",
        "audits.view_audit",
        "Allocate practice audits, follow their recording, import and export them.",
    ),
    MenuItem(
        "Audit analysis",
        "audits:cycles",
        "audits.view_published_audit_report",
        "The monthly audit analysis of each cycle: completion, grades, Focus 5, trend.",
    ),
    MenuItem(
        "Service areas",
        "audits:service-areas",
        "audits.change_servicearea",
        "The service areas audits are allocated in.",
    ),
    MenuItem(
        "Performance packs",
        "packs:list",
        "packs.view_published_pack",
        "The monthly performance pack as PDF, spreadsheet and web page; build and publish it.",
    ),
    MenuItem(
        "My month",
        "returns:my_month",
        "returns.enter_values",
        "Enter the value and commentary of each of your indicators and pass them to the owner.",
    ),
    MenuItem(
        "To submit",
        "returns:to_submit",
        "returns.submit_values",
        "Check the values your reporters passed to you: submit them or return them with a reason.",
    ),
    MenuItem(
        "Month overview",
        "returns:overview",
        "returns.accept_values",
        "Progress of the month's return, what is missing; accept, lock and publish the month.",
    ),
)


def menu_for(user) -> list[dict[str, str]]:
    """The menu entries ``user`` may open, with their resolved URLs."""
    if not user.is_authenticated:
        return []
    return [
        {"label": item.label, "url": reverse(item.url_name), "description": item.description}
        for item in MENU
        if user.has_perm(item.permission)
    ]
