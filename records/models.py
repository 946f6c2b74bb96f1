"""Child-level records: an upload and the rows of each list (Annex A or SSDA903) it brought.

One model per list, built from ``records.lists`` so that the columns the counting reads,
the upload keeps and the database holds are one declaration. A record holds only what the
figures need: a pseudonym for the child (HMAC-SHA256, never the identifier), gender,
ethnicity, the month of birth, and the list's dates and codes; an adopter's record (list 11)
only the pseudonym and the dates. Names, addresses and
workers never arrive (``records.reading`` drops them with a note).
"""

from django.conf import settings
from django.db import models

from records.definitions import STANDARD
from records.lists import DATE, LISTS, NUMBER, TEXT, RecordList


class RecordUpload(models.Model):
    """One upload of lists: who, when, which file, the months it covers and its state."""

    class State(models.TextChoices):
        PREVIEWED = "previewed", "Checked, waiting to be confirmed"
        STORED = "stored", "Stored"
        APPLIED = "applied", "Figures stored"
        PURGED = "purged", "Records purged"

    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    filename = models.CharField(max_length=500)
    sha256 = models.CharField(max_length=64)
    state = models.CharField(max_length=12, choices=State.choices, default=State.PREVIEWED)
    first_month = models.DateField(null=True, help_text="The first month the lists cover.")
    last_month = models.DateField(
        null=True, help_text="The last month they cover: snapshot lists are as at this month."
    )
    counts = models.JSONField(default=dict, help_text="Records kept per list.")
    problems = models.JSONField(default=list, help_text="Warnings and notes of the check.")
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]
        permissions = [
            (
                "read_records",
                "Can read child-level records (analysts of the performance team)",
            )
        ]

    def __str__(self) -> str:
        return f"Upload {self.pk}: {self.filename}"


class ChildRecord(models.Model):
    """What every list's record holds about the child, and where it came from."""

    # No database constraint: PostgreSQL checks one by a trigger per row, and COPYing five
    # years of lists (286,000 rows) took 20.6 s with it, 4.6 s without. Records are only
    # written with their upload, in its transaction, and deleted with it (records.services).
    upload = models.ForeignKey(
        RecordUpload, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    row = models.PositiveIntegerField(help_text="The row of its sheet, for tracing.")
    # Not indexed: records are read a whole list of an upload at a time, never by child.
    child_id = models.CharField(max_length=64, help_text="HMAC-SHA256 pseudonym")

    class Meta:
        abstract = True


FIELDS = {
    DATE: lambda: models.DateField(null=True),
    TEXT: lambda: models.CharField(max_length=200, blank=True, null=True),
    NUMBER: lambda: models.IntegerField(null=True),
}
MODEL_NAMES = {
    "contacts": "ContactRecord",
    "early_help": "EarlyHelpRecord",
    "referrals": "ReferralRecord",
    "assessments": "AssessmentRecord",
    "s47": "Section47Record",
    "cin": "ChildInNeedRecord",
    "cp_plans": "ChildProtectionPlanRecord",
    "children_in_care": "ChildInCareRecord",
    "care_leavers": "CareLeaverRecord",
    "adoption": "AdoptionRecord",
    "adopters": "AdopterRecord",
    "missing": "MissingRecord",
    "header": "HeaderRecord",
    "episodes": "EpisodeRecord",
    "oc3": "CareLeaverOC3Record",
}


def _model(record_list: RecordList) -> type[ChildRecord]:
    attributes = {
        column.name: FIELDS[column.kind]()
        for column in record_list.columns
        if column.name != "child_id"
    }
    meta = type("Meta", (), {"verbose_name": record_list.title})
    attributes |= {"__module__": __name__, "Meta": meta}
    return type(MODEL_NAMES[record_list.key], (ChildRecord,), attributes)


RECORD_MODELS: dict[str, type[ChildRecord]] = {
    record_list.key: _model(record_list) for record_list in LISTS
}
globals().update({model.__name__: model for model in RECORD_MODELS.values()})


class CountedIndicator(models.Model):
    """A catalogue indicator counted from records by one of the standard definitions.

    The definition's version is kept on each counted value's history ("definition version
    V") and on its :class:`CountedFigure`; a definition changed later (its version raised,
    or the indicator mapped to another) makes those figures stale, and recounting them
    stores revisions with a reason (``records.recounting``)."""

    indicator = models.OneToOneField(
        "indicators.Indicator", on_delete=models.CASCADE, related_name="+"
    )
    definition = models.CharField(
        max_length=40,
        choices=[(definition.key, definition.title) for definition in STANDARD],
        help_text="The standard definition its figure is counted by (records.definitions).",
    )

    class Meta:
        ordering = ["indicator__ref"]

    def __str__(self) -> str:
        return f"{self.indicator.ref} counted as {self.get_definition_display()}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.indicator_id and self.indicator.numerator_id:
            raise ValidationError(
                {
                    "indicator": "A derived indicator is computed from its counts: map its "
                    "numerator and denominator instead."
                }
            )


class CountedFigure(models.Model):
    """What a value counted from records was counted by: the upload, the definition and its
    version, and the figure written.

    Written with the value by ``records.figures``; the history's words say the same for
    people, this row says it for the code, so finding the figures a changed definition left
    stale is a query, not a parse of history text. A value changed since by anyone else
    (its figure no longer the one counted) is no longer a counted value."""

    monthly_value = models.OneToOneField(
        "indicators.MonthlyValue", on_delete=models.CASCADE, related_name="+"
    )
    # Protected: an upload whose figures were stored is kept (its records may be purged).
    upload = models.ForeignKey(RecordUpload, on_delete=models.PROTECT, related_name="+")
    definition = models.CharField(max_length=40, help_text="The definition's key.")
    version = models.PositiveIntegerField(help_text="The definition's version then.")
    figure = models.DecimalField(
        max_digits=14, decimal_places=4, null=True, help_text="The value as counted."
    )
    counted_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Counted from upload {self.upload_id} by {self.definition} v{self.version}"
