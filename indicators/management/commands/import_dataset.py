from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.import_services import import_from_command
from indicators.importers import DatasetImporter


class Command(BaseCommand):
    help = (
        "Import the monthly dataset (wide or long layout; TSV, CSV or XLSX). Prints the "
        "summary and every problem; exits non-zero and changes nothing on any error."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check only; change nothing.")
        parser.add_argument("--create-indicators", action="store_true")
        parser.add_argument("--allow-revisions", action="store_true")
        parser.add_argument("--user", help="Username recorded as the importer.")

    def handle(self, *args, path: Path, dry_run: bool, user: str | None, **options) -> None:
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(f'There is no user "{user}".')
        ok = import_from_command(
            importer=DatasetImporter(),
            data=data,
            filename=path.name,
            options={
                "create_indicators": options["create_indicators"],
                "allow_revisions": options["allow_revisions"],
            },
            user=account,
            dry_run=dry_run,
            write=self.stdout.write,
        )
        if not ok:
            raise CommandError("The import was not applied.")
