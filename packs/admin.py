"""The packs in the admin: to look at, not to change. Builds and publication go through the
portal's pages and ``packs.services``, which keep a published version immutable."""

from django.contrib import admin

from packs.models import Pack, PackEvent, PackFile


class ReadOnlyInline(admin.TabularInline):
    """A built version's records are shown, never added to or removed in the admin."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class PackFileInline(ReadOnlyInline):
    model = PackFile
    fields = ("kind", "path", "size", "sha256")


class PackEventInline(ReadOnlyInline):
    """The version's trail: each publication and withdrawal, who, when and why."""

    model = PackEvent
    fields = ("action", "at", "actor", "reason")


@admin.register(Pack)
class PackAdmin(admin.ModelAdmin):
    list_display = ("month", "version", "status", "requested_by", "requested_at", "published_at")
    list_filter = ("status",)
    list_select_related = ("requested_by",)
    date_hierarchy = "month"
    inlines = [PackFileInline, PackEventInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Pack._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a version and its files are kept: the record of what was sent out
