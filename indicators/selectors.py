"""Reads of the catalogue and the monthly values, in a constant number of queries."""

import bisect
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)

from core.months import add_months, financial_year_of, last_month, months_ending
from core.people import display_name
from indicators import calculations
from indicators.calculations import (
    Column,
    ComputedColumns,
    Direction,
    Formula,
    Life,
    Point,
    PreferredDirection,
)
from indicators.models import (
    REVISION_KINDS,
    STATE_ORDER,
    Benchmark,
    BlankReason,
    Indicator,
    MonthlyValue,
    Population,
    ReportedFigure,
    Target,
    Unit,
    ValueState,
    blank_reason_words,
)

SHOWN_MONTHS = 13  # the dataset shows the month and the twelve before it
HISTORY_MONTHS = 25  # enough for a year-on-year change on each of the shown months


@dataclass(frozen=True)
class MonthCell:
    month: date
    value: Decimal | None
    present: bool  # a row exists (the value may still be missing)


@dataclass(frozen=True)
class DatasetLine:
    """One indicator's line of the month's dataset, with every computed column."""

    indicator: Indicator
    month: date
    cells: list[MonthCell]  # the shown months, oldest first
    computed: ComputedColumns
    benchmarks: dict[str, Benchmark]  # latest per group
    target: Target | None
    commentary: str
    series: dict[date, Decimal | None]
    # Why the month's value is blank, in words ("not yet available"); empty where it is not.
    blank_reason: str = ""
    # A derived indicator's state month by month (as provisional as its least-accepted
    # input); None for an entered indicator, whose state is its own value's.
    derived_states: dict[date, str] | None = None

    @property
    def value(self) -> Decimal | None:
        return self.series.get(self.month)

    @property
    def change_on_previous_period(self) -> "ShownChange":
        """The change on the previous month (quarter, year) as readers see it."""
        computed = self.computed
        return self._shown_change(Column.PCT_CHANGE_PREV_MONTH, computed.direction_prev_month)

    @property
    def change_on_previous_year(self) -> "ShownChange":
        return self._shown_change(Column.PCT_CHANGE_PREV_YEAR, self.computed.direction_prev_year)

    def _shown_change(self, column: Column, direction: Direction | None) -> "ShownChange":
        """A percentage measure's change in points where both values are held (the base is
        the month the column compares with); otherwise the dataset's relative change, which
        may be the file's (``from_file``)."""
        if self.indicator.unit == Unit.PERCENTAGE:
            base = calculations.first_month_read(
                column, self.month, frequency=self.indicator.frequency
            )
            points = calculations.change_in_points(current=self.value, base=self.series.get(base))
            if points is not None:
                return ShownChange(points, True, direction, from_file=False)
        relative = getattr(self.computed, column.value)
        return ShownChange(relative, False, direction, column.value in self.computed.from_file)


@dataclass(frozen=True)
class ShownChange:
    """A change as pages and the pack show it: relative (%), or for a percentage measure in
    percentage points (3% to 36% is +33 points, not +1,100%). The arrow and the judgement
    follow the dataset's relative change either way (``indicators.calculations``)."""

    value: Decimal | None
    in_points: bool
    direction: Direction | None
    from_file: bool = False


def judged_columns(
    *,
    series: calculations.Series,
    month: date,
    preferred: str,
    target: Target | None,
    life: Life,
) -> ComputedColumns:
    """The computed columns of ``month``, its RAG judged against ``target`` (the target of the
    month's financial year, from ``target_for``) by the target's own comparator and tolerance,
    honest about the indicator's history (``life_of``)."""
    return calculations.compute(
        series=series,
        month=month,
        preferred=PreferredDirection(preferred),
        target=target.value if target else None,
        comparator=target.comparator if target else calculations.Comparator.NONE,
        tolerance_pct=target.rag_tolerance if target else calculations.DEFAULT_TOLERANCE_PCT,
        life=life,
    )


def life_of(
    indicator: Indicator, *, series: calculations.Series, reported: Mapping[str, Decimal]
) -> Life:
    """What the columns of ``indicator`` need beyond its values: its frequency, start, the
    first month the portal holds, and the file's figures of the month by column
    (``reported_on`` an annotated row, or ``reported_figures``).

    The first month held is the first of ``series``: every caller reads its series from at
    least twelve months before any month it computes, the furthest back a column reads, so
    a month held before that cannot change the answer.
    """
    return Life(
        frequency=indicator.frequency,
        held_from=min(series, default=None),
        active_from=indicator.active_from,
        reported=dict(reported),
    )


