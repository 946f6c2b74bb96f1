"""Caseloads: each month, how many cases every practitioner holds, in which team and status.

A service (SWF, YJS, ...) sets the threshold at or over which a caseload is reported; a
team belongs to a service and has managers; a practitioner is known by a staff identifier
(the display name is shown only to those :func:`caseloads.selectors.identity_rule` allows).
The monthly snapshot is the set of :class:`Caseload` rows of one month, each recording the
team and qualifying status the practitioner had *that* month, so a past month's report does
not change when someone moves team or qualifies.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Lower

from core.models import PeriodStatus, ReportingPeriod, RestrictedQuerySet

ROWS_PERMISSION = "caseloads.view_caseload"


def name_key(text: str) -> str:
    """A team or status name as compared: runs of spaces collapsed, case ignored."""
    return " ".join(text.split()).casefold()


class Recorded(models.Model):
    """Who changed a row last and when (the import, the admin and the demo all set it)."""

    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text="Empty for demo data or a command-line import run without --user.",
    )

    class Meta:
        abstract = True


class Service(Recorded):
    code = models.CharField(
        max_length=10, unique=True, help_text="The first word of its teams' names, e.g. SWF."
    )
    name = models.CharField(max_length=100)
    threshold = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1)],
        help_text="A practitioner holding this many allocations or more is reported.",
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} ({self.name})"


class Team(Recorded):
    name = models.CharField(max_length=100, help_text='Starts with its service code: "SWF East 2".')
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="teams")
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="managed_teams",
        help_text="They see the display names of this team's practitioners.",
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="caseloads_team_name_unique")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.name = " ".join(self.name.split())


class TeamServiceRule(Recorded):
    """Which service a team belongs to when its name does not begin with a service code
    ("Frontline Team"): the caseload import creates such a team in this service instead of
    asking about it. Edited in the admin by the performance team."""

    team_name = models.CharField(
        max_length=100, help_text='The team as caseload files name it, e.g. "Frontline Team".'
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="team_rules")

    class Meta:
        ordering = ["team_name"]
        verbose_name = "team -> service rule"
        constraints = [
            models.UniqueConstraint(Lower("team_name"), name="caseloads_team_rule_name_unique")
        ]

    def __str__(self) -> str:
        return f"{self.team_name} -> {self.service.code}"

    def clean(self) -> None:
        self.team_name = " ".join(self.team_name.split())


class QualifyingStatus(Recorded):
    name = models.CharField(
        max_length=60, unique=True, help_text='As the report writes it: "NQSW".'
    )
    description = models.CharField(max_length=200, blank=True)
    newly_qualified = models.BooleanField(
        default=False, help_text="Highlighted in the report when at or over the threshold."
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in the report.")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "qualifying statuses"

    def __str__(self) -> str:
        return self.name


class Practitioner(Recorded):
    staff_id = models.CharField("staff identifier", max_length=30, unique=True)
    display_name = models.CharField(
        max_length=150,
        blank=True,
        help_text="Shown only to the performance team and the managers of the practitioner's team.",
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["staff_id"]
        permissions = [("view_practitioner_name", "Can see every practitioner's display name")]

    def __str__(self) -> str:
        return self.staff_id


class CaseloadQuerySet(RestrictedQuerySet):
    def restrict(self, user, action: str = "view") -> "CaseloadQuerySet":
        """``report``, the rule of the caseload report on the page and through the API alike:
        readers of the rows (the performance team, owners) read every month; readers of
        aggregates only (the scrutiny panel) read the months whose return is published, as
        the pack shows them, never a month still being checked."""
        rows = super().restrict(user, action)
        if action == "report" and not user.has_perm(ROWS_PERMISSION):
            published = ReportingPeriod.objects.filter(
                month=OuterRef("month"), status=PeriodStatus.PUBLISHED
            )
            return rows.filter(Exists(published))
        return rows

    def months(self) -> "CaseloadQuerySet":
        """The distinct months of these rows, newest first."""
        return self.order_by("-month").values_list("month", flat=True).distinct()

    def with_load(self) -> "CaseloadQuerySet":
        """Rows with what every caseload page shows, and whether each is at or over threshold."""
        return self.select_related("practitioner", "team__service", "qualifying_status").annotate(
            threshold=F("team__service__threshold"),
            at_or_over=Q(allocations__gte=F("team__service__threshold")),
        )


class Caseload(Recorded):
    """One practitioner's allocated cases in one month, in the team and status of that month."""

    month = models.DateField(help_text="The first day of the month of the snapshot.")
    practitioner = models.ForeignKey(
        Practitioner, on_delete=models.PROTECT, related_name="caseloads"
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="caseloads")
    qualifying_status = models.ForeignKey(
        QualifyingStatus, on_delete=models.PROTECT, related_name="caseloads"
    )
    allocations = models.PositiveIntegerField(help_text="The number of allocated cases.")

    objects = CaseloadQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "-allocations", "practitioner__staff_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "practitioner"], name="caseloads_one_caseload_per_month"
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="caseloads_month_is_first_day"),
        ]
        permissions = [
            ("report_caseload", "Can read the caseload report"),
            ("import_caseload", "Can import caseload snapshots"),
        ]

    def __str__(self) -> str:
        return f"{self.practitioner}, {self.month:%B %Y}: {self.allocations}"
