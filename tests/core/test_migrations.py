"""Every model change has its migration committed."""

import ast
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
    except SystemExit:
        pytest.fail(f"Models changed without a migration:\n{out.getvalue()}")


def _imported_modules(path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_migration_imports_live_code_of_the_portal():
    """A migration is history: importing a live module (``core.roles`` did) lets an edit of
    that module rewrite what an old migration does. Migrations inline what they need. The one
    exception is what ``makemigrations`` itself writes: a field's validator referenced in its
    own app's models (``audits.models.validate_case_reference``), part of the field's state."""
    offenders, read = [], 0
    for app in settings.PORTAL_APPS:
        migrations = Path(apps.get_app_config(app).path) / "migrations"
        for path in sorted(migrations.glob("*.py")):
            read += 1
            portal = {
                name
                for name in _imported_modules(path)
                if name.split(".")[0] in [*settings.PORTAL_APPS, "kpi_portal"]
                and name != f"{app}.models"
            }
            if portal:
                offenders.append(f"{app}/migrations/{path.name}: {sorted(portal)}")
    assert read > 50  # the migrations of every app with models were read
    assert offenders == []
