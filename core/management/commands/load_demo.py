from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Create one demo user per role (passwords printed once) and each app's demo data."

    def handle(self, *args, **options) -> None:
        self.stdout.write("Demo users (role, username, password - shown only when created):")
        with transaction.atomic():
            for app in settings.PORTAL_APPS:
                if find_spec(f"{app}.demo"):
                    import_module(f"{app}.demo").load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
