"""Planning an import of the monthly dataset: what the file would change, checked in full.

The file is read by ``dataset_import.dataset_file``; here every value is checked against its
indicator (unit, start month, not in the future), compared with what is stored, and
turned into a plan that ``dataset_import.services.apply_dataset`` writes in one transaction.
Nothing is written here. Blank and missing cells never erase a stored value: an import
loses nothing.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models.functions import Lower
from django.utils import timezone

from core.imports import Change, ImportPlan, Problem, Severity
from core.models import ReportingPeriod
from core.months import month_name
from dataset_import import reported
from dataset_import.dataset_file import Cell, CellStatus, DatasetFile, DatasetRow
from dataset_import.derived import DerivedCells
from indicators import calculations
from indicators.models import (
    VOUCHED_STATES,
    Area,
    Frequency,
    Indicator,
    MonthlyValue,
    PreferredDirection,
    Unit,
)
from indicators.units import value_problem
from indicators.value_writes import ReadValues
from quality import selectors as quality


@dataclass
class NewIndicator:
    """An indicator the file introduces, created when ``create_indicators`` is set."""

    ref: str
    title: str
    area: str
    unit: str
    preferred_direction: str
    owner_id: int | None
    reporter_id: int | None
    outcome: str
    active_from: date | None
    active_to: date | None
    decimal_places: int
    position: int
    benchmarks: dict[str, Decimal] = field(default_factory=dict)
    frequency: str = Frequency.MONTHLY


@dataclass
class DatasetPayload:
    """What ``apply_dataset`` writes: new areas and indicators, then values."""

    new_areas: list[str] = field(default_factory=list)
    new_indicators: list[NewIndicator] = field(default_factory=list)
    creates: list[tuple[str, date, Decimal | None, str]] = field(default_factory=list)
    # (pk, value, commentary, version read) of stored rows to overwrite
    updates: list[tuple[int, Decimal | None, str, int]] = field(default_factory=list)
    revisions: list[tuple[int, Decimal | None, str, int]] = field(default_factory=list)
    reports: reported.Reports = field(default_factory=reported.Reports)


@dataclass(frozen=True)
class Stored:
    pk: int
    value: Decimal | None
    commentary: str
    state: str
    version: int


def infer_unit(row: DatasetRow) -> str:
    """A new indicator's unit from how the file writes it (a guess the team can correct)."""
    title = (row.title or "").lower()
    if "rate per 10,000" in title or "rate per 10000" in title:
        return Unit.RATE_PER_10000
    if "%" in row.ref or title.startswith(("%", "percentage")):
        return Unit.PERCENTAGE
    if any(cell.is_percent for cell in row.values.values()):
        return Unit.PERCENTAGE
    return Unit.COUNT


def decimal_places_of(row: DatasetRow) -> int:
    exponents = [
        -cell.value.as_tuple().exponent
        for cell in row.values.values()
        if cell.value is not None and cell.value.as_tuple().exponent < 0
    ]
    return min(max(exponents, default=0), 2)


def lifecycle(row: DatasetRow) -> tuple[date | None, date | None]:
    """Start and end months from "New measure" / "Old measure" cells around the values."""
    with_values = sorted(m for m, cell in row.values.items() if cell.status == CellStatus.VALUE)
    if not with_values:
        return None, None
    statuses = {cell.status for cell in row.values.values()}
    start = with_values[0] if CellStatus.NOT_STARTED in statuses else None
    end = with_values[-1] if CellStatus.ENDED in statuses else None
    return start, end


def preferred_from(text: str | None) -> str:
    words = (text or "").strip().lower()
    if words.startswith(("up", "high", "increase", "↑")):
        return PreferredDirection.UP
    if words.startswith(("down", "low", "decrease", "↓")):
        return PreferredDirection.DOWN
    return PreferredDirection.NEITHER


