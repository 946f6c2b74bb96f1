from dataset_import.importers import DatasetImporter
from imports.command import ImportCommand


class Command(ImportCommand):
    help = (
        "Import the monthly dataset (wide or long layout; TSV, CSV or XLSX). Prints the "
        "summary and every problem; exits non-zero and changes nothing on any error."
    )
    importer_class = DatasetImporter

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--create-indicators", action="store_true")
        parser.add_argument("--allow-revisions", action="store_true")

    def importer_options(self, options: dict) -> dict:
        return {
            "create_indicators": options["create_indicators"],
            "allow_revisions": options["allow_revisions"],
        }
