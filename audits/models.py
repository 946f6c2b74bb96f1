"""Practice audits: service areas, monthly audit cycles and the audits allocated in them.

The rules that hold for one audit on its own (the case reference format, a grade only on a
completed audit) live here, so the forms, the import and the admin all apply the same ones.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from core.models import RestrictedQuerySet

DEFAULT_CASE_REFERENCE_PATTERN = r"^[A-Z]{2}\d{6}$"
# Letters, spaces, hyphens and apostrophes only, e.g. "Jane Smith", "o'brien", "SMITH".
NAME_LIKE = re.compile(r"^[^\W\d_]+(?:[\s'.-]+[^\W\d_]+)*$")
# A word of letters beside another, anywhere: "CD123456 Jane Smith".
NAME_INSIDE = re.compile(r"[^\W\d_]{2,}[\s'-]+[^\W\d_]{2,}")


def case_reference_pattern() -> re.Pattern:
    """The configured case reference format (setting ``AUDIT_CASE_REFERENCE_PATTERN``)."""
    return re.compile(
        getattr(settings, "AUDIT_CASE_REFERENCE_PATTERN", DEFAULT_CASE_REFERENCE_PATTERN)
    )


def validate_case_reference(value: str) -> None:
    """Refuse anything but a pseudonymous case number: names of children must never be stored."""
    if case_reference_pattern().fullmatch(value):
        return
    if NAME_LIKE.fullmatch(value.strip()) or NAME_INSIDE.search(value):
        raise ValidationError(
            "This looks like a person's name. Enter the case number (such as CD123456) "
            "instead: children's names must never be recorded in the portal.",
            code="name_like",
        )
    raise ValidationError(
        "Enter the case number in the case reference format, such as CD123456.",
        code="invalid",
    )


def normalise_case_reference(text: str) -> str:
    """The case reference as stored: trimmed, and upper-cased when that makes it valid."""
    text = text.strip()
    upper = text.upper()
    if upper != text and case_reference_pattern().fullmatch(upper):
        return upper
    return text


class ServiceArea(models.Model):
    """A service area of the Children and Families service; the list changes over time."""

    short_name = models.CharField(max_length=20, unique=True, help_text="For example SWF.")
    name = models.CharField(
        max_length=100, unique=True, help_text="For example Social Work with Families."
    )
    active = models.BooleanField(
        default=True, help_text="Only active service areas are offered for new audits."
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["short_name"]

    def __str__(self) -> str:
        return self.short_name


class AuditCycleQuerySet(RestrictedQuerySet):
    def published(self) -> "AuditCycleQuerySet":
        return self.filter(published_at__isnull=False)

    def restrict(self, user, action: str = "view") -> "AuditCycleQuerySet":
        """``report``: every cycle for readers of all reports, published ones for viewers."""
        if action != "report":
            return super().restrict(user, action)
        if user.is_authenticated and user.has_perm("audits.view_audit_report"):
            return self
        if user.is_authenticated and user.has_perm("audits.view_published_audit_report"):
            return self.published()
        return self.none()


class AuditCycle(models.Model):
    """One month of audits, with its optional theme; published once the QA unit signs it off."""

    month = models.DateField(unique=True, help_text="The first day of the month.")
    theme = models.CharField(max_length=200, blank=True, help_text="For example Reunifications.")
    notes = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = AuditCycleQuerySet.as_manager()

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.CheckConstraint(
                condition=Q(month__day=1),
                name="audit_cycle_month_first_day",
                violation_error_message="An audit cycle's month is stored as its first day.",
            )
        ]
        permissions = [
            ("publish_auditcycle", "Can publish the audit analysis of a cycle"),
            ("view_audit_report", "Can read the audit analysis of every cycle"),
            ("view_published_audit_report", "Can read the audit analysis of published cycles"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.month.strftime("%B %Y")

    @property
    def key(self) -> str:
        """The month as it appears in URLs and files: YYYY-MM."""
        return self.month.strftime("%Y-%m")

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Status(models.TextChoices):
    ALLOCATED = "allocated", "Allocated"
    COMPLETED = "completed", "Completed"
    NOT_COMPLETED = "not_completed", "Not completed"


class Grade(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


GOOD_OR_BETTER = (Grade.OUTSTANDING, Grade.GOOD)


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_APPLICABLE = "na", "Not applicable"


# The Focus-5 checklist for case-holding teams: field name -> question.
FOCUS_5: dict[str, str] = {
    "chronology": "Chronology present and in date",
    "case_summary": "Case summary present and in date",
    "genogram": "Cultural genogram",
    "supervision_in_timescale": "Supervision in timescale",
    "visit_in_timescale": "Visit in timescale",
}


def outcome_errors(*, status: str, grade: str) -> dict[str, str]:
    """The grade rules of one audit, by field: shared by the model, the forms and the import."""
    if status == Status.COMPLETED and not grade:
        return {"grade": "A completed audit needs a grade."}
    if status == Status.NOT_COMPLETED and grade:
        return {
            "grade": "An audit that was not completed cannot have a grade. "
            "Remove the grade, or record the audit as completed."
        }
    return {}


class AuditQuerySet(RestrictedQuerySet):
    def restrict(self, user, action: str = "view") -> "AuditQuerySet":
        """The QA unit acts on every audit; an auditor sees and edits only their own."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm(f"audits.{action}_audit"):
            return self
        if action in ("view", "change"):
            return self.allocated_to(user)
        return self.none()

    def allocated_to(self, user) -> "AuditQuerySet":
        return self.filter(auditor=user)

    def for_list(self) -> "AuditQuerySet":
        return self.select_related("cycle", "service_area", "auditor", "recorded_by")


