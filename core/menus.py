"""Core's menu entries (see ``core.navigation``): the audit trail and the admin."""

from core.navigation import MenuItem

MENU = [
    MenuItem(
        "Audit trail",
        "audit-trail",
        "core.view_auditevent",
        "Who signed in, imported, submitted, accepted, published or downloaded, and when.",
        in_header=False,
        order=150,
    ),
    MenuItem(
        "Admin",
        "admin:index",
        "core.use_admin",
        "Manage users, roles and reference data.",
        order=160,
    ),
]