def reported_on(annotated: object) -> dict[str, Decimal]:
    """The file's figures by column that ``with_reported_figures`` annotated on an indicator
    or value (none on None)."""
    return {
        column.value: figure
        for column in Column
        if (figure := getattr(annotated, f"reported_{column}", None)) is not None
    }


def with_reported_figures(queryset: QuerySet, *, indicator: str, month) -> QuerySet:
    """``queryset`` with the file's figure of each computed column as ``reported_<column>``,
    for the indicator at the path ``indicator`` and ``month`` (a date, or a path of the row):
    in the same query, so no list page reads more for them."""
    return queryset.annotate(
        **{
            f"reported_{column}": Subquery(
                ReportedFigure.objects.filter(
                    indicator=OuterRef(indicator),
                    month=month if isinstance(month, date) else OuterRef(month),
                    column=column,
                ).values("value")[:1]
            )
            for column in Column
        }
    )


def reported_figures(
    *, indicators: Iterable[int], first: date, last: date
) -> dict[tuple[int, date], dict[str, Decimal]]:
    """The file's figures by column, by (pk, month), of ``indicators`` (pks) from ``first``
    to ``last``, in one query: for rows that need not be stored values to annotate (a derived
    month may have no stored row)."""
    figures: dict[tuple[int, date], dict[str, Decimal]] = defaultdict(dict)
    rows = ReportedFigure.objects.filter(
        indicator__in=list(indicators), month__gte=first, month__lte=last
    ).values_list("indicator_id", "month", "column", "value")
    for indicator_id, month, column, value in rows:
        figures[indicator_id, month][column] = value
    return figures


def latest_benchmarks(benchmarks: Iterable[Benchmark]) -> dict[str, Benchmark]:
    """The most recent benchmark of each group (benchmarks come ordered newest year first)."""
    latest: dict[str, Benchmark] = {}
    for benchmark in benchmarks:
        latest.setdefault(benchmark.group, benchmark)
    return latest


def target_for(targets: Iterable[Target], month: date) -> Target | None:
    year = financial_year_of(month)
    return next((target for target in targets if target.financial_year == year), None)


def formulas() -> dict[int, Formula[int]]:
    """Every derived indicator's formula by pk (a population denominator is None): one query."""
    rows = Indicator.objects.filter(numerator__isnull=False).values_list(
        "pk", "numerator_id", "denominator_id", "scale"
    )
    return {pk: Formula(top, bottom, scale) for pk, top, bottom, scale in rows}


def population_by_month() -> Callable[[date], Decimal | None]:
    """The number of children a month's rates per 10,000 divide by: the figure in use from
    the newest ``in_use_from`` on or before the month (None before the first): one query."""
    figures = list(
        Population.objects.order_by("in_use_from").values_list("in_use_from", "children")
    )
    starts = [start for start, _ in figures]

    def children(month: date) -> Decimal | None:
        index = bisect.bisect_right(starts, month)
        return Decimal(figures[index - 1][1]) if index else None

    return children


def indicator_points(
    *,
    indicators: Iterable[Indicator],
    first: date | None = None,
    last: date | None = None,
    values: QuerySet[MonthlyValue] | None = None,
) -> dict[int, dict[date, Point]]:
    """The value and state of each of ``indicators`` by month, from ``first`` to ``last``
    (either open when None): an entered indicator's as stored, a derived one's computed at
    full precision from the entered values of its inputs, where they give one.

    The one place derived values come from: the dataset, the indicator page, the pack, the
    export and the API all read them here, so they show like any other value. ``values`` are
    the entered values to read - the reader's ``MonthlyValue.restrict`` so a viewer's
    derived figures come from the published inputs only; all by default. One query for the
    values; one more for the formulas when any is derived, and one for the population
    figures when a formula divides by them.
    """
    chosen = list(indicators)
    catalogue = formulas() if any(indicator.is_derived for indicator in chosen) else {}
    needed: dict[int, Formula[int]] = {}
    entered: set[int] = set()
    pending = [indicator.pk for indicator in chosen]
    while pending:  # the inputs of the inputs: a derived indicator may divide derived ones
        key = pending.pop()
        if key in needed or key in entered:
            continue
        if key not in catalogue:
            entered.add(key)
            continue
        needed[key] = formula = catalogue[key]
        pending.extend(k for k in (formula.numerator, formula.denominator) if k is not None)
    inputs: dict[int, dict[date, Point]] = defaultdict(dict)
    rows = (values if values is not None else MonthlyValue.objects.all()).filter(
        indicator__in=entered
    )
    if first is not None:
        rows = rows.filter(month__gte=first)
    if last is not None:
        rows = rows.filter(month__lte=last)
    if entered:
        for indicator_id, row_month, value, state in rows.order_by().values_list(
            "indicator_id", "month", "value", "state"
        ):
            inputs[indicator_id][row_month] = Point(value, state)
    uses_population = any(formula.denominator is None for formula in needed.values())
    derived = calculations.derive(
        formulas=needed,
        inputs=inputs,
        population=population_by_month() if uses_population else lambda month: None,
        # A derived month needs its numerator, so only months some input holds can have one.
        months=sorted({month for points in inputs.values() for month in points}),
        order=STATE_ORDER,
    )
    return {
        indicator.pk: derived[indicator.pk] if indicator.pk in needed else inputs[indicator.pk]
        for indicator in chosen
    }


