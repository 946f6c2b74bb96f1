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
    permission: str  # "" for an entry every signed-in user may open (e.g. "My audits")
    description: str = ""
    in_header: bool = True  # False: on the home page's cards only, to keep the header short

    def allows(self, user) -> bool:
        return not self.permission or user.has_perm(self.permission)


MENU: tuple[MenuItem, ...] = (
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
    MenuItem(
        "Indicators",
        "indicators:list",
        "indicators.view_indicator",
        "The indicator catalogue: definitions, trends and computed columns.",
    ),
    MenuItem(
        "Import dataset",
        "dataset_import:import",
        "indicators.import_dataset",
        "Upload the monthly dataset spreadsheet, preview what it changes and confirm it.",
        in_header=False,
    ),
    MenuItem(
        "Import catalogue",
        "indicators:catalogue-import",
        "indicators.change_indicator",
        "Upload the indicator catalogue (refs, units, owners, derived formulas), preview, confirm.",
        in_header=False,
    ),
    MenuItem(
        "Audits",
        "audits:list",
        "audits.view_audit",
        "Allocate practice audits, follow their recording, import and export them.",
    ),
    MenuItem(
        "My audits",
        "audits:mine",
        "",
        "The practice audits allocated to you.",
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
        in_header=False,
    ),
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
        in_header=False,
    ),
    MenuItem(
        "Performance packs",
        "packs:list",
        "packs.view_published_pack",
        "The performance pack of each month, as PDF, spreadsheet and web page.",
    ),
    MenuItem(
        "Recommendations",
        "packs:recommendations",
        "packs.view_recommendation",
        "The scrutiny panel's recommendations and actions: owners, due dates, progress.",
        in_header=False,
    ),
    MenuItem(
        "Audit trail",
        "audit-trail",
        "core.view_auditevent",
        "Who signed in, imported, submitted, accepted, published or downloaded, and when.",
        in_header=False,
    ),
    MenuItem(
        "Admin",
        "admin:index",
        "core.use_admin",
        "Manage users, roles and reference data.",
    ),
    MenuItem(
        "Data quality",
        "quality:month",
        "quality.view_data_quality",
        "The month's flagged values: rules between indicators that fail, unusual movements.",
        in_header=False,
    ),
    MenuItem(
        "Completeness",
        "quality:completeness",
        "quality.view_data_quality",
        "Expected, entered, submitted and accepted values by area and person; who to chase.",
        in_header=False,
    ),
    MenuItem(
        "Validation rules",
        "quality:rules",
        "quality.view_validationrule",
        "The rules between indicators that every value is checked against.",
        in_header=False,
    ),
    MenuItem(
        "API token",
        "api:token",
        "api.use_api",
        "Your token to read the portal's figures in Power BI or Excel; the API's documentation.",
        in_header=False,
    ),
)


def menu_for(user) -> list[dict[str, str]]:
    """The menu entries ``user`` may open, with their resolved URLs."""
    if not user.is_authenticated:
        return []
    return [
        {
            "label": item.label,
            "url": reverse(item.url_name),
            "description": item.description,
            "in_header": item.in_header,
        }
        for item in MENU
        if item.allows(user)
    ]
