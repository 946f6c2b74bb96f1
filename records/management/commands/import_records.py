"""``manage.py import_records PATH``: an XLSX with a sheet per list, a CSV, or a folder of CSVs."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from records import services


class Command(BaseCommand):
    help = (
        "Check child-level records (Ofsted Annex A lists) and store them pseudonymised: an "
        "XLSX with a sheet per list, a CSV per list, or a folder of CSVs. Nothing is stored "
        "when a check fails."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true", help="Check only; store nothing.")
        parser.add_argument("--user", help="The analyst the upload is recorded against.")

    def handle(self, *args, path: str, dry_run: bool, user: str | None, **options):
        source = Path(path)
        if not source.exists():
            raise CommandError(f"{path}: no such file or folder.")
        files = sorted(source.glob("*.csv")) if source.is_dir() else [source]
        loaded = [(file.name, file.read_bytes()) for file in files]
        intake = services.check_files(loaded)
        for problem in intake.problems:
            self.stdout.write(f"{problem.severity}: {problem}")
        for key, count in intake.counts.items():
            self.stdout.write(f"{key}: {count:,} records")
        if intake.errors:
            services.store_upload(intake=intake, filename=source.name, data=b"", user=None)
            raise CommandError(f"{len(intake.errors)} error(s): nothing was stored.")
        if dry_run:
            self.stdout.write("Dry run: nothing was stored.")
            return
        analyst = get_user_model().objects.get(username=user) if user else None
        data = b"".join(content for _name, content in loaded)
        upload = services.store_upload(intake=intake, filename=source.name, data=data, user=analyst)
        services.confirm_upload(upload=upload, user=analyst)
        self.stdout.write(
            self.style.SUCCESS(
                f"Stored as upload {upload.pk}: months {upload.first_month:%Y-%m} to "
                f"{upload.last_month:%Y-%m}."
            )
        )
