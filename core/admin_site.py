from django.contrib import admin
from django.http import HttpRequest


class PortalAdminSite(admin.AdminSite):
    """Admin for the performance team: staff status alone is not enough, the role is."""

    site_header = "KPI portal administration"
    site_title = "KPI portal admin"
    index_title = "Catalogue and data administration"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return user.is_active and user.has_perm("core.use_admin")


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record the admin shows but never changes: trails, and values that only the services
    may write (with their version, reason and checks)."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
