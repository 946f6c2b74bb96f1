"""What each role may do with practice audits (collected by ``core.roles``): the QA unit
manages them; practice managers record the audits allocated to them; readers of the analysis
read it (the scrutiny panel its published cycles only)."""

from core.roles import OWNER, PERFORMANCE_TEAM, PRACTICE_MANAGER, QA_UNIT, VIEWER

MANAGE = [
    f"audits.{action}_{model}"
    for model in ("audit", "auditcycle", "servicearea")
    for action in ("add", "change", "delete", "view")
]
READ_REPORTS = ["audits.view_audit_report", "audits.view_published_audit_report"]
# Offers "My audits": held by those audits are allocated to (``Audit.auditor``).
RECORD_OWN = "audits.record_own_audits"

GRANTS = {
    QA_UNIT: [
        *MANAGE,
        *READ_REPORTS,
        RECORD_OWN,
        "audits.publish_auditcycle",
        "audits.import_audits",
    ],
    PERFORMANCE_TEAM: READ_REPORTS,
    OWNER: READ_REPORTS,
    PRACTICE_MANAGER: [RECORD_OWN, "audits.view_published_audit_report"],
    VIEWER: ["audits.view_published_audit_report"],
}
