"""``manage.py recount_records --reason "..." [--indicator REF]``: recount the figures a changed
definition left stale (``records.recounting.recount``), as the recount page does."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from records import recounting


class Command(BaseCommand):
    help = (
        "Recount the stored figures counted by a definition changed since (its version raised, "
        "or the indicator mapped to another) from their uploads' records, storing each changed "
        "figure with the reason, as a revision where the value is past draft or its month is "
        "locked or published."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reason", required=True, help="Recorded with every value.")
        parser.add_argument(
            "--indicator", action="append", dest="refs", metavar="REF",
            help="Recount only this indicator (may be given more than once).",
        )  # fmt: skip
        parser.add_argument("--user", help="The analyst the recount is recorded against.")

    def handle(self, *args, reason: str, refs: list[str] | None, user: str | None, **options):
        analyst = self.analyst(user)
        try:
            done = recounting.recount(user=analyst, reason=reason, refs=refs)
        except ValueError as error:
            raise CommandError(str(error)) from None
        for figure in done.not_recounted:
            self.stdout.write(f"{figure.indicator.ref}, {figure.month:%B %Y}: {figure.why_not}.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Recounted: {done.changed} values changed ({done.revised} as revisions), "
                f"{done.confirmed} the same; {len(done.not_recounted)} cannot be recounted."
            )
        )

    def analyst(self, username: str | None):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"--user {username}: no such user.") from None
