"""The indicator catalogue, the monthly values and the deputies who may act on them.

Invariants the database enforces: refs are unique whatever their case (kept as written:
``m1`` may not stand beside ``M1``), one value per
indicator and month, months are the first day of the month, percentages lie in 0-100.
"""

import re
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from core.models import PeriodStatus, ReportingPeriod, RestrictedQuerySet
from core.months import financial_year_name
from core.people import display_name
from indicators.calculations import (
    Column,
    Comparator,
    Frequency,
    PreferredDirection,
    is_reporting_month,
    reporting_frequencies,
)


class Area(models.Model):
    """A part of the service the dataset is grouped by (MASH, Early Help, Child Protection...)."""

    name = models.CharField(max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order of the area in the dataset and the pack."
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


REF_LETTERS = re.compile(r"[A-Za-z]+")


class AreaRule(models.Model):
    """Which area a new indicator joins when its file names none (no Area column, no section
    title above it): the letters its ref starts with, e.g. ``EH`` for EH1c. Editable, as the
    team's refs change; indicators already in the catalogue keep their area."""

    prefix = models.CharField(
        max_length=20,
        unique=True,
        help_text="The letters a ref starts with, before its first digit or sign: EH for EH1c.",
    )
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="rules")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["prefix"]
        verbose_name = "area rule"

    def __str__(self) -> str:
        return f"{self.prefix} -> {self.area}"

    @staticmethod
    def prefix_of(ref: str) -> str:
        """The letters ``ref`` starts with ("" for a number such as 74), upper case: the
        whole run, so a rule for ``M`` never takes ``MH1``."""
        match = REF_LETTERS.match(ref.strip())
        return match.group().upper() if match else ""


class Unit(models.TextChoices):
    COUNT = "count", "Count"
    PERCENTAGE = "percentage", "Percentage"
    RATE_PER_10000 = "rate_per_10000", "Rate per 10,000 children"
    RATE_PER_100000 = "rate_per_100000", "Rate per 100,000"  # e.g. first-time entrants (YO2)
    RATE = "rate", "Other rate"


class IndicatorQuerySet(RestrictedQuerySet):
    def restrict(self, user, action: str = "view") -> "IndicatorQuerySet":
        """The catalogue for those who may read it; for readers of published packs only
        (viewers), the indicators that have a value they may read: what the pack shows. A
        derived indicator has no value of its own: it has one where its inputs have.
        Pages and the API both read indicators through here."""
        if (
            action != "view"
            or not user.is_authenticated
            or user.has_perm("indicators.view_indicator")
        ):
            return super().restrict(user, action)
        readable = MonthlyValue.objects.restrict(user, "view")

        def has_value(indicator: str) -> Exists:
            return Exists(readable.filter(indicator=OuterRef(indicator)))

        derived = (
            Q(numerator__isnull=False)
            & has_value("numerator")
            & (Q(denominator__isnull=True) | has_value("denominator"))
        )
        return self.filter(has_value("pk") | derived)

    def played_by(self, user, *, hat: "Hat | None" = None) -> "IndicatorQuerySet":
        """The indicators for which ``user`` plays ``hat`` (reporter or owner; either, if
        None): named in the catalogue, or as a deputy for that part. The one statement of
        who plays a part, read by access to values, worklists, the return's steps and its
        e-mails alike, so that a deputy can never be one thing on a page and another in a
        permission."""
        if not user.is_authenticated:
            return self.none()
        hats = [hat] if hat else list(Hat)
        named = Q()
        for each in hats:
            named |= Q(**{each.value: user})
        deputising = Deputy.objects.filter(indicator=OuterRef("pk"), user=user, hat__in=hats)
        return self.filter(named | Q(Exists(deputising)))

    def entered(self) -> "IndicatorQuerySet":
        """Indicators whose values people enter: every one but the derived."""
        return self.filter(numerator__isnull=True)

    def active_in(self, month) -> "IndicatorQuerySet":
        """Indicators running in ``month``: started by then and not yet ended."""
        return self.filter(
            Q(active_from__isnull=True) | Q(active_from__lte=month),
            Q(active_to__isnull=True) | Q(active_to__gte=month),
        )

    def due_in(self, month) -> "IndicatorQuerySet":
        """Indicators whose return expects a value in ``month``: running then, and reporting
        in that month by their frequency (a quarterly measure at quarter ends only)."""
        return self.active_in(month).filter(frequency__in=reporting_frequencies(month))

    def expected_in(self, month) -> "IndicatorQuerySet":
        """Indicators whose value someone must enter for ``month``: due then, and not derived
        (those are worked out from their inputs). The one set every count of a month's
        return is taken over - an ended measure is not expected, so never overdue or missing."""
        return self.entered().due_in(month)


