"""What each role may do with caseloads (collected by ``core.roles``): the performance team
administers and imports them; owners (senior managers) and practice managers read the report
with its rows (practice managers see the names of their own teams, ``selectors.identity_rule``);
viewers (the scrutiny panel) read aggregates."""

from core.roles import OWNER, PERFORMANCE_TEAM, PRACTICE_MANAGER, VIEWER

MODELS = ("service", "team", "qualifyingstatus", "practitioner", "caseload", "teamservicerule")
READ_ROWS = ["caseloads.report_caseload", "caseloads.view_caseload"]

GRANTS = {
    PERFORMANCE_TEAM: [
        *(
            f"caseloads.{action}_{model}"
            for model in MODELS
            for action in ("add", "change", "delete", "view")
        ),
        "caseloads.view_practitioner_name",
        "caseloads.import_caseload",
        "caseloads.report_caseload",
    ],
    OWNER: READ_ROWS,
    PRACTICE_MANAGER: READ_ROWS,
    VIEWER: ["caseloads.report_caseload"],
}
