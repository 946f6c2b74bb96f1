from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from caseloads.importers import CaseloadImporter
from caseloads.months import month_text, parse_month
from core.import_services import import_from_command


class Command(BaseCommand):
    help = (
        "Import a month's caseload snapshot from a CSV/TSV/XLSX file: print every problem, and "
        "change nothing if there is any error. Importing a month again replaces its snapshot."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--month", required=True, help="The month of the snapshot, YYYY-MM.")
        parser.add_argument("--dry-run", action="store_true", help="Show the changes only.")
        parser.add_argument(
            "--create-teams",
            action="store_true",
            help="Create unknown teams in the service named by the first word of their name.",
        )
        parser.add_argument("--user", help="Username recorded as having made the import.")

    def handle(self, *args, path: Path, month: str, dry_run: bool, create_teams: bool, **options):
        try:
            month = month_text(parse_month(month))
            data = path.read_bytes()
        except (ValueError, OSError) as error:
            raise CommandError(str(error)) from error
        imported = import_from_command(
            importer=CaseloadImporter(),
            data=data,
            filename=path.name,
            options={"month": month, "create_teams": create_teams},
            user=self.user(options["user"]),
            dry_run=dry_run,
            write=self.stdout.write,
        )
        if not imported:
            raise CommandError("The caseload snapshot was not imported.")

    def user(self, username: str | None):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as error:
            raise CommandError(f'No user is called "{username}".') from error