def _answer_field(question: str) -> models.CharField:
    return models.CharField(question, max_length=3, choices=Answer.choices, blank=True)


class Audit(models.Model):
    """One case-file audit allocated to a practice manager in a cycle."""

    cycle = models.ForeignKey(AuditCycle, on_delete=models.PROTECT, related_name="audits")
    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="audits")
    case_reference = models.CharField(max_length=30, validators=[validate_case_reference])
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="audits_allocated"
    )
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.ALLOCATED)
    grade = models.CharField(max_length=25, choices=Grade.choices, blank=True)
    practitioner_discussion = models.BooleanField(
        "Discussed with the practitioner", null=True, blank=True
    )
    chronology = _answer_field(FOCUS_5["chronology"])
    case_summary = _answer_field(FOCUS_5["case_summary"])
    genogram = _answer_field(FOCUS_5["genogram"])
    supervision_in_timescale = _answer_field(FOCUS_5["supervision_in_timescale"])
    visit_in_timescale = _answer_field(FOCUS_5["visit_in_timescale"])
    good_practice = models.TextField("Areas of good practice", blank=True)
    improvement = models.TextField("Areas for improvement", blank=True)
    completed_on = models.DateField("Completed date", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who last changed the audit (empty for a command-line import).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-cycle__month", "service_area__short_name", "case_reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "case_reference"],
                name="audit_case_once_per_cycle",
                violation_error_message="This case is already allocated in this cycle.",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.COMPLETED, grade=""),
                name="audit_completed_has_grade",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.NOT_COMPLETED) | Q(grade=""),
                name="audit_not_completed_has_no_grade",
            ),
        ]
        permissions = [
            ("import_audits", "Can import audits from a spreadsheet"),
            ("record_own_audits", "Can record the audits allocated to them"),
        ]

    def __str__(self) -> str:
        return f"{self.case_reference} ({self.cycle})"

    def clean(self) -> None:
        errors = outcome_errors(status=self.status, grade=self.grade)
        if errors:
            raise ValidationError(errors)

    @property
    def is_completed(self) -> bool:
        return self.status == Status.COMPLETED
