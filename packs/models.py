"""The monthly performance pack: one record per month and version, and the files it made.

Invariants the database enforces: one version number per month; at most one build of a month
queued or building at a time (a second request finds the first instead of starting another);
only a ready pack can be published. A published version is never built again: every rebuild
is a new version with its own files (see ``packs.services``).
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.models import RestrictedQuerySet


class Status(models.TextChoices):
    QUEUED = "queued", "Queued"
    BUILDING = "building", "Building"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


ACTIVE = (Status.QUEUED, Status.BUILDING)


class FileKind(models.TextChoices):
    XLSX = "xlsx", "Spreadsheet (XLSX)"
    PDF = "pdf", "PDF"
    HTML = "html", "Web version"


# The files a reader downloads; the web version is read on the pack's own page.
DOWNLOADABLE = (FileKind.PDF, FileKind.XLSX)

CONTENT_TYPES = {
    FileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileKind.PDF: "application/pdf",
    FileKind.HTML: "text/html",
}


class PackQuerySet(RestrictedQuerySet):
    def restrict(self, user, action: str = "view") -> "PackQuerySet":
        """To read: every version for the performance team, published versions for readers."""
        readers_only = user.is_authenticated and not user.has_perm("packs.view_pack")
        if action == "view" and readers_only and user.has_perm("packs.view_published_pack"):
            return self.filter(published_at__isnull=False)
        return super().restrict(user, action)

    def active(self) -> "PackQuerySet":
        return self.filter(status__in=ACTIVE)

    def for_month(self, month) -> "PackQuerySet":
        return self.filter(month=month)


class Pack(models.Model):
    """One build of one month's pack: who asked, its progress, and how each stage went."""

    month = models.DateField(help_text="The first day of the reporting month.")
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=60, blank=True, help_text="What the build is doing now.")
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done.")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for a build run from the command line without --user.",
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text="How many times a worker started this build (retries, redeliveries)."
    )
    worker = models.CharField(max_length=200, blank=True, help_text="Host and process building.")
    stage_seconds = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    provisional_count = models.PositiveIntegerField(
        null=True, blank=True, help_text="Values in the pack not yet accepted."
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    narrative = models.TextField(
        blank=True,
        help_text="The month's narrative as this version was built with it: a later edit of "
        "the narrative shows in the next version, never in this one.",
    )
    area_narratives = models.JSONField(
        default=dict,
        blank=True,
        help_text="The narrative's paragraphs on areas as this version was built with them: "
        "{area name: text}.",
    )
    rag_by_area = models.JSONField(
        null=True,
        blank=True,
        help_text="How many indicators of each area this version shows red, amber, green or "
        'without RAG: [{"area": ..., "red": ..., "amber": ..., "green": ..., "none": ...}], '
        "in the pack's order. Empty for versions built before the counts were kept.",
    )
    judged = models.JSONField(
        null=True,
        blank=True,
        help_text="The indicators this version shows red or amber against target, reds first, "
        "as it showed them: their figure, change on the previous month, target and benchmarks, "
        "already written out. Empty for versions built before they were kept.",
    )

    objects = PackQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["month", "version"], name="packs_one_version_number"),
            models.UniqueConstraint(
                fields=["month"],
                condition=Q(status__in=ACTIVE),
                name="packs_one_active_build_per_month",
                violation_error_message="A build of this month is already queued or building.",
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="packs_month_is_first_day"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="packs_progress_percent"),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(status=Status.READY),
                name="packs_only_ready_is_published",
            ),
        ]
        permissions = [
            ("build_pack", "Can build the monthly performance pack"),
            ("publish_pack", "Can publish a version of the pack"),
            ("view_published_pack", "Can read published packs"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%B %Y}, version {self.version}"

    def get_absolute_url(self) -> str:
        return reverse("packs:detail", kwargs={"month": self.month, "version": self.version})

    @property
    def key(self) -> str:
        """The month as it appears in URLs and file names: YYYY-MM."""
        return f"{self.month:%Y-%m}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    @property
    def is_ready(self) -> bool:
        return self.status == Status.READY

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def duration(self) -> timedelta | None:
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None


class PackFile(models.Model):
    """A file a build produced, moved into place complete, with its size and checksum."""

    pack = models.ForeignKey(Pack, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=10, choices=FileKind.choices)
    path = models.CharField(max_length=300, help_text="Relative to MEDIA_ROOT.")
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField("SHA-256", max_length=64)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["pack", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["pack", "kind"], name="packs_one_file_per_kind")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[FileKind(self.kind)]


class PackAction(models.TextChoices):
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


class PackEvent(models.Model):
    """A version published or withdrawn: who, when and, for a withdrawal, why.

    ``Pack.published_at`` says whether readers may read a version now; these rows are the
    trail of what they could read, and since when."""

    pack = models.ForeignKey(Pack, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=10, choices=PackAction.choices)
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for a step taken without a user (the command line, the demo).",
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(action=PackAction.WITHDRAWN) | ~Q(reason=""),
                name="packs_withdrawal_gives_reason",
                violation_error_message="A withdrawal gives its reason.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.pack}, {self.at:%Y-%m-%d %H:%M})"


class Narrative(models.Model):
    """The performance team's summary of a month, written before the pack is published, and
    optionally a paragraph on each area.

    The summary opens the pack in every output, an area's paragraph opens its section. Each
    build copies the text into its version (``Pack.narrative``, ``Pack.area_narratives``), so
    a published version keeps what it said; the history keeps who wrote what and when.
    """

    month = models.DateField(unique=True, help_text="The first day of the reporting month.")
    summary = models.TextField(
        help_text="What the month's figures say: what improved, what worsened, what is being "
        "done about it."
    )
    areas = models.JSONField(
        default=dict,
        blank=True,
        help_text="Optional paragraphs that open an area's section: {area id: text}.",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = RestrictedQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="packs_narrative_first_day")
        ]

    def __str__(self) -> str:
        return f"Narrative of {self.month:%B %Y}"

    def of_area(self, area_id: int) -> str:
        """The paragraph on area ``area_id``; empty where the team wrote none."""
        return self.areas.get(str(area_id), "")


class RecommendationStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    CLOSED = "closed", "Closed without action"


# A recommendation in these states is still owed: past its due date it is overdue.
OUTSTANDING = (RecommendationStatus.OPEN, RecommendationStatus.IN_PROGRESS)


class Recommendation(models.Model):
    """A recommendation or action of the scrutiny panel, followed until it is done."""

    text = models.TextField("Recommendation or action")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The person who answers for it.",
    )
    made_on = models.DateField("Made on", help_text="When the panel made it.")
    due_date = models.DateField("Due by")
    status = models.CharField(
        max_length=12, choices=RecommendationStatus.choices, default=RecommendationStatus.OPEN
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = RestrictedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_date__gte=models.F("made_on")),
                name="packs_recommendation_due_after_made",
                violation_error_message="The due date cannot be before the date it was made.",
            )
        ]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 60 else f"{self.text[:59]}…"

    def get_absolute_url(self) -> str:
        return reverse("packs:recommendation", kwargs={"pk": self.pk})

    def is_overdue_on(self, day: date) -> bool:
        """Still owed on ``day`` and past its due date."""
        return self.status in OUTSTANDING and self.due_date < day


class RecommendationUpdate(models.Model):
    """A dated note of progress on a recommendation: who wrote it and what it says."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="updates"
    )
    date = models.DateField(help_text="The day the progress was made or reported.")
    text = models.TextField("Update")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["recommendation", "-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date:%d %B %Y}: {self.text[:40]}"
