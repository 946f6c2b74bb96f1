"""Demo users, one per role, for trying the portal on the embedded default.

Each app that has demo data of its own provides ``<app>/demo.py`` with a
``load(*, stdout)`` function; ``manage.py load_demo`` runs them in the order of
``INSTALLED_APPS`` after creating these users.
"""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core import roles

DEMO_USERS: dict[str, tuple[str, str, str]] = {
    # username: (role, first name, last name)
    "performance": (roles.PERFORMANCE_TEAM, "Priya", "Shah"),
    "owner": (roles.OWNER, "Jane", "White"),
    "reporter": (roles.REPORTER, "Catherine", "Parkin"),
    "qa": (roles.QA_UNIT, "Quentin", "Adams"),
    "viewer": (roles.VIEWER, "Vera", "Lee"),
    # The first of the practice managers who record the demo's audits (``audits.demo``).
    "pm.okafor": (roles.PRACTICE_MANAGER, "Grace", "Okafor"),
    # An analyst of the performance team besides (``records.demo``), as records analysts are.
    "analyst": (roles.RECORDS_ANALYST, "Ada", "Brook"),
}


def new_password() -> str:
    """A demo user's password: 16 random characters, which the password policy accepts."""
    return secrets.token_urlsafe(12)


def ensure_user(*, username: str, role: str, first_name: str, last_name: str) -> str | None:
    """Create a demo user in ``role``; return its new password, or None if it existed."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": first_name, "last_name": last_name}
    )
    user.groups.add(Group.objects.get(name=role))
    if not created:
        return None
    password = new_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    return password


def load(*, stdout) -> None:
    for username, (role, first_name, last_name) in DEMO_USERS.items():
        password = ensure_user(
            username=username, role=role, first_name=first_name, last_name=last_name
        )
        shown = password if password else "(exists; password unchanged)"
        stdout.write(f"  {role:<17} {username:<12} {shown}")