def ref_clash(*, ref: str, other: str, where: str = "in the catalogue") -> str:
    """Why ``ref`` may not be added beside ``other``, a ref differing from it only in case:
    the team reads m1 and M1 as one indicator, and a file naming one would miss the other."""
    return (
        f'The ref "{ref}" differs only in upper or lower case from "{other}", {where}: '
        "refs must differ by more than their case."
    )


class Indicator(models.Model):
    ref = models.CharField(
        "Ref", max_length=40, unique=True, help_text="E.g. M1, CP6B-NI, LAC10 (%)."
    )
    title = models.CharField(max_length=400)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="indicators")
    outcome = models.TextField(
        "Outcome statement",
        blank=True,
        help_text="What impact will monitoring this have on the experiences of our children?",
    )
    unit = models.CharField(max_length=20, choices=Unit.choices, default=Unit.COUNT)
    decimal_places = models.PositiveSmallIntegerField(default=0)
    preferred_direction = models.CharField(
        "Preferred direction of travel",
        max_length=10,
        choices=PreferredDirection.choices,
        default=PreferredDirection.NEITHER,
    )
    frequency = models.CharField(
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.MONTHLY,
        help_text="How often the measure has a value: quarterly measures are due at quarter "
        "ends (Jun, Sep, Dec, Mar), annual ones in March; returns expect them only then.",
    )
    snapshot = models.BooleanField(
        default=False, help_text="The value is a count at the end of the period."
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_indicators",
        help_text="The data owner: checks and submits the value and commentary.",
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reported_indicators",
        help_text="Prepares the monthly value and writes the commentary.",
    )
    # People are named whether or not they have an account: the name as the dataset writes
    # it is kept, and shown wherever no account is linked (one can be linked later).
    owner_name = models.CharField(
        max_length=150, blank=True, help_text="The owner as named in the dataset."
    )
    reporter_name = models.CharField(
        max_length=150, blank=True, help_text="The reporter as named in the dataset."
    )
    active_from = models.DateField(
        null=True, blank=True, help_text="First month of the measure; empty if always."
    )
    active_to = models.DateField(
        null=True, blank=True, help_text="Last month of the measure; empty while it runs."
    )
    companion = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The paired indicator: the count behind a percentage, or the rate of a count.",
    )
    definition_notes = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0, help_text="Order within its area.")
    # A derived indicator: numerator / denominator x scale over the counts of the same month,
    # computed when read (``indicators.selectors.derived_points``), never entered.
    numerator = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Derived indicators only: the count divided.",
    )
    denominator = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Derived indicators only: the count divided by; empty for a rate per "
        "children of the population figure.",
    )
    scale = models.DecimalField(
        max_digits=10,
        decimal_places=0,
        null=True,
        blank=True,
        help_text="Derived indicators only: 100 for a percentage, 10,000 for a rate.",
    )

    objects = IndicatorQuerySet.as_manager()
    # Every change to the catalogue entry (a file, the admin): who, when, old and new, why.
    history = HistoricalRecords(history_change_reason_field=models.TextField(null=True))

    class Meta:
        ordering = ["area__position", "area__name", "position", "ref"]
        permissions = [("import_dataset", "Can import the monthly dataset")]
        constraints = [
            # Derived exactly when there is a numerator, and then always with a scale.
            models.CheckConstraint(
                condition=Q(numerator__isnull=True, denominator__isnull=True, scale__isnull=True)
                | Q(numerator__isnull=False, scale__gt=0),
                name="derived_has_numerator_and_scale",
            ),
            # Refs are kept as written but unique whatever their case (``ref_clash``).
            models.UniqueConstraint(
                Lower("ref"),
                name="ref_unique_whatever_its_case",
                violation_error_message="Refs must differ by more than their upper or lower "
                "case: an indicator with this ref in other case is already in the catalogue.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ref} - {self.title}"

    def clean(self) -> None:
        """A ref differing only in case from another is refused on the ref, naming the other
        (the database's constraint would say only that one exists)."""
        from django.core.exceptions import ValidationError

        other = (
            Indicator.objects.exclude(pk=self.pk)
            .annotate(folded=Lower("ref"))
            .filter(folded=Lower(models.Value(self.ref)))
            .exclude(ref=self.ref)  # the same ref exactly: the field's own unique check says so
            .values_list("ref", flat=True)
            .first()
        )
        if other is not None:
            raise ValidationError({"ref": ref_clash(ref=self.ref, other=other)})

    @property
    def is_derived(self) -> bool:
        return self.numerator_id is not None

    @property
    def owner_label(self) -> str:
        """The owner's account name, else the name the dataset gives."""
        return display_name(self.owner) or self.owner_name

    @property
    def reporter_label(self) -> str:
        """The reporter's account name, else the name the dataset gives."""
        return display_name(self.reporter) or self.reporter_name

    def is_active_in(self, month) -> bool:
        return (self.active_from is None or self.active_from <= month) and (
            self.active_to is None or self.active_to >= month
        )

    def is_due_in(self, month) -> bool:
        """``IndicatorQuerySet.due_in`` for one indicator."""
        return self.is_active_in(month) and is_reporting_month(month, frequency=self.frequency)


class Population(models.Model):
    """The number of children aged 0-17: the denominator of the rates per 10,000 children.

    A figure is used from the month the team adopted it until the next one (the mid-year
    estimate of a year arrives the year after), so each month's rate uses the figure of
    the newest ``in_use_from`` on or before it.
    """

    year = models.PositiveSmallIntegerField(
        unique=True, help_text="The year the estimate is for, e.g. 2015 for mid-2015."
    )
    children = models.PositiveIntegerField("Children aged 0-17")
    source = models.CharField(max_length=200, help_text="E.g. ONS mid-year estimates.")
    in_use_from = models.DateField(
        unique=True, help_text="The first month whose rates use this figure (its first day)."
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-in_use_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(in_use_from__day=1), name="population_from_first_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.children:,} children aged 0-17 ({self.year}, {self.source})"


class Benchmark(models.Model):
    class Group(models.TextChoices):
        STATISTICAL_NEIGHBOURS = "statistical_neighbours", "Statistical neighbours"
        ENGLAND = "england", "England"
        REGION = "region", "South East region"
        PRIOR_YEAR = "prior_year", "Own prior year"

    class Caveat(models.TextChoices):
        """Why a benchmark has no figure, as the team's file says it: "Local" / "Local
        ind'ctr" (a local measure, with no national figure) or "-" / "n/a" (not available).
        A blank cell states nothing, and nothing is stored for it."""

        NONE = "", "None (a figure)"
        LOCAL = "local", "Local measure"
        NOT_AVAILABLE = "not_available", "Not available"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="benchmarks")
    group = models.CharField(max_length=30, choices=Group.choices)
    value = models.DecimalField(
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="Empty where there is no figure; the caveat says why.",
    )
    caveat = models.CharField(
        max_length=20,
        choices=Caveat.choices,
        blank=True,
        default=Caveat.NONE,
        help_text="Why there is no figure: a local measure, or not available.",
    )
    year = models.CharField(max_length=20, blank=True, help_text="E.g. 2015-16.")

    objects = RestrictedQuerySet.as_manager()
    history = HistoricalRecords(history_change_reason_field=models.TextField(null=True))

    class Meta:
        ordering = ["indicator", "group", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "group", "year"], name="one_benchmark_per_group_and_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.ref} {self.get_group_display()} {self.year}"

    @property
    def shown(self) -> str:
        """The words that stand for a benchmark without a figure ("Local measure", "Not
        available"; "Not stated" where no caveat was given), "" where there is a figure."""
        if self.value is not None:
            return ""
        return self.get_caveat_display() if self.caveat else "Not stated"


class Target(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    financial_year = models.PositiveSmallIntegerField(
        help_text="The year the financial year starts in April: 2016 means 2016-17."
    )
    value = models.DecimalField(max_digits=14, decimal_places=4)
    comparator = models.CharField(
        max_length=2, choices=Comparator.choices, blank=True, default=Comparator.NONE
    )
    rag_tolerance = models.DecimalField(
        "RAG tolerance (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal(5),
        help_text="Within this percentage of the target on the wrong side is amber, not red.",
    )

    objects = RestrictedQuerySet.as_manager()
    history = HistoricalRecords(history_change_reason_field=models.TextField(null=True))

    class Meta:
        ordering = ["indicator", "-financial_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "financial_year"], name="one_target_per_financial_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.ref} {financial_year_name(self.financial_year)}"


class ReportedFigure(models.Model):
    """A computed column as an imported file reported it, for one indicator and month.

    The portal computes its columns from the values it holds; where it lacks months a column
    needs (a file with seven months of history, the 12-month maximum of its latest month),
    the dataset shows this figure, marked as the file's, rather than a shorter window under
    the column's label. A later import of the same month replaces it.
    """

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="reported_figures"
    )
    month = models.DateField(help_text="The first day of the month the figure is for.")
    column = models.CharField(max_length=30, choices=Column.choices)
    value = models.DecimalField(max_digits=14, decimal_places=4)
    imported_at = models.DateTimeField()

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "month", "column"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "month", "column"], name="one_reported_figure_per_column"
            ),
            models.CheckConstraint(
                condition=Q(month__day=1), name="reported_figure_month_is_first_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.ref} {self.month:%b %Y} {self.get_column_display()}: {self.value}"


class ValueState(models.TextChoices):
    """Where a month's value is in the return workflow (see ``returns.services.workflow``)."""

    DRAFT = "draft", "Draft"
    WITH_OWNER = "with_owner", "With owner"
    SUBMITTED = "submitted", "Submitted"
    ACCEPTED = "accepted", "Accepted"


class BlankReason(models.TextChoices):
    """Why a month's value is left blank: missing is not zero, and a blank goes on to the
    owner, the performance team and the pack only with its reason."""

    NONE = "", "None given"
    NOT_YET_AVAILABLE = "not_yet_available", "Not yet available"
    NOT_COLLECTED = "not_collected", "Not collected this month"
    MEASURE_ENDED = "measure_ended", "Measure ended"
    OTHER = "other", "Other (write it)"


def blank_reason_words(reason: str, text: str) -> str:
    """A blank's reason as readers see it: "not yet available", with any words written
    beside it in brackets, or the written reason alone; empty where none is given."""
    text = text.strip()
    if reason in (BlankReason.OTHER, BlankReason.NONE):
        return text
    label = BlankReason(reason).label.lower()
    return f"{label} ({text})" if text else label


# The reason in a value's (and the catalogue's) history of what an import wrote.
IMPORTED = "Imported"
# Reasons in a value's history of a revision after publication: never silent.
REVISED_AFTER_PUBLICATION = "Revised after publication"
REVISED_BY_IMPORT = "Revision by import (revisions allowed)"
# The states from least to most advanced: a derived value takes the least of its inputs'.
STATE_ORDER = tuple(ValueState.values)

# The reason in a value's history when its figure is cleared because its indicator is
# derived (computed from its counts when read, so a stored figure is never read).
DERIVED_FIGURE_CLEARED = "Cleared: the indicator is derived, its value computed from its counts"


class ChangeKind(models.TextChoices):
    """What kind of write a value's history record is: what the code decides by (who did
    the work, whether it is a revision), while the free-text reason beside it is for people
    and may say anything. Every writer of values names its kind."""

    OPENED = "opened", "Month opened"
    ENTERED = "entered", "Entered in the portal"
    STEP = "step", "Step of the return"
    REVISION = "revision", "Revision after publication"
    IMPORTED = "imported", "Imported"
    IMPORT_REVISION = "import_revision", "Revision by import"
    DERIVED = "derived", "Figure cleared: the indicator is derived"


# A value whose last change is none of these was worked on by someone in the portal: an
# import's writes and the clearing of a derived figure are nobody's entry.
IMPORT_KINDS = (ChangeKind.IMPORTED, ChangeKind.IMPORT_REVISION, ChangeKind.DERIVED)
# Changes to a published month: shown as revisions, never silent.
REVISION_KINDS = (ChangeKind.REVISION, ChangeKind.IMPORT_REVISION)


class ValueHistory(models.Model):
    """What a value's history record adds to simple-history's: the kind of the change."""

    history_change_kind = models.CharField(
        max_length=20,
        choices=ChangeKind.choices,
        # A save outside the portal's writers (the admin's form) is someone's entry.
        default=ChangeKind.ENTERED,
    )

    class Meta:
        abstract = True


# Values in these states have been vouched for: an import never overwrites them silently.
VOUCHED_STATES = (ValueState.SUBMITTED, ValueState.ACCEPTED)


# Deputies sit beside the values whose access they decide, with the reporting periods of
# ``core.models``: who may read or change a month's value depends on both.


class Hat(models.TextChoices):
    """The part a person plays for one indicator in its return."""

    REPORTER = "reporter", "Reporter"
    OWNER = "owner", "Owner"


class Deputy(models.Model):
    """Someone who may act for an indicator's reporter or owner (leave, cover, shared posts)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="deputies")
    hat = models.CharField("Deputises for the", max_length=10, choices=Hat.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deputy_for"
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "hat", "user"]
        verbose_name_plural = "deputies"
        db_table = "returns_deputy"
        constraints = [
            models.UniqueConstraint(fields=["indicator", "hat", "user"], name="one_deputy_per_hat")
        ]

    def __str__(self) -> str:
        return f"{self.user} for the {self.get_hat_display().lower()} of {self.indicator.ref}"


def people_playing(*, indicators: Iterable[Indicator], hat: Hat) -> dict[int, list]:
    """Who plays ``hat`` for each of ``indicators`` (loaded with their ``hat``), by
    indicator id: the person named in the catalogue first, then the deputies - the other
    side of ``IndicatorQuerySet.played_by``, for those who must hear of a return. One query."""
    named = {indicator.pk: getattr(indicator, hat) for indicator in indicators}
    people: dict[int, list] = {pk: [person] if person else [] for pk, person in named.items()}
    deputies = Deputy.objects.filter(indicator__in=list(people), hat=hat).select_related("user")
    for deputy in deputies:
        people[deputy.indicator_id].append(deputy.user)
    return people


class MonthlyValueQuerySet(RestrictedQuerySet):
    def restrict(self, user, action: str = "view") -> "MonthlyValueQuerySet":
        """Whose values a user may ``action``: the performance team every value; others the
        values of the indicators they report, own or deputise for; and, to read, anyone
        signed in the accepted values of published months (what the pack shows)."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm("indicators.change_monthlyvalue"):
            return self
        rows = Q(indicator__in=Indicator.objects.played_by(user))
        if action == "view":
            published = ReportingPeriod.objects.filter(
                month=OuterRef("month"), status=PeriodStatus.PUBLISHED
            )
            rows |= Q(state=ValueState.ACCEPTED) & Q(Exists(published))
        return self.filter(rows)


# A month's commentary is a few paragraphs; a megabyte of it made one indicator page 4.2 MB.
# PostgreSQL does not enforce a text column's length: the validator (admin, its spreadsheet
# import), the return's form and the dataset import's preview do, naming where it is too long.
COMMENTARY_MAX_LENGTH = 5_000


class MonthlyValue(models.Model):
    """One indicator's value and commentary for one month. Missing (null) is not zero."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    month = models.DateField(help_text="The first day of the reporting month.")
    value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    commentary = models.TextField(
        blank=True,
        max_length=COMMENTARY_MAX_LENGTH,
        validators=[MaxLengthValidator(COMMENTARY_MAX_LENGTH)],
    )
    blank_reason = models.CharField(
        max_length=20,
        choices=BlankReason.choices,
        blank=True,
        default="",
        help_text="Why the value is blank; needed before a blank value goes on.",
    )
    blank_reason_text = models.TextField(
        blank=True, help_text="The reason in words, where it is none of the listed ones."
    )
    state = models.CharField(max_length=12, choices=ValueState.choices, default=ValueState.DRAFT)
    version = models.PositiveIntegerField(
        default=1, help_text="Raised on every save; a form saved over a newer version is refused."
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = MonthlyValueQuerySet.as_manager()
    # Every change to a value or its commentary - by form, workflow or import - with who,
    # when and why (``history_change_reason``, e.g. a revision after publication), and the
    # kind of change the code reads (``history_change_kind``).
    history = HistoricalRecords(
        bases=[ValueHistory],
        excluded_fields=["updated_at"],
        # Reasons (a return, a revision after publication) are kept whole, however long.
        history_change_reason_field=models.TextField(null=True),
    )

    class Meta:
        ordering = ["indicator", "month"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "month"], name="one_value_per_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="value_month_is_first_day"),
            # A reason is for a blank: a figure written over it takes it away.
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(blank_reason="", blank_reason_text=""),
                name="blank_reason_only_when_blank",
            ),
        ]
        # Worklists, packs and the dataset read one month of every indicator; without this
        # PostgreSQL scans every value ever recorded to find them.
        indexes = [models.Index(fields=["month", "indicator"], name="value_by_month")]

    def __str__(self) -> str:
        return f"{self.indicator.ref} {self.month:%b %Y}: {self.value}"

    @property
    def blank_reason_words(self) -> str:
        return blank_reason_words(self.blank_reason, self.blank_reason_text)

    def clean(self) -> None:
        """Unit-aware validation, also for the admin and its spreadsheet import."""
        from django.core.exceptions import ValidationError

        from indicators.units import value_problem

        if self.month and self.month.day != 1:
            raise ValidationError({"month": "A month is stored as its first day."})
        if self.indicator_id and (
            problem := value_problem(unit=self.indicator.unit, value=self.value)
        ):
            raise ValidationError({"value": problem})
