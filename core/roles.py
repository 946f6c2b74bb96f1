"""The portal's roles, as Django groups, and the one place that grants them permissions.

Roles are groups so that the performance team can see and change membership in the admin.
Views check permissions, never group names, so a role can be widened by granting it a
permission rather than by editing code. Each app's data migration grants its own model
permissions through :func:`grant`.
"""

from collections.abc import Iterable, Mapping

from django.contrib.auth.models import AbstractBaseUser

PERFORMANCE_TEAM = "Performance team"
OWNER = "Owner"
REPORTER = "Reporter"
QA_UNIT = "QA unit"
VIEWER = "Viewer"

# In order of precedence: a user in several groups lands on the page of the first.
ROLES: tuple[str, ...] = (PERFORMANCE_TEAM, QA_UNIT, OWNER, REPORTER, VIEWER)

ROLE_DESCRIPTIONS: Mapping[str, str] = {
    PERFORMANCE_TEAM: "Administers the portal, imports data, accepts returns and publishes packs.",
    OWNER: "Checks the indicators they own and submits them to the performance team.",
    REPORTER: "Enters the monthly values and commentary of their indicators.",
    QA_UNIT: "Allocates practice audits, records grades and publishes the audit analysis.",
    VIEWER: "Reads published performance packs.",
}


def primary_role(user: AbstractBaseUser) -> str | None:
    """The role whose landing page the user sees, or None for a user with no role."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return PERFORMANCE_TEAM
    names = {group.name for group in user.groups.all()}
    return next((role for role in ROLES if role in names), None)


def _ensure_permissions(apps, app_labels: Iterable[str]) -> None:
    """Create the model permissions of ``app_labels`` now rather than after migrate ends.

    Django creates permissions in a post-migrate signal, too late for a data migration that
    wants to grant them, so we run the same function early against the migration's apps.
    """
    from django.contrib.auth.management import create_permissions

    for label in app_labels:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None


def grant(apps, role_permissions: Mapping[str, Iterable[str]]) -> None:
    """Give each role (created if missing) the permissions named ``app_label.codename``."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    _ensure_permissions(
        apps, {name.split(".")[0] for names in role_permissions.values() for name in names}
    )
    for role, names in role_permissions.items():
        group, _ = Group.objects.get_or_create(name=role)
        for name in names:
            app_label, codename = name.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def revoke(apps, role_permissions: Mapping[str, Iterable[str]]) -> None:
    """Undo :func:`grant`, so that data migrations can be reversed."""
    Group = apps.get_model("auth", "Group")
    for role, names in role_permissions.items():
        group = Group.objects.filter(name=role).first()
        if group is None:
            continue
        for name in names:
            app_label, codename = name.split(".")
            group.permissions.remove(
                *group.permissions.filter(content_type__app_label=app_label, codename=codename)
            )
