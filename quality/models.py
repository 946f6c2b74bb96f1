"""Data-quality rules between indicators, and how each indicator's history is checked.

A rule is data, never code: a left side (an indicator, optionally times a factor), an
operator, and a right side that is either an indicator times a factor divided by a divisor
or a constant. ``quality.checks`` evaluates it with plain arithmetic, so nothing typed into
the portal is ever run.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.models import RestrictedQuerySet
from indicators.models import Indicator
from quality import checks


class Operator(models.TextChoices):
    AT_MOST = checks.AT_MOST, "is at most (≤)"
    LESS_THAN = checks.LESS_THAN, "is less than (<)"
    EQUAL = checks.EQUAL, "equals (=)"
    AT_LEAST = checks.AT_LEAST, "is at least (≥)"
    MORE_THAN = checks.MORE_THAN, "is more than (>)"
    WITHIN = checks.WITHIN, "is within N % of"


class Severity(models.TextChoices):
    ERROR = checks.ERROR, "Error"
    WARNING = checks.WARNING, "Warning"


def _decimal(*args, **options) -> models.DecimalField:
    return models.DecimalField(*args, max_digits=20, decimal_places=6, **options)


class ValidationRule(models.Model):
    """A check between two indicators' values for the same month (or one against a constant)."""

    left = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="+", verbose_name="Indicator"
    )
    left_factor = _decimal(
        default=Decimal(1), help_text="Its value is multiplied by this first; 1 leaves it as is."
    )
    operator = models.CharField(max_length=10, choices=Operator.choices)
    tolerance_pct = models.DecimalField(
        "N (%)",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text='Only for "is within N % of": how far apart the two sides may be, as a '
        "percentage of the right side.",
    )
    right_indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Compared with the indicator",
        help_text="Leave empty to compare with a constant.",
    )
    right_factor = _decimal(
        "times", default=Decimal(1), help_text="E.g. 10,000 for a rate per 10,000 children."
    )
    right_divisor = _decimal(
        "divided by", default=Decimal(1), help_text="E.g. the child population (0-17)."
    )
    constant = _decimal(
        null=True,
        blank=True,
        verbose_name="Or compared with the constant",
        help_text="Leave empty when comparing with an indicator.",
    )
    severity = models.CharField(
        max_length=10,
        choices=Severity.choices,
        default=Severity.WARNING,
        help_text="Error: the figures cannot both be right, and an import is refused. Warning: "
        "they need checking or explaining. Either way a flagged value needs commentary.",
    )
    message = models.CharField(
        max_length=300,
        help_text="What a reporter reads when the rule fails, e.g. "
        '"Referrals cannot exceed contacts".',
    )
    active = models.BooleanField(default=True, help_text="Only active rules are checked.")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = RestrictedQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["left__ref", "pk"]
        permissions = [
            ("view_data_quality", "Can read the data-quality and completeness pages"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(right_indicator__isnull=False, constant__isnull=True)
                    | Q(
                        right_indicator__isnull=True,
                        constant__isnull=False,
                        right_factor=1,
                        right_divisor=1,
                    )
                ),
                name="rule_compares_with_an_indicator_or_a_constant",
                violation_error_message="Compare with an indicator or with a constant, not both; "
                "a constant takes no factor or divisor.",
            ),
            models.CheckConstraint(
                condition=(
                    Q(operator=checks.WITHIN, tolerance_pct__isnull=False, tolerance_pct__gte=0)
                    | (~Q(operator=checks.WITHIN) & Q(tolerance_pct__isnull=True))
                ),
                name="rule_tolerance_only_for_within",
                violation_error_message='Give N (0 or more) for "is within N %% of", and only '
                "for it.",
            ),
            models.CheckConstraint(
                condition=~Q(left_factor=0) & ~Q(right_factor=0) & Q(right_divisor__gt=0),
                name="rule_factors_not_zero",
                violation_error_message="Factors cannot be 0 and the divisor must be above 0.",
            ),
        ]

    def __str__(self) -> str:
        return self.as_check().describe()

    def as_check(self) -> checks.Rule:
        """The rule as plain data for ``quality.checks`` (reads ``left``, ``right_indicator``)."""
        return checks.Rule(
            pk=self.pk,
            left=self.left.ref,
            left_factor=self.left_factor,
            operator=self.operator,
            tolerance_pct=self.tolerance_pct,
            right=self.right_indicator.ref if self.right_indicator_id else None,
            right_factor=self.right_factor,
            right_divisor=self.right_divisor,
            constant=self.constant,
            severity=self.severity,
            message=self.message,
        )


class OutlierSetting(models.Model):
    """How one indicator's new values are compared with its history, where not the default."""

    indicator = models.OneToOneField(
        Indicator, on_delete=models.CASCADE, related_name="outlier_setting"
    )
    seasonal = models.BooleanField(
        default=False,
        help_text="The figure has a yearly pattern (e.g. contacts in the school holidays): a "
        "value is only flagged when it is also far from the same month a year before.",
    )
    minimum_change = models.DecimalField(
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="A change from the usual level smaller than this is never flagged. Empty: "
        "the default for the indicator's unit.",
    )

    objects = RestrictedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator__ref"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum_change__isnull=True) | Q(minimum_change__gte=0),
                name="outlier_minimum_change_not_negative",
            )
        ]

    def __str__(self) -> str:
        return f"Outlier check of {self.indicator.ref}"
