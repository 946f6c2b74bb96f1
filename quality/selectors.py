"""Reads of the data-quality checks: the flags on monthly values, wherever values are seen.

The same checks run in three places - the import preview (:func:`problems_for_values`),
the return's pages and steps (:func:`flags_for`, :func:`commentary_refusals`) and the
monthly data-quality page (:func:`month_quality`) - each in a fixed number of queries:
the active rules, the indicators involved with their outlier settings, and their values
over the history the outlier check needs.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from copy import copy
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q

from core.months import add_months, month_name
from imports.plans import Problem, Severity
from indicators.models import Indicator, MonthlyValue
from quality import checks
from quality.models import ValidationRule

Key = tuple[str, date]  # (ref, month)
Location = tuple[int | None, str | None]  # (line, column) of a value in an uploaded file


@dataclass
class CheckData:
    """What the checks read: each indicator's ref by id, its values, its outlier settings."""

    refs: dict[int, str]
    series: dict[str, dict[date, Decimal | None]]
    histories: dict[str, checks.History]
    rules: list[checks.Rule]

    def flags(self, checked: Iterable[Key]) -> list[checks.Flag]:
        return checks.flags(
            series=self.series, histories=self.histories, rules=self.rules, checked=checked
        )


def active_rules() -> list[checks.Rule]:
    rules = ValidationRule.objects.filter(active=True).select_related("left", "right_indicator")
    return [rule.as_check() for rule in rules]


def check_data(*, indicators: Q, months: Iterable[date]) -> CheckData:
    """The checks' data for the ``indicators`` (and those their rules name) in ``months``."""
    months = set(months)
    rules = active_rules()
    named = {ref for rule in rules for ref in rule.refs}
    chosen = (
        Indicator.objects.filter(indicators | Q(ref__in=named))
        .select_related("outlier_setting")
        .only("ref", "unit", "outlier_setting__seasonal", "outlier_setting__minimum_change")
    )
    refs, histories = {}, {}
    for indicator in chosen:
        setting = getattr(indicator, "outlier_setting", None)
        refs[indicator.pk] = indicator.ref
        histories[indicator.ref] = checks.History(
            minimum_change=checks.minimum_change_for(
                unit=indicator.unit, override=setting and setting.minimum_change
            ),
            unit=indicator.unit,
            seasonal=bool(setting and setting.seasonal),
        )
    series: dict[str, dict[date, Decimal | None]] = defaultdict(dict)
    if months:
        values = MonthlyValue.objects.filter(
            indicator__in=list(refs),
            month__gte=add_months(min(months), -checks.HISTORY_MONTHS),
            month__lte=max(months),
        ).values_list("indicator_id", "month", "value")
        for indicator_id, month, value in values:
            series[refs[indicator_id]][month] = value
    return CheckData(refs=refs, series=series, histories=histories, rules=rules)


def flags_for(*, monthly_values: Iterable[MonthlyValue]) -> dict[int, list[checks.Flag]]:
    """The flags on each monthly value, by its id: three queries, whatever their number.

    The values' own ``value`` is checked, saved or not, so a form can show the flags of what
    was typed before it is saved.
    """
    rows = list(monthly_values)
    if not rows:
        return {}
    data = check_data(
        indicators=Q(pk__in={row.indicator_id for row in rows}), months={row.month for row in rows}
    )
    ids: dict[Key, int] = {}
    for row in rows:
        key = (data.refs[row.indicator_id], row.month)
        data.series[key[0]][row.month] = row.value
        ids[key] = row.pk
    flagged: dict[int, list[checks.Flag]] = {row.pk: [] for row in rows}
    for flag in data.flags(ids):
        for ref in flag.refs:
            if (ref, flag.month) in ids:
                flagged[ids[ref, flag.month]].append(flag)
    return flagged


def commentary_refusals(*, monthly_values: Iterable[MonthlyValue]) -> list[str]:
    """Why each flagged value without commentary may not be passed on or submitted yet.

    A flag asks for an explanation ("explain this movement"): the owner and the performance
    team read the commentary beside the flag before they submit or accept the value.
    Values need ``indicator`` loaded.
    """
    return list(commentary_refusals_by_value(monthly_values=monthly_values).values())