def derived_points(
    *,
    indicators: Iterable[Indicator],
    first: date | None = None,
    last: date | None = None,
    values: QuerySet[MonthlyValue] | None = None,
) -> dict[int, dict[date, Point]]:
    """``indicator_points`` of the derived ones of ``indicators`` only, for readers that hold
    the entered values already: no query when none is derived."""
    wanted = [indicator for indicator in indicators if indicator.is_derived]
    if not wanted:
        return {}
    return indicator_points(indicators=wanted, first=first, last=last, values=values)


def catalogue_queryset() -> QuerySet[Indicator]:
    return Indicator.objects.select_related(
        "area", "owner", "reporter", "companion", "numerator", "denominator"
    )


def month_dataset(
    *, month: date, indicators: QuerySet[Indicator] | None = None, months: int = SHOWN_MONTHS
) -> list[DatasetLine]:
    """Every active indicator's line for ``month``: five queries whatever their number.

    ``indicators`` narrows the set (e.g. one owner's); it is still filtered to those
    active in ``month``.
    """
    base = indicators if indicators is not None else Indicator.objects.all()
    window = months_ending(month, months + 12)
    chosen = (
        base.active_in(month)
        .select_related("area", "owner", "reporter", "companion")
        .prefetch_related(
            Prefetch("benchmarks", queryset=Benchmark.objects.order_by("group", "-year")),
            "targets",
        )
    )
    chosen = list(with_reported_figures(chosen, indicator="pk", month=month))
    # Plain tuples, and the commentary of the month only: a worklist reads 37 months of
    # every line, and model instances and old commentaries would cost more than the rest.
    values = MonthlyValue.objects.filter(
        indicator__in=[indicator.pk for indicator in chosen],
        month__gte=window[0],
        month__lte=month,
    ).values_list(
        "indicator_id",
        "month",
        "value",
        *(
            Case(When(month=month, then=name), default=Value(""), output_field=TextField())
            for name in ("commentary", "blank_reason", "blank_reason_text")
        ),
    )
    series: dict[int, dict[date, Decimal | None]] = defaultdict(dict)
    commentaries: dict[int, str] = {}
    blank_reasons: dict[int, str] = {}
    for indicator_id, row_month, value, commentary, reason, words in values:
        series[indicator_id][row_month] = value
        if row_month == month:
            commentaries[indicator_id] = commentary
            blank_reasons[indicator_id] = blank_reason_words(reason, words)
    states: dict[int, dict[date, str]] = {}
    for pk, points in derived_points(indicators=chosen, first=window[0], last=month).items():
        series[pk] = {each: point.value for each, point in points.items()}
        states[pk] = {each: point.state for each, point in points.items()}
    return [
        _line(
            indicator,
            month=month,
            series=series[indicator.pk],
            commentary=commentaries.get(indicator.pk, ""),
            months=months,
            derived_states=states.get(indicator.pk),
            blank_reason=blank_reasons.get(indicator.pk, ""),
        )
        for indicator in chosen
    ]


