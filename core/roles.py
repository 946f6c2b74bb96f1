"""The portal's roles, as Django groups, and what each may do, declared once.

Roles are groups so that the performance team can see membership in the admin and change it
there. Views check permissions, never group names. What each role may do is declared in the
code, not in data migrations: each app lists the permissions it gives each role in
``<app>/roles.py`` as ``GRANTS`` (as it offers panels in ``<app>/home.py``), and after every
``migrate`` :func:`sync_roles` makes each role hold exactly its declared set (the way
django-role-permissions and NetBox keep roles in code). A role is changed by editing its
app's ``GRANTS``; a change made in the admin is undone by the next deployment's migrate.
"""

import sys
from collections.abc import Iterable, Mapping
from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q

PERFORMANCE_TEAM = "Performance team"
OWNER = "Owner"
REPORTER = "Reporter"
QA_UNIT = "QA unit"
PRACTICE_MANAGER = "Practice manager"
VIEWER = "Viewer"
RECORDS_ANALYST = "Records analyst"

# In order of precedence: a user in several groups lands on the page of the first. The
# records analyst comes last: it is given to analysts besides their role, whose page they keep.
ROLES: tuple[str, ...] = (
    PERFORMANCE_TEAM,
    QA_UNIT,
    OWNER,
    REPORTER,
    PRACTICE_MANAGER,
    VIEWER,
    RECORDS_ANALYST,
)
# The roles a user holds as their job. The records analyst's is added to one of them, which
# brings what every role has (the packs, the API): it grants its own permission alone.
JOB_ROLES: tuple[str, ...] = tuple(role for role in ROLES if role != RECORDS_ANALYST)

ROLE_DESCRIPTIONS: Mapping[str, str] = {
    PERFORMANCE_TEAM: "Administers the portal, imports data, accepts returns and publishes packs.",
    OWNER: "Checks the indicators they own and submits them to the performance team.",
    REPORTER: "Enters the monthly values and commentary of their indicators.",
    QA_UNIT: "Allocates practice audits, records grades and publishes the audit analysis.",
    PRACTICE_MANAGER: "Records the practice audits allocated to them and follows the caseloads "
    "of their teams.",
    VIEWER: "Reads published performance packs.",
    RECORDS_ANALYST: "Uploads and reads child-level records (the Annex A lists) and the figures "
    "counted from them.",
}

# Core's own grants; every other app declares its own in ``<app>/roles.py``.
GRANTS: Mapping[str, Iterable[str]] = {
    PERFORMANCE_TEAM: [
        "core.use_admin",
        "core.view_auditevent",
        "core.view_importbatch",
        "core.view_reportingperiod",
        "core.change_reportingperiod",
    ],
    OWNER: ["core.view_reportingperiod"],
    REPORTER: ["core.view_reportingperiod"],
}


def primary_role(user: AbstractBaseUser) -> str | None:
    """The role whose landing page the user sees, or None for a user with no role."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return PERFORMANCE_TEAM
    names = {group.name for group in user.groups.all()}
    return next((role for role in ROLES if role in names), None)


def declared_permissions() -> dict[str, frozenset[str]]:
    """Each role's permissions (``app_label.codename``), collected from every app's
    ``roles.py``: the one statement of what a role may do."""
    declared: dict[str, set[str]] = {role: set() for role in ROLES}
    for app in settings.PORTAL_APPS:
        module = f"{app}.roles"
        if not find_spec(module):
            continue
        for role, names in import_module(module).GRANTS.items():
            declared[role].update(names)
    return {role: frozenset(names) for role, names in declared.items()}


def sync_roles(*, apps, using: str = "default", verbosity: int = 1, stdout=None) -> None:
    """Make every role a group holding exactly its declared permissions.

    Runs after ``migrate`` (``post_migrate``), with the historical models it is given, so
    that it leaves the audit trail's receivers out of a deployment step. A declared
    permission that does not exist yet (a migration rolled back) is skipped with a note.
    """
    stdout = stdout or sys.stdout
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in declared_permissions().items():
        wanted = _permissions(Permission, names, using=using)
        missing = names - {f"{app_label}.{codename}" for _, app_label, codename in wanted}
        if missing and verbosity:
            stdout.write(
                f"Role {role}: no such permission yet, skipped: {', '.join(sorted(missing))}\n"
            )
        group, _ = Group.objects.using(using).get_or_create(name=role)
        group.permissions.set([pk for pk, _, _ in wanted])


def _permissions(Permission, names: Iterable[str], *, using: str) -> list[tuple[int, str, str]]:
    """The (pk, app label, codename) of the permissions named ``app_label.codename``."""
    wanted = Q(pk__in=[])
    for name in names:
        app_label, codename = name.split(".")
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    return list(
        Permission.objects.using(using)
        .filter(wanted)
        .values_list("pk", "content_type__app_label", "codename")
    )


def sync_after_migrate(sender, *, using: str = "default", verbosity: int = 1, **kwargs):
    """``post_migrate`` receiver: once, after the last app's permissions were created.

    ``migrate`` passes the migrated state's ``apps``; ``flush`` (after a transactional test)
    passes none, and the live registry stands for it, as in Django's own receivers.
    """
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    if sender.label != _last_app_with_models(global_apps):
        return
    apps = kwargs.get("apps") or global_apps
    # Django creates each app's permissions in its own post_migrate receiver; make sure
    # every app's exist before the roles are given them, whatever the receivers' order.
    for app_config in global_apps.get_app_configs():
        if app_config.models_module is not None:
            create_permissions(app_config, verbosity=0, using=using, apps=apps)
    sync_roles(apps=apps, using=using, verbosity=verbosity, stdout=kwargs.get("stdout"))


def _last_app_with_models(global_apps) -> str:
    return [c.label for c in global_apps.get_app_configs() if c.models_module is not None][-1]
