from django.core.management.base import CommandError

from caseloads.importers import CaseloadImporter
from core.months import month_text, parse_month
from imports.command import ImportCommand


class Command(ImportCommand):
    help = (
        "Import a month's caseload snapshot from a CSV/TSV/XLSX file: print every problem, and "
        "change nothing if there is any error. Importing a month again replaces its snapshot."
    )
    importer_class = CaseloadImporter

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--month", required=True, help="The month of the snapshot, YYYY-MM.")
        parser.add_argument(
            "--create-teams",
            action="store_true",
            help="Create unknown teams in the service named by the first word of their name.",
        )

    def importer_options(self, options: dict) -> dict:
        try:
            month = month_text(parse_month(options["month"]))
        except ValueError as error:
            raise CommandError(str(error)) from error
        return {"month": month, "create_teams": options["create_teams"]}
