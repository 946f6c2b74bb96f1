from django.contrib.auth.models import Permission
from django.db import models
from django.db.models import Q


class RestrictedQuerySet(models.QuerySet):
    """A queryset that knows which of its rows a user may act on.

    Every list, detail and form view gets its objects through ``restrict(user, action)``,
    so object-level rules live in one place per model and no view can forget them.
    The default is all-or-nothing on the model permission; models with row-level rules
    (a reporter's own indicators, an auditor's own audits) override it.
    """

    def restrict(self, user, action: str = "view") -> "RestrictedQuerySet":
        opts = self.model._meta
        if user.is_authenticated and user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}"):
            return self
        return self.none()


class PortalPermission(Permission):
    """Holds the portal-wide permissions that belong to no single model.

    A proxy (of Django's ``Permission``, which it is about), so it has no table of its own:
    as an unmanaged model without one it broke ``manage.py dumpdata`` ("no such table:
    core_portalpermission"), which skips proxies. Its permissions keep their content type.
    """

    class Meta:
        proxy = True
        default_permissions = ()
        permissions = [
            ("use_admin", "Can use the Django admin"),
        ]

    def __str__(self) -> str:
        return "Portal permissions"


class ImportBatch(models.Model):
    """The import log: one uploaded file, what its preview showed and whether it was applied."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", "Previewed"
        APPLIED = "applied", "Applied"
        REFUSED = "refused", "Refused"

    kind = models.CharField(max_length=30)
    file = models.FileField(upload_to="imports/%Y/%m/")
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    options = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEWED)
    counts = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)
    changes = models.JSONField(default=list, blank=True)
    fingerprint = models.CharField(max_length=64)
    expected = models.JSONField(
        default=dict,
        blank=True,
        help_text="What the preview read (the importer's own JSON); a confirm applies against it.",
    )
    uploaded_by = models.ForeignKey(
        "auth.User",
        on_delete=models.PROTECT,
        related_name="import_batches",
        null=True,
        blank=True,
        help_text="Empty for a command-line import run without --user.",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    refusal = models.TextField(blank=True)
    conflicts = models.JSONField(
        default=list, blank=True, help_text="The rows that moved after the preview, if any."
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = "import"

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()}, {self.uploaded_at:%Y-%m-%d %H:%M})"


class AuditEvent(models.Model):
    """The audit trail: who did what, when, from where. Written by ``core.trail.record``."""

    class Action(models.TextChoices):
        LOGIN = "login", "Signed in"
        LOGIN_FAILED = "login_failed", "Failed sign-in"
        LOGOUT = "logout", "Signed out"
        IMPORT_PREVIEWED = "import_previewed", "Import previewed"
        IMPORT_APPLIED = "import_applied", "Import applied"
        IMPORT_REFUSED = "import_refused", "Import refused"
        RECORDS_DISCARDED = "records_discarded", "Records upload discarded"
        RECORDS_PURGED = "records_purged", "Records purged"
        RETURN = "return", "Return workflow"
        PACK_DOWNLOADED = "pack_downloaded", "Pack downloaded"
        ROLES_CHANGED = "roles_changed", "Roles changed"
        SENSITIVE_VIEW = "sensitive_view", "Viewed names or case references"
        MONTH = "month", "Month opened, locked, published or reopened"
        PUBLICATION = "publication", "Pack published or withdrawn"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=20, choices=Action.choices, db_index=True)
    user = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True, help_text="As typed, for failures.")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=500, blank=True)
    detail = models.TextField(blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username or self.user} {self.get_action_display()}"


# The reporting calendar: every part of the portal (returns, packs, caseloads, audits) reads
# whether a month is open, locked or published, so the periods live below them all.


class PeriodStatus(models.TextChoices):
    OPEN = "open", "Open"
    LOCKED = "locked", "Locked"
    PUBLISHED = "published", "Published"


class PeriodStep(models.TextChoices):
    LOCK = "lock", "Lock"
    PUBLISH = "publish", "Publish"
    REOPEN = "reopen", "Reopen"


# A period's lifecycle, stated once: the statuses each step may start from, and where it ends.
PERIOD_STEPS: dict[PeriodStep, tuple[tuple[PeriodStatus, ...], PeriodStatus]] = {
    PeriodStep.LOCK: ((PeriodStatus.OPEN,), PeriodStatus.LOCKED),
    PeriodStep.PUBLISH: ((PeriodStatus.LOCKED,), PeriodStatus.PUBLISHED),
    PeriodStep.REOPEN: ((PeriodStatus.LOCKED, PeriodStatus.PUBLISHED), PeriodStatus.OPEN),
}


class ReportingPeriodQuerySet(RestrictedQuerySet):
    def open(self) -> "ReportingPeriodQuerySet":
        return self.filter(status=PeriodStatus.OPEN)


class ReportingPeriod(models.Model):
    """One month's return: open for entry until the performance team locks and publishes it."""

    month = models.DateField(unique=True, help_text="The first day of the reporting month.")
    due_date = models.DateField(help_text="The month's values and commentary are due by then.")
    status = models.CharField(
        max_length=10, choices=PeriodStatus.choices, default=PeriodStatus.OPEN
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When it was last published; kept when it is reopened, so that any later "
        "change is a revision.",
    )

    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["-month"]
        # The table keeps the name it had when periods lived in the returns app.
        db_table = "returns_reportingperiod"
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="period_month_is_first_day")
        ]

    def __str__(self) -> str:
        return f"{self.month:%B %Y}"

    @property
    def is_open(self) -> bool:
        return self.status == PeriodStatus.OPEN

    @property
    def steps(self) -> list[PeriodStep]:
        """The steps its status allows now, in the order pages offer them."""
        return [step for step, (sources, _) in PERIOD_STEPS.items() if self.status in sources]

    @property
    def was_published(self) -> bool:
        return self.published_at is not None

    def is_overdue(self, today) -> bool:
        return self.is_open and today > self.due_date
