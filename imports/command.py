"""The base of every ``import_*`` management command: one way to read, check and import."""

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from imports.plans import Importer
from imports.services import import_from_command
from imports.tables_io import UnreadableFile, check_size


class ImportCommand(BaseCommand):
    """Reads PATH, prints the summary and every problem, exits non-zero on any error.

    Subclasses set ``importer_class`` and, for options of their own, extend
    ``add_arguments`` and ``importer_options`` (which returns the importer's options).
    """

    importer_class: type[Importer]
    # Django's system checks (URLs, admin, models: about a second) are for developers and
    # ``manage.py check`` in CI; a monthly import is run by the team and should start at once.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check only; change nothing.")
        parser.add_argument("--user", help="Username recorded as having made the import.")

    def importer_options(self, options: dict[str, Any]) -> dict[str, Any]:
        return {}

    def handle(self, *args, path: Path, dry_run: bool, user: str | None, **options) -> None:
        try:
            check_size(path.stat().st_size)  # before reading it, let alone storing it
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        except UnreadableFile as error:
            raise CommandError(str(error)) from error
        if not import_from_command(
            importer=self.importer_class(),
            data=data,
            filename=path.name,
            options=self.importer_options(options),
            user=self._user(user),
            dry_run=dry_run,
            write=self.stdout.write,
        ):
            raise CommandError("The file was not imported.")

    def _user(self, username: str | None):
        if not username:
            return None
        account = get_user_model().objects.filter(username=username).first()
        if account is None:
            raise CommandError(f'There is no user "{username}".')
        return account