def _line(
    indicator: Indicator,
    *,
    month: date,
    series: dict[date, Decimal | None],
    commentary: str,
    months: int,
    derived_states: dict[date, str] | None,
    blank_reason: str = "",
) -> DatasetLine:
    target = target_for(indicator.targets.all(), month)
    computed = judged_columns(
        series=series,
        month=month,
        preferred=indicator.preferred_direction,
        target=target,
        life=life_of(indicator, series=series, reported=reported_on(indicator)),
    )
    return DatasetLine(
        indicator=indicator,
        month=month,
        cells=[
            MonthCell(month=m, value=series.get(m), present=m in series)
            for m in months_ending(month, months)
        ],
        computed=computed,
        benchmarks=latest_benchmarks(indicator.benchmarks.all()),
        target=target,
        commentary=commentary,
        series=series,
        derived_states=derived_states,
        blank_reason=blank_reason,
    )


@dataclass(frozen=True)
class HistoryRow:
    month: date
    value: Decimal | None
    computed: ComputedColumns
    commentary: str
    state: str


@dataclass(frozen=True)
class IndicatorHistory:
    """An indicator's recent months with their computed columns, for its page."""

    indicator: Indicator
    month: date
    rows: list[HistoryRow]  # newest first
    chart_months: list[date]  # from the first with a value, so the chart has no empty start
    chart_values: list[Decimal | None]
    chart_provisional: frozenset[date]  # the chart's months whose value is not accepted yet
    benchmarks: dict[str, Benchmark]
    target: Target | None
    targets: list[Target]  # every year's, for the page to list without reading them again


def latest_month() -> date | None:
    """The newest month that has any value: what pages show when no month is asked for."""
    newest = MonthlyValue.objects.order_by("-month").values_list("month", flat=True).first()
    return newest


def reporting_month(*, asked: date | None) -> date:
    """The month a page shows: the one asked for, else the newest with data, else last month."""
    return asked or latest_month() or last_month()


def indicator_history(
    *,
    indicator: Indicator,
    month: date,
    values: QuerySet[MonthlyValue],
    months: int = SHOWN_MONTHS,
    chart_months: int = 25,
) -> IndicatorHistory:
    """The last ``months`` months with computed columns and ``chart_months`` for the chart,
    from ``values`` - the monthly values the reader may see (``MonthlyValue.restrict``)."""
    first = add_months(month, 1 - max(months + 12, chart_months))
    mine = values.filter(indicator=indicator, month__gte=first, month__lte=month)
    rows = {
        row.month: row for row in with_reported_figures(mine, indicator="indicator", month="month")
    }
    series = {row_month: row.value for row_month, row in rows.items()}
    states = {row_month: row.state for row_month, row in rows.items()}
    derived = derived_points(indicators=[indicator], first=first, last=month, values=values)
    if indicator.pk in derived:
        series = {each: point.value for each, point in derived[indicator.pk].items()}
        states = {each: point.state for each, point in derived[indicator.pk].items()}
    targets = list(indicator.targets.all())
    shown = months_ending(month, months)

    def history_row(row_month: date) -> HistoryRow:
        target = target_for(targets, row_month)
        row = rows.get(row_month)
        return HistoryRow(
            month=row_month,
            value=series.get(row_month),
            computed=judged_columns(
                series=series,
                month=row_month,
                preferred=indicator.preferred_direction,
                target=target,
                life=life_of(indicator, series=series, reported=reported_on(row)),
            ),
            commentary=row.commentary if row else "",
            state=STATE_LABELS.get(states.get(row_month), ""),
        )

    window = months_ending(month, chart_months)
    first = next((m for m in window if series.get(m) is not None), window[0])
    window = [m for m in window if m >= first]
    return IndicatorHistory(
        indicator=indicator,
        month=month,
        rows=[history_row(m) for m in reversed(shown)],
        chart_months=window,
        chart_values=[series.get(m) for m in window],
        chart_provisional=frozenset(
            m for m in window if m in states and states[m] != ValueState.ACCEPTED
        ),
        benchmarks=latest_benchmarks(indicator.benchmarks.order_by("group", "-year")),
        target=target_for(targets, month),
        targets=targets,
    )


# The history of a month's value: every change by form, workflow or import.


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: object
    after: object
    is_value: bool = False


@dataclass(frozen=True)
class ValueChange:
    """One recorded change of a month's value, commentary or state: who, when, old and new."""

    month: date
    at: datetime
    by: str
    changes: list[FieldChange]
    reason: str  # in words, for people
    kind: str  # ``ChangeKind``, for the code

    @property
    def is_revision(self) -> bool:
        return self.kind in REVISION_KINDS


