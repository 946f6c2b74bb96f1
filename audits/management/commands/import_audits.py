from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from audits.importers import AuditImporter
from core.import_services import import_from_command


class Command(BaseCommand):
    help = (
        "Import audits (allocations and completed audits) from a CSV/XLSX file in the "
        "import layout; a file with any error changes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check only; change nothing.")
        parser.add_argument("--user", help="Username recorded as having made the changes.")

    def handle(self, *args, path: Path, dry_run: bool, user: str | None, **options) -> None:
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        by = None
        if user:
            by = get_user_model().objects.filter(username=user).first()
            if by is None:
                raise CommandError(f"There is no user {user}.")
        if not import_from_command(
            importer=AuditImporter(),
            data=data,
            filename=path.name,
            options={},
            user=by,
            dry_run=dry_run,
            write=self.stdout.write,
        ):
            raise CommandError("The audits were not imported.")
