from pathlib import Path

from django.core.management.base import BaseCommand

from indicators import catalogue


class Command(BaseCommand):
    help = "Write the indicator catalogue as CSV in the columns import_catalogue reads."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", type=Path, help="File to write; standard output if absent.")

    def handle(self, *args, output: Path | None, **options) -> None:
        data = catalogue.to_csv(catalogue.export_rows())
        if output is None:
            self.stdout.write(data.decode("utf-8-sig"), ending="")
        else:
            output.write_bytes(data)
            self.stdout.write(f"Wrote {output}.")
