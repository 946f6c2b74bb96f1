"""Admin of the return: deputies and due dates are set here; the trail is read-only.

A period's status moves only through the workflow pages, so that every lock, publication
and reopening is recorded with who, when and why.
"""

from django.contrib import admin

from core.admin_site import ReadOnlyAdmin
from core.models import ReportingPeriod
from indicators.models import Deputy
from returns.models import ReturnEvent, ReturnNotice, SentReminder


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ("month", "due_date", "status", "published_at")
    list_filter = ("status",)
    readonly_fields = ("month", "status", "published_at")

    def has_add_permission(self, request) -> bool:
        return False  # opened from the portal, which starts each indicator's value


@admin.register(Deputy)
class DeputyAdmin(admin.ModelAdmin):
    list_display = ("indicator", "hat", "user")
    list_filter = ("hat",)
    search_fields = ("indicator__ref", "user__username", "user__first_name", "user__last_name")
    list_select_related = ("indicator", "user")
    autocomplete_fields = ("indicator",)
    raw_id_fields = ("user",)


@admin.register(ReturnEvent)
class ReturnEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "period", "monthly_value", "action", "from_state", "to_state", "actor")
    list_filter = ("action", "period")
    search_fields = ("monthly_value__indicator__ref", "reason")
    list_select_related = ("period", "monthly_value__indicator", "actor")
    date_hierarchy = "at"


@admin.register(SentReminder)
class SentReminderAdmin(ReadOnlyAdmin):
    list_display = ("sent_at", "kind", "period", "user", "event")
    list_filter = ("kind", "period")
    list_select_related = ("period", "user", "event")


@admin.register(ReturnNotice)
class ReturnNoticeAdmin(ReadOnlyAdmin):
    """The outbox of return e-mails: what is still owed, how often it was tried, and why the
    last try failed."""

    list_display = ("created_at", "sent_at", "attempts", "last_attempt_at", "last_error")
    list_filter = (("sent_at", admin.EmptyFieldListFilter),)
    date_hierarchy = "created_at"
