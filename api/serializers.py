"""What the API returns. Report serializers describe the figures' dictionaries, so the
OpenAPI schema says exactly what each response holds."""

from decimal import ROUND_HALF_UP

from rest_framework import serializers

from indicators.calculations import Direction, Judgement, Rag
from indicators.models import Indicator, MonthlyValue, ValueState

PLACES = 4  # computed columns are exact; four decimal places are plenty for a spreadsheet


class IndicatorSerializer(serializers.ModelSerializer):
    area = serializers.CharField(source="area.name")
    owner = serializers.CharField(source="owner.username", allow_null=True)
    owner_name = serializers.CharField(source="owner.get_full_name", allow_null=True)
    reporter = serializers.CharField(source="reporter.username", allow_null=True)
    reporter_name = serializers.CharField(source="reporter.get_full_name", allow_null=True)
    companion = serializers.CharField(source="companion.ref", allow_null=True)
    derived = serializers.BooleanField(
        source="is_derived", help_text="Computed from its numerator and denominator, not entered."
    )
    numerator = serializers.CharField(source="numerator.ref", allow_null=True)
    denominator = serializers.CharField(
        source="denominator.ref",
        allow_null=True,
        help_text="Empty for a rate per children of the population figure.",
    )
    scale = serializers.DecimalField(max_digits=10, decimal_places=0, allow_null=True)

    class Meta:
        model = Indicator
        fields = (
            "id",
            "ref",
            "title",
            "area",
            "outcome",
            "unit",
            "decimal_places",
            "preferred_direction",
            "frequency",
            "snapshot",
            "owner",
            "owner_name",
            "reporter",
            "reporter_name",
            "active_from",
            "active_to",
            "companion",
            "derived",
            "numerator",
            "denominator",
            "scale",
        )
        read_only_fields = fields


def _computed(name: str) -> serializers.DecimalField:
    return serializers.DecimalField(
        source=f"computed.{name}",
        max_digits=None,
        decimal_places=PLACES,
        rounding=ROUND_HALF_UP,
        allow_null=True,
        read_only=True,
    )


def _label(name: str, choices) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        source=f"computed.{name}",
        choices=[(choice.value, choice.name) for choice in choices],  # as the schema names enums
        allow_null=True,
        read_only=True,
    )


class MonthlyValueSerializer(serializers.ModelSerializer):
    """A month's value with the dataset's computed columns (``indicators.calculations``): an
    ``api.selectors.ValueRow``, whose fields are a stored value's, or a derived indicator's
    month computed from its inputs (which may have no stored row)."""

    id = serializers.IntegerField(
        allow_null=True,
        read_only=True,
        help_text="The stored row, at /api/monthly-values/{id}/; null for a derived "
        "indicator's month that has none (a derived indicator's row holds its commentary).",
    )
    state = serializers.ChoiceField(
        choices=ValueState.choices,
        read_only=True,
        help_text="Where the value is in the return workflow; a derived value's is the least "
        "accepted of its inputs' states.",
    )
    version = serializers.IntegerField(allow_null=True, read_only=True)
    updated_at = serializers.DateTimeField(allow_null=True, read_only=True)
    ref = serializers.CharField(source="indicator.ref", read_only=True)
    area = serializers.CharField(source="indicator.area.name", read_only=True)
    unit = serializers.CharField(source="indicator.unit", read_only=True)
    pct_change_prev_month = _computed("pct_change_prev_month")
    pct_change_prev_year = _computed("pct_change_prev_year")
    direction_prev_month = _label("direction_prev_month", Direction)
    direction_prev_year = _label("direction_prev_year", Direction)
    avg_12m = _computed("avg_12m")
    max_12m = _computed("max_12m")
    judgement = _label("judgement", Judgement)
    rag = _label("rag", Rag)
    reported_by_file = serializers.SerializerMethodField(
        help_text="The computed columns whose figure is the imported file's, because the "
        "portal lacks months they need (fewer than 12 for the 12-month columns, 13 year on "
        'year), and "rag" where the RAG is the file\'s because the portal cannot judge the '
        "month (no target for its year, or neither a comparator nor a preferred direction)."
    )

    class Meta:
        model = MonthlyValue
        fields = (
            "id",
            "indicator",
            "ref",
            "area",
            "unit",
            "month",
            "value",
            "state",
            "commentary",
            "pct_change_prev_month",
            "pct_change_prev_year",
            "direction_prev_month",
            "direction_prev_year",
            "avg_12m",
            "max_12m",
            "judgement",
            "rag",
            "reported_by_file",
            "version",
            "updated_at",
        )
        read_only_fields = fields

    def get_reported_by_file(self, row) -> list[str]:
        return sorted(row.computed.from_file)


def _share() -> serializers.FloatField:
    return serializers.FloatField(allow_null=True, help_text="A percentage, one decimal place.")


def _shares() -> serializers.DictField:
    return serializers.DictField(child=_share())


class AuditFiguresSerializer(serializers.Serializer):
    """The audit analysis figures of all service areas or one; shares are of completed audits."""

    allocated = serializers.IntegerField()
    completed = serializers.IntegerField()
    not_completed = serializers.IntegerField()
    completion_rate = _share()
    grades = serializers.DictField(child=serializers.IntegerField())
    grade_shares = _shares()
    good_or_better_share = _share()
    discussion_share = _share()
    focus_5_compliance = _shares()


class MonthFirst:
    """Puts the month (and the fields named in ``first``) before the inherited figures, as
    a table reads them: one month per row."""

    first: tuple[str, ...] = ("month",)

    def get_fields(self):
        fields = super().get_fields()
        return {name: fields.pop(name) for name in self.first} | fields


class AuditSummarySerializer(MonthFirst, AuditFiguresSerializer):
    first = ("month", "theme", "published")
    month = serializers.CharField(help_text="YYYY-MM")
    theme = serializers.CharField()
    published = serializers.BooleanField()


class AuditTrendPointSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    completed = serializers.IntegerField()
    grade_shares = _shares()
    good_or_better_share = _share()


class AuditReportSerializer(AuditSummarySerializer):
    by_service_area = serializers.DictField(child=AuditFiguresSerializer())
    trend = AuditTrendPointSerializer(many=True)


class LoadFiguresSerializer(serializers.Serializer):
    """Caseload figures of a group of practitioners: never who they are."""

    practitioners = serializers.IntegerField()
    at_or_over = serializers.IntegerField(help_text="At or over their service's threshold.")
    mean = serializers.FloatField(allow_null=True)
    median = serializers.FloatField(allow_null=True)
    max = serializers.IntegerField(allow_null=True)


class CaseloadSummarySerializer(MonthFirst, LoadFiguresSerializer):
    month = serializers.CharField(help_text="YYYY-MM")


class CaseloadReportSerializer(CaseloadSummarySerializer):
    by_team = serializers.DictField(child=LoadFiguresSerializer())
    by_status = serializers.DictField(child=LoadFiguresSerializer())


class ErrorSerializer(serializers.Serializer):
    """Why a request was refused or could not be answered."""

    detail = serializers.CharField()
