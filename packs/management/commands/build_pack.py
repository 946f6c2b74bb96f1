import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.months import parse_month
from packs import services, storage
from packs.definitions import STAGES
from packs.models import Pack

POLL_SECONDS = 0.5


class Command(BaseCommand):
    help = (
        "Queue a build of a month's performance pack as a new version (with no broker "
        "configured, build it here). With --wait, print the outcome and the files."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--wait", action="store_true", help="Wait for the build to end.")
        parser.add_argument("--user", help="Username recorded as having asked for the build.")

    def handle(self, *args, month: str, wait: bool, user: str | None, **options) -> None:
        try:
            request = services.request_build(month=parse_month(month), user=self._user(user))
        except (ValueError, services.PackRefused) as error:
            raise CommandError(str(error)) from None
        pack = request.pack
        verb = "Queued" if request.created else f"Already {pack.get_status_display().lower()}"
        self.stdout.write(f"{verb}: {pack}.")
        if wait:
            self._report(self._wait(pack))

    def _user(self, username: str | None):
        if username is None:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f'There is no user "{username}".')
        return user

    def _wait(self, pack: Pack) -> Pack:
        deadline = time.monotonic() + settings.PACK_BUILD_TIMEOUT_SECONDS + 60
        while True:
            pack.refresh_from_db()
            if not pack.is_active:
                return pack
            if time.monotonic() > deadline:
                raise CommandError(f"{pack} is still {pack.status} after the build timeout.")
            time.sleep(POLL_SECONDS)

    def _report(self, pack: Pack) -> None:
        if not pack.is_ready:
            raise CommandError(f"{pack} failed: {pack.error}")
        seconds = ", ".join(
            f"{stage.key} {pack.stage_seconds[stage.key]:.2f} s"
            for stage in STAGES
            if stage.key in pack.stage_seconds
        )
        self.stdout.write(self.style.SUCCESS(f"{pack} is ready ({seconds})."))
        self.stdout.write(f"Provisional values: {pack.provisional_count}")
        for file in pack.files.all():
            self.stdout.write(
                f"{storage.absolute(file.path)}  {file.size} bytes  sha256 {file.sha256}"
            )
