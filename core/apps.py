from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.urls import register_converter

from core.months import MonthConverter


class CoreConfig(AppConfig):
    default = True
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "Portal"

    def ready(self) -> None:
        # ``<month:month>`` in any app's URLs: one converter for months (``core.months``).
        register_converter(MonthConverter, "month")
        from core import signals  # noqa: F401 - connects the audit-trail receivers
        from core.roles import sync_after_migrate

        # Every role holds exactly the permissions its apps declare (``core.roles``).
        post_migrate.connect(sync_after_migrate, dispatch_uid="core.roles.sync")


class PortalAdminConfig(admin_apps.AdminConfig):
    default = False
    """The Django admin, open to the performance team only (see ``core.admin_site``)."""

    default_site = "core.admin_site.PortalAdminSite"
