"""The QA unit's panel of the home page (see ``core.panels``)."""

from core.panels import Panel

PANELS = [
    Panel(
        permission="audits.publish_auditcycle",
        intro="Each month: allocate the case-file audits, record the grades and findings, and "
        "publish the audit analysis.",
    )
]
