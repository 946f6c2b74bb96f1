from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.months import parse_month
from indicators import dataset_export, selectors


class Command(BaseCommand):
    help = "Write a month's dataset (every active indicator, 13 months, computed columns)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--output", type=Path, help="File to write; standard output if absent.")

    def handle(self, *args, month: str, format: str, output: Path | None, **options) -> None:
        try:
            first = parse_month(month)
        except ValueError as error:
            raise CommandError(str(error)) from None
        writer = dataset_export.to_xlsx if format == "xlsx" else dataset_export.to_csv
        data = writer(month=first, lines=selectors.month_dataset(month=first))
        if output:
            output.write_bytes(data)
            self.stdout.write(f"Wrote {output}.")
        elif format == "xlsx":
            raise CommandError("Give --output for XLSX: it is a binary file.")
        else:
            self.stdout.write(data.decode("utf-8-sig"), ending="")