def commentary_refusals_by_value(*, monthly_values: Iterable[MonthlyValue]) -> dict[int, str]:
    """``commentary_refusals`` by value id, for a bulk step that goes on without them."""
    rows = list(monthly_values)
    flagged = flags_for(monthly_values=rows)
    return {
        row.pk: f"{row.indicator.ref}, {month_name(row.month)} is flagged: write commentary "
        f"that explains it before passing it on. "
        f"{' '.join(flag.message for flag in flagged[row.pk])}"
        for row in rows
        if flagged[row.pk] and not row.commentary.strip()
    }


def fraction_question(*, monthly_value: MonthlyValue, value: Decimal | None) -> str | None:
    """The "did you mean 28%?" question on ``value`` typed for the monthly value, before it
    is saved; None when the checks ask none."""
    typed = copy(monthly_value)
    typed.value = value
    flagged = flags_for(monthly_values=[typed])[monthly_value.pk]
    return next((flag.message for flag in flagged if flag.kind == checks.FRACTION), None)


def problems_for_values(
    *,
    month_values: Mapping[Key, Decimal | None],
    locations: Mapping[Key, Location] | None = None,
) -> list[Problem]:
    """The import preview's problems from the checks: error-severity rules are errors (the
    import is refused, like any other error), outliers and warning rules are warnings.

    ``month_values`` are the values a file would leave, by (ref, month); values it does not
    hold are read from the database. Only the values the file adds or changes are checked:
    an unchanged value was checked when it came in. ``locations`` give each value's row and
    column in the file, so that the problem names them.
    """
    if not month_values:
        return []
    data = check_data(
        indicators=Q(ref__in={ref for ref, _ in month_values}),
        months={month for _, month in month_values},
    )
    missing = object()
    changed = {
        (ref, month)
        for (ref, month), value in month_values.items()
        if data.series[ref].get(month, missing) != value
    }
    for (ref, month), value in month_values.items():
        data.series[ref][month] = value
    return [
        _problem(flag, changed=changed, locations=locations or {}) for flag in data.flags(changed)
    ]


def _problem(flag: checks.Flag, *, changed: set[Key], locations: Mapping[Key, Location]) -> Problem:
    """The flag as an import problem, placed on the first of its values that the file changes."""
    placed = next(ref for ref in flag.refs if (ref, flag.month) in changed)
    line, column = locations.get((placed, flag.month), (None, None))
    return Problem(
        flag.message,
        line=line,
        column=column,
        context=f"{', '.join(flag.refs)}, {month_name(flag.month)}",
        severity=Severity.ERROR if flag.is_error else Severity.WARNING,
    )


@dataclass(frozen=True)
class FlaggedValue:
    monthly_value: MonthlyValue
    flags: list[checks.Flag]

    @property
    def explained(self) -> bool:
        return bool(self.monthly_value.commentary.strip())

    @property
    def has_error(self) -> bool:
        return any(flag.is_error for flag in self.flags)


@dataclass(frozen=True)
class MonthQuality:
    """The data-quality page of a month: every flagged value, errors first, and how many
    entered values are blank, with and without the reason that lets them go on."""

    month: date
    checked: int
    flagged: list[FlaggedValue]
    blank: int = 0
    blank_without_reason: int = 0

    @property
    def errors(self) -> int:
        return sum(item.has_error for item in self.flagged)

    @property
    def unexplained(self) -> int:
        return sum(not item.explained for item in self.flagged)


def month_quality(*, month: date, user) -> MonthQuality:
    """The flags on ``month``'s values the user may read: four queries, whatever their number."""
    rows = list(
        MonthlyValue.objects.restrict(user, "view")
        .filter(month=month)
        .select_related("indicator__area")
        .order_by("indicator__area__position", "indicator__position", "indicator__ref")
    )
    flagged = flags_for(monthly_values=rows)
    items = [FlaggedValue(row, flagged[row.pk]) for row in rows if flagged[row.pk]]
    # A derived indicator's value is computed, never entered: it is not blank.
    blank = [row for row in rows if row.value is None and not row.indicator.is_derived]
    return MonthQuality(
        month=month,
        checked=len(rows),
        flagged=sorted(items, key=lambda item: not item.has_error),
        blank=len(blank),
        blank_without_reason=sum(not row.blank_reason for row in blank),
    )
