"""What the portal's apps offer core: each app declares a list in a module of its own
(``menus.MENU``, ``home.PANELS``, ``value_links.LINKS``), and core reads them in the order of
``PORTAL_APPS``. Why: core shows what the apps above it know without importing them, so the
layers hold (import-linter) and adding an app adds its entries."""

from importlib import import_module
from importlib.util import find_spec

from django.conf import settings


def offered(module: str, name: str) -> list:
    """Every app's ``<app>.<module>.<name>``, one list, in the order of the apps."""
    return [
        item
        for app in settings.PORTAL_APPS
        if find_spec(f"{app}.{module}")
        for item in getattr(import_module(f"{app}.{module}"), name)
    ]