class DatasetPlanner:
    """Builds the :class:`ImportPlan` of one parsed file against the database."""

    def __init__(self, *, parsed: DatasetFile, create_indicators: bool, allow_revisions: bool):
        self.parsed = parsed
        self.create_indicators = create_indicators
        self.allow_revisions = allow_revisions
        self.plan = ImportPlan(payload=DatasetPayload())
        self.this_month = timezone.localdate().replace(day=1)
        refs = [row.ref for row in parsed.rows]
        self.indicators = {
            indicator.ref: indicator
            for indicator in Indicator.objects.filter(ref__in=refs).only(
                "pk", "ref", "unit", "active_from", "active_to", "numerator_id", "frequency"
            )
        }
        self.derived = DerivedCells(parsed=parsed, indicators=self.indicators)
        self.reports = reported.FileReports(refs=refs, month=parsed.latest_month)
        self.plan.payload.reports = self.reports.reports
        self.stored = self._stored_values()
        self.areas = {name.lower(): name for name in Area.objects.values_list("name", flat=True)}
        self.people = self._people_by_name()
        self.unknown_people: set[str] = set()
        self.planned_units: dict[str, str] = {}
        self.closed_months = self._closed_months()
        # The values the file would store, and where each is, for the data-quality checks.
        self.file_values: dict[tuple[str, date], Decimal] = {}
        self.locations: dict[tuple[str, date], tuple[int, str | None]] = {}

    def _closed_months(self) -> dict[date, str]:
        """Months the performance team has locked or published (the returns app's periods):
        their values change only as revisions."""
        periods = ReportingPeriod.objects.filter(month__in=self.parsed.months)
        return {
            month: status
            for month, status in periods.exclude(status="open").values_list("month", "status")
        }

    def _stored_values(self) -> dict[tuple[str, date], Stored]:
        rows = MonthlyValue.objects.filter(
            indicator__ref__in=list(self.indicators), month__in=self.parsed.months
        ).values_list("pk", "indicator__ref", "month", "value", "commentary", "state", "version")
        return {
            (ref, month): Stored(pk, value, commentary, state, version)
            for pk, ref, month, value, commentary, state, version in rows
        }

    def _people_by_name(self) -> dict[str, int]:
        users = (
            get_user_model()
            .objects.annotate(first=Lower("first_name"), last=Lower("last_name"))
            .values_list("pk", "first", "last")
        )
        return {f"{first} {last}": pk for pk, first, last in users if first or last}

    def build(self) -> ImportPlan:
        for problem in self.parsed.problems:
            self.plan.add_problem(problem.as_import_problem())
        area = None
        for position, row in enumerate(self.parsed.rows):
            area = row.area or area  # a blank area continues the one above (merged cells)
            unit = self._unit_for(row, area=area, position=position)
            if unit is None:
                continue
            self._check_file_columns(row, unit=unit)
            self.reports.plan_row(row, indicator=self.indicators.get(row.ref), plan=self.plan)
            for month, cell in row.values.items():
                self._plan_cell(row, month, cell, unit=unit)
        # Rules between indicators and outliers: error rules block the import, others warn.
        for problem in quality.problems_for_values(
            month_values=self.file_values, locations=self.locations
        ):
            self.plan.add_problem(problem)
        self.plan.fingerprint_parts.append(self._state_digest())
        self.plan.expected = ReadValues(
            refs=sorted({row.ref for row in self.parsed.rows}),
            months=self.parsed.months,
            versions={stored.pk: stored.version for stored in self.stored.values()},
        ).as_json()
        return self.plan

    def _unit_for(self, row: DatasetRow, *, area: str | None, position: int) -> str | None:
        indicator = self.indicators.get(row.ref)
        if indicator is not None:
            return indicator.unit
        if row.ref in self.planned_units:  # a long file names a new ref on many rows
            return self.planned_units[row.ref]
        if not self.create_indicators:
            self.plan.add_problem(
                Problem(
                    f'The ref "{row.ref}" is not in the catalogue. Add the indicator first, or '
                    "import with the option to create indicators.",
                    line=row.line,
                    column=row.columns.get("ref", "Ref"),
                    context=row.ref,
                )
            )
            return None
        self._plan_new_indicator(row, area=area or "Unassigned", position=position)
        self.planned_units[row.ref] = self.plan.payload.new_indicators[-1].unit
        return self.planned_units[row.ref]

    def _person(self, name: str | None, *, row: DatasetRow, column: str) -> int | None:
        if not name:
            return None
        key = " ".join(name.lower().split())
        pk = self.people.get(key)
        if pk is None and key not in self.unknown_people:
            self.unknown_people.add(key)
            self.plan.add_problem(
                Problem(
                    f'"{name}" is not a portal user, so the {column} of this and any other '
                    "new indicator of theirs is left empty; set it in the catalogue.",
                    line=row.line,
                    column=row.columns.get(column),
                    context=row.ref,
                    severity=Severity.WARNING,
                )
            )
        return pk

    def _plan_new_indicator(self, row: DatasetRow, *, area: str, position: int) -> None:
        payload: DatasetPayload = self.plan.payload
        if area.lower() not in self.areas:
            self.areas[area.lower()] = area
            payload.new_areas.append(area)
        start, end = lifecycle(row)
        payload.new_indicators.append(
            NewIndicator(
                ref=row.ref,
                title=row.title or row.ref,
                area=self.areas[area.lower()],
                unit=infer_unit(row),
                preferred_direction=preferred_from(row.preferred_direction),
                owner_id=self._person(row.owner, row=row, column="owner"),
                reporter_id=self._person(row.reporter, row=row, column="reporter"),
                outcome=row.outcome or "",
                active_from=start,
                active_to=end,
                decimal_places=decimal_places_of(row),
                position=position,
                benchmarks={
                    group: cell.value
                    for group, cell in row.benchmarks.items()
                    if cell.status == CellStatus.VALUE
                },
                frequency=reported.frequency_of(row, plan=self.plan) or Frequency.MONTHLY,
            )
        )
        self.plan.counts["new indicators"] += 1

    def _problem(self, row: DatasetRow, month: date, cell: Cell, message: str) -> None:
        self.plan.add_problem(
            Problem(
                message,
                line=row.line,
                column=row.columns.get(month.isoformat(), month_name(month)),
                text=cell.text,
                context=f"{row.ref}, {month_name(month)}",
            )
        )

    def _plan_cell(self, row: DatasetRow, month: date, cell: Cell, *, unit: str) -> None:
        if cell.status == CellStatus.INVALID:
            return  # the reader has reported it
        if cell.status != CellStatus.VALUE:
            self.plan.counts["skipped"] += 1
            return
        if month > self.this_month:
            self._problem(row, month, cell, f"{month_name(month)} is in the future.")
            return
        indicator = self.indicators.get(row.ref)
        if indicator is not None and indicator.active_from and month < indicator.active_from:
            self._problem(
                row,
                month,
                cell,
                f"The indicator starts in {month_name(indicator.active_from)}; "
                "a value before then must be left blank.",
            )
            return
        problem = value_problem(unit=unit, value=cell.value)
        if problem:
            self._problem(row, month, cell, problem)
            return
        if self.derived.is_derived(row.ref):
            self._plan_derived(row, month, cell)
            return
        stored = self.stored.get((row.ref, month))
        if month == self.parsed.latest_month or (stored and stored.value != cell.value):
            # The month being reported, and corrections of stored history, are checked; a
            # first load of years of back history is not (checking it would cost more than
            # the import itself, and those months were checked when they were reported).
            self.file_values[row.ref, month] = cell.value
            self.locations[row.ref, month] = (row.line, row.columns.get(month.isoformat()))
        commentary = row.commentary_for(month, latest=self.parsed.latest_month)
        self._compare(row.ref, month, cell.value, commentary)

    def _plan_derived(self, row: DatasetRow, month: date, cell: Cell) -> None:
        """A derived value is checked against its counts and never stored; its commentary
        is kept like any other."""
        column = row.columns.get(month.isoformat(), month_name(month))
        problem = self.derived.problem(
            ref=row.ref, month=month, cell=cell, line=row.line, column=column
        )
        if problem:
            self.plan.add_problem(problem)
        stored = self.stored.get((row.ref, month))
        commentary = row.commentary_for(month, latest=self.parsed.latest_month)
        if commentary or stored:
            self._compare(row.ref, month, stored.value if stored else None, commentary)

    def _compare(self, ref: str, month: date, value: Decimal, commentary: str) -> None:
        stored = self.stored.get((ref, month))
        new_commentary = commentary or (stored.commentary if stored else "")
        if stored and stored.value == value and new_commentary == stored.commentary:
            self.plan.counts["unchanged"] += 1
            return
        guarded = self._guard(stored, month)
        subject = f"{ref}, {month_name(month)}"
        if stored is None:
            self.plan.changes.extend(
                [Change(subject, "value", "", _text(value), conflict=bool(guarded))]
                if guarded else []
            )  # fmt: skip
        else:
            self._record_changes(subject, stored, value, new_commentary, conflict=bool(guarded))
        if guarded and not self.allow_revisions:
            self.plan.counts["conflicts"] += 1
            self.plan.add_problem(
                Problem(f"{guarded} Import with the option to allow revisions to record the "
                        "change as a revision.", context=subject)
            )  # fmt: skip
            return
        self._plan_write(ref, month, stored, value, new_commentary, revision=bool(guarded))

    def _guard(self, stored: Stored | None, month: date) -> str:
        """Why this value may change only as a revision ("" when it may simply change)."""
        if month in self.closed_months:
            return f"{month_name(month)} is {self.closed_months[month]}."
        if stored is not None and stored.state in VOUCHED_STATES:
            return f"The stored value was {stored.state} and would be overwritten."
        return ""

    def _record_changes(
        self, subject: str, stored: Stored, value: Decimal, commentary: str, *, conflict: bool
    ) -> None:
        if stored.value != value:
            self.plan.changes.append(
                Change(subject, "value", _text(stored.value), _text(value), conflict=conflict)
            )
        if commentary != stored.commentary:
            self.plan.changes.append(
                Change(subject, "commentary", stored.commentary, commentary, conflict=conflict)
            )

    def _plan_write(
        self, ref: str, month: date, stored: Stored | None, value, commentary, *, revision: bool
    ) -> None:
        payload: DatasetPayload = self.plan.payload
        if stored is None:
            payload.creates.append((ref, month, value, commentary))
            self.plan.counts["conflicts" if revision else "new"] += 1
            return
        change = (stored.pk, value, commentary, stored.version)
        (payload.revisions if revision else payload.updates).append(change)
        self.plan.counts["conflicts" if revision else "changed"] += 1

    def _check_file_columns(self, row: DatasetRow, *, unit: str) -> None:
        """Warn where the file's own computed columns differ from the calculation by more
        than the rounding of the file's shown values explains (percentages and rates are
        shown rounded; counts are exact): the team's correct figures are not called wrong.

        A column needing months the file does not hold (seven months under a 12-month
        maximum) is not checked: the team computed it from older data, and it is kept as
        the file's figure (``dataset_import.reported``).
        """
        month = self.parsed.latest_month
        if month is None or month not in row.values:
            return
        series = {m: c.value for m, c in row.values.items() if c.status == CellStatus.VALUE}
        indicator = self.indicators.get(row.ref)
        frequency = row.frequency if row.frequency in Frequency.values else None
        frequency = frequency or (indicator.frequency if indicator else Frequency.MONTHLY)
        life = calculations.Life(
            frequency=frequency,
            held_from=self.parsed.months[0],
            active_from=indicator.active_from if indicator else lifecycle(row)[0],
        )
        ours = calculations.compute(
            series=series, month=month, preferred=PreferredDirection.NEITHER, life=life
        )
        for column in calculations.Column:
            file_cell = reported.file_cell(row, column)
            if file_cell is None or file_cell.status != CellStatus.VALUE:
                continue
            if life.lacking(column, month) or calculations.rounding_explains(
                column=column,
                shown=file_cell.value,
                series=series,
                month=month,
                rounded=unit != Unit.COUNT,
                frequency=frequency,
            ):
                continue
            self.plan.add_problem(
                Problem(
                    f"The file says {file_cell.text.strip()} but the portal calculates "
                    f"{calculations.display(getattr(ours, column))} from the values, more than "
                    "the rounding of the file's figures explains; check the values.",
                    line=row.line,
                    column=row.columns.get(column),
                    context=row.ref,
                    severity=Severity.WARNING,
                )
            )

    def _state_digest(self) -> str:
        """The stored values and catalogue the plan was made against, for the confirm check."""
        digest = hashlib.sha256()
        for key in sorted(self.stored):
            stored = self.stored[key]
            digest.update(f"{key}:{stored.pk}:{stored.version}:{stored.state}".encode())
        digest.update(",".join(sorted(self.indicators)).encode())
        return digest.hexdigest()


def _text(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


def plan_dataset(
    *, parsed: DatasetFile, create_indicators: bool, allow_revisions: bool
) -> ImportPlan:
    return DatasetPlanner(
        parsed=parsed, create_indicators=create_indicators, allow_revisions=allow_revisions
    ).build()