TRACKED = (
    ("value", "Value"),
    ("blank_reason", "Why blank"),
    ("blank_reason_text", "Why blank, in words"),
    ("commentary", "Commentary"),
    ("state", "State"),
)
STATE_LABELS = dict(ValueState.choices)
# Labels of the coded fields, as the change history shows them.
LABELS = {"state": STATE_LABELS, "blank_reason": dict(BlankReason.choices)}
# Plain rows, not model instances: an indicator page reads every record of 120 months, and a
# historical instance and its user (two datetimes each) cost more than the rest of the read.
HISTORY_COLUMNS = (
    "id",
    *(name for name, _ in TRACKED),
    "month",
    "history_date",
    "history_change_reason",
    "history_change_kind",
    "history_user_id",
    "history_user__first_name",
    "history_user__last_name",
    "history_user__username",
)


def _field_changes(before, after) -> list[FieldChange]:
    changes = []
    for name, label in TRACKED:
        old = getattr(before, name) if before else None
        new = getattr(after, name)
        if old != new and (old or new):
            if name in LABELS:
                old, new = LABELS[name].get(old, ""), LABELS[name][new]
            changes.append(FieldChange(label, old, new, is_value=name == "value"))
    return changes


def _changed_by(record) -> str:
    """``_name`` of the record's user, from the columns read with the record."""
    if record.history_user_id is None:
        return "An import or job"
    user = get_user_model()(
        first_name=record.history_user__first_name,
        last_name=record.history_user__last_name,
        username=record.history_user__username,
    )
    return display_name(user)


# Who reads an indicator's change history (who changed which value, when and why): those who
# work on the values - the performance team, owners and reporters, who must see a revision
# of their figures - never the readers of the published packs (viewers).
CHANGE_HISTORY_PERMISSION = "indicators.view_monthlyvalue"


def value_history(*, indicator: Indicator, user, limit: int = 200) -> list[ValueChange]:
    """Every recorded change of the indicator's values the user may read - by form, workflow
    or import - newest first: one query."""
    visible = MonthlyValue.objects.filter(indicator=indicator).restrict(user, "view")
    records = (
        MonthlyValue.history.filter(id__in=visible.values("pk"))
        .order_by("id", "history_date", "history_id")
        .values_list(*HISTORY_COLUMNS, named=True)
    )
    previous: dict[int, object] = {}
    history = []
    for record in records:
        changes = _field_changes(previous.get(record.id), record)
        previous[record.id] = record
        if changes:
            history.append(
                ValueChange(
                    month=record.month,
                    at=record.history_date,
                    by=_changed_by(record),
                    changes=changes,
                    reason=record.history_change_reason or "",
                    kind=record.history_change_kind,
                )
            )
    history.sort(key=lambda change: change.at, reverse=True)
    return history[:limit]


def formula_refusal(
    *,
    indicator: Indicator,
    ref: str,
    numerator: Indicator | None,
    denominator: Indicator | None,
) -> str | None:
    """Why the catalogue cannot take ``indicator`` (to be named ``ref``) derived from
    ``numerator`` and ``denominator`` (a cycle, or a chain deeper than ``MAX_FORMULA_DEPTH``),
    in words naming the chain; None when it can. The rules the catalogue file's import
    applies, for a formula edited by hand."""
    catalogue: dict[int | None, Formula] = formulas()  # None: an indicator not yet saved
    catalogue.pop(indicator.pk, None)
    if numerator is not None:
        catalogue[indicator.pk] = Formula(numerator.pk, getattr(denominator, "pk", None), 1)
    refs = dict(Indicator.objects.filter(pk__in=catalogue).values_list("pk", "ref"))
    refs[indicator.pk] = ref

    def named(chain: list[int]) -> list[str]:
        return [refs[key] for key in chain]

    for cycle in calculations.formula_cycles(catalogue):
        if indicator.pk in cycle:
            return (
                f"{' -> '.join(named([*cycle, cycle[0]]))} is a cycle: a derived indicator "
                "cannot depend on itself."
            )
    limit = calculations.MAX_FORMULA_DEPTH
    for chain in calculations.too_deep_chains(catalogue, limit=limit):
        if indicator.pk in chain:
            return (
                f"{calculations.chain_text(named(chain))} is {len(chain):,} deep; at most "
                f"{limit} derived indicators may be computed one from another."
            )
    return None
