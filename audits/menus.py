"""The practice audits' menu entries (see ``core.navigation``)."""

from audits.roles import RECORD_OWN
from core.navigation import MenuItem

MENU = [
    MenuItem(
        "Audits",
        "audits:list",
        "audits.view_audit",
        "Allocate practice audits, follow their recording, import and export them.",
        order=70,
    ),
    MenuItem(
        "My audits",
        "audits:mine",
        RECORD_OWN,  # offered to those audits are allocated to, not to every reader
        "The practice audits allocated to you.",
        order=80,
    ),
    MenuItem(
        "Audit analysis",
        "audits:cycles",
        "audits.view_published_audit_report",
        "The monthly audit analysis of each cycle: completion, grades, Focus 5, trend.",
        order=90,
    ),
    MenuItem(
        "Service areas",
        "audits:service-areas",
        "audits.change_servicearea",
        "The service areas audits are allocated in.",
        in_header=False,
        order=100,
    ),
]
