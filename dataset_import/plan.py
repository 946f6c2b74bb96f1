"""Planning an import of the monthly dataset: what the file would change, checked in full.

The file is read by ``dataset_import.dataset_file``; here every value is checked against its
indicator (unit, start month, not in the future), compared with what is stored, and
turned into a plan that ``dataset_import.services.apply_dataset`` writes in one transaction.
Nothing is written here. Blank and missing cells never erase a stored value: an import
loses nothing.
"""

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from functools import cached_property

from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Lower
from django.utils import timezone

from core.imports import Change, ImportPlan, Problem, Severity
from core.models import ReportingPeriod
from core.months import financial_year_name, financial_year_of, month_name
from core.people import display_name
from dataset_import import reported
from dataset_import.dataset_file import Cell, CellStatus, DatasetFile, DatasetRow
from dataset_import.derived import DerivedCells
from dataset_import.identity import Group, Merged, group_rows, merge, normalise
from dataset_import.people import SEPARATOR, NameBook, People, people_of
from indicators import calculations
from indicators.models import (
    IMPORT_REASONS,
    VOUCHED_STATES,
    Area,
    AreaRule,
    Benchmark,
    Frequency,
    Indicator,
    MonthlyValue,
    PreferredDirection,
    Target,
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
    owner_name: str
    reporter_name: str
    outcome: str
    active_from: date | None
    active_to: date | None
    decimal_places: int
    position: int
    frequency: str = Frequency.MONTHLY


@dataclass(frozen=True)
class TargetWrite:
    """A target the file sets: created, or the stored one of that year changed."""

    ref: str
    financial_year: int
    value: Decimal
    comparator: str


@dataclass(frozen=True)
class BenchmarkWrite:
    """A benchmark the file gives (``value`` None for a local measure) for ``year``."""

    ref: str
    group: str
    year: str
    value: Decimal | None


@dataclass
class DatasetPayload:
    """What ``apply_dataset`` writes: new areas and indicators, catalogue changes, values."""

    new_areas: list[str] = field(default_factory=list)
    new_indicators: list[NewIndicator] = field(default_factory=list)
    # ref -> the fields of a catalogue entry the file changes, with their new values
    indicator_changes: dict[str, dict[str, object]] = field(default_factory=dict)
    targets: list[TargetWrite] = field(default_factory=list)
    benchmarks: list[BenchmarkWrite] = field(default_factory=list)
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


@dataclass(frozen=True)
class Pending:
    """A stored value the file would change, decided once it is known who entered it."""

    ref: str
    month: date
    stored: Stored
    value: Decimal | None
    commentary: str


# The preview's counts, in order. Rows: read = matched + new + repeated + refused. Cells of
# the months: new + changed + unchanged + conflicts + blank + skipped + repeated + refused.
COUNT_KEYS = (
    "rows read", "indicators matched", "new indicators", "rows repeated", "rows refused",
    "new", "changed", "unchanged", "conflicts", "blank", "skipped", "values repeated",
    "values refused", "catalogue changes", "errors", "warnings", "notes",
)  # fmt: skip
UNASSIGNED = "Unassigned"


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


def preferred_from(text: str | None) -> str | None:
    """The preferred direction a file states ("up", "down", "neither" as the reader gives
    them, or words); None where the text says nothing the portal can read, so an existing
    indicator keeps its own."""
    words = (text or "").strip().lower()
    if words.startswith(("up", "high", "increase", "↑")):
        return PreferredDirection.UP
    if words.startswith(("down", "low", "decrease", "↓")):
        return PreferredDirection.DOWN
    if words.startswith(("neither", "context")):
        return PreferredDirection.NEITHER
    return None


class DatasetPlanner:
    """Builds the :class:`ImportPlan` of one parsed file against the database."""

    def __init__(self, *, parsed: DatasetFile, create_indicators: bool, allow_revisions: bool):
        self.parsed = parsed
        self.create_indicators = create_indicators
        self.allow_revisions = allow_revisions
        self.plan = ImportPlan(payload=DatasetPayload(), count_keys=COUNT_KEYS)
        self.this_month = timezone.localdate().replace(day=1)
        self.groups, identity_problems = group_rows(parsed.rows)
        for problem in identity_problems:
            self.plan.add_problem(problem)
        self.indicators = self._catalogue()
        self.derived = DerivedCells(parsed=parsed, indicators=self.indicators)
        self.titles = {normalise(i.title): i for i in self.indicators.values()}
        self.all_refs = set(Indicator.objects.values_list("ref", flat=True))
        self.areas = {name.lower(): name for name in Area.objects.values_list("name", flat=True)}
        self.area_rules = dict(AreaRule.objects.values_list("prefix", "area__name"))
        self.people = self._people_by_name()
        self.book = self._name_book()
        self.noted_people: set[str] = set()
        self.planned_units: dict[str, str] = {}
        self.closed_months = self._closed_months()
        self.pending: list[Pending] = []
        # Where each (ref, month) cell is in the file (row, column), for messages.
        self.locations: dict[tuple[str, date], tuple[int, str | None]] = {}
        # The values the file would store, for the data-quality checks.
        self.file_values: dict[tuple[str, date], Decimal] = {}
        self.stored: dict[tuple[str, date], Stored] = {}

    def _catalogue(self) -> dict[str, Indicator]:
        """The indicators the file may name, by ref or (where the ref does not decide) title."""
        refs = {row.ref for row in self.parsed.rows if row.ref}
        titles = {row.title for group in self.groups if group.by_title for row in group.rows}
        found = Indicator.objects.filter(Q(ref__in=refs) | Q(title__in=titles)).select_related(
            "owner", "reporter"
        )
        return {indicator.ref: indicator for indicator in found}

    def _closed_months(self) -> dict[date, str]:
        """Months the performance team has locked or published (the returns app's periods):
        their values change only as revisions."""
        periods = ReportingPeriod.objects.filter(month__in=self.parsed.months)
        return {
            month: status
            for month, status in periods.exclude(status="open").values_list("month", "status")
        }

    def _stored_values(self, refs: list[str]) -> dict[tuple[str, date], Stored]:
        rows = MonthlyValue.objects.filter(
            indicator__ref__in=refs, month__in=self.parsed.months
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
        return {normalise(f"{first} {last}"): pk for pk, first, last in users if first or last}

    def _name_book(self) -> NameBook:
        """Accounts, the names the catalogue holds, and the names this file gives in columns
        of their own: what a merged cell or a name leading an outcome is split by."""
        catalogue = Indicator.objects.values_list("owner_name", "reporter_name")
        in_file = [name for row in self.parsed.rows for name in (row.owner, row.reporter)]
        # "A / B" in a merged cell names two people plainly.
        separated = [row.owner_reporter for row in self.parsed.rows if row.owner_reporter]
        merged = [
            part for text in separated if SEPARATOR.search(text) for part in SEPARATOR.split(text)
        ]
        return NameBook([*self.people, *(n for pair in catalogue for n in pair), *in_file, *merged])

    def build(self) -> ImportPlan:
        for problem in self.parsed.problems:
            self.plan.add_problem(problem.as_import_problem())
        self.plan.counts["rows read"] = len(self.parsed.rows)
        carried_area = None
        resolved: list[tuple[DatasetRow, Merged]] = []
        for position, group in enumerate(self.groups):
            merged = merge(group)
            for problem in merged.problems:
                self.plan.add_problem(problem)
            first = group.first
            if first.area is not None:  # a blank Area cell continues the one above
                carried_area = first.area or carried_area
            ref = self._resolve(group)
            row = replace(merged.row, ref=ref)
            self._note_repeats(group, merged, ref)
            area = carried_area if first.area is not None else first.section
            unit = self._unit_for(row, area=area, position=position)
            if unit is None:
                self.plan.counts["rows refused"] += 1
                self.plan.counts["values refused"] += len(merged.origin)
                continue
            resolved.append((row, merged))
        refs = [row.ref for row, _ in resolved]
        self.stored = self._stored_values(refs)
        self.reports = reported.FileReports(refs=refs, month=self.parsed.latest_month)
        self.plan.payload.reports = self.reports.reports
        for row, merged in resolved:
            for month, origin in merged.origin.items():
                self.locations[row.ref, month] = (
                    origin.line, origin.columns.get(month.isoformat(), month_name(month))
                )  # fmt: skip
            self._plan_catalogue(row)
            unit = self.planned_units.get(row.ref) or self.indicators[row.ref].unit
            self._check_file_columns(row, unit=unit)
            self.reports.plan_row(row, indicator=self.indicators.get(row.ref), plan=self.plan)
            for month, cell in row.values.items():
                self._plan_cell(row, month, cell, unit=unit)
        self._settle_pending()
        # Rules between indicators and outliers: error rules block the import, others warn.
        checked = {key: self.locations[key] for key in self.file_values}
        for problem in quality.problems_for_values(
            month_values=self.file_values, locations=checked
        ):
            self.plan.add_problem(problem)
        self.plan.fingerprint_parts.append(self._state_digest())
        self.plan.expected = ReadValues(
            refs=sorted(set(refs)),
            months=self.parsed.months,
            versions={stored.pk: stored.version for stored in self.stored.values()},
        ).as_json()
        return self.plan

    # Identity: which catalogue entry each group of rows is.

    def _resolve(self, group: Group) -> str:
        """The ref the group's indicator has, or will have when created."""
        first = group.first
        if not group.by_title:
            return first.ref
        indicator = self.titles.get(group.key[1])
        if indicator is not None:
            return indicator.ref
        ref = first.ref if first.ref and first.ref not in self.all_refs else ""
        if not ref:
            base = first.ref or "T"
            ref = next(
                f"{base} ({n})" if first.ref else f"{base}{n}"
                for n in range(2 if first.ref else 1, len(self.all_refs) + 3)
                if (f"{base} ({n})" if first.ref else f"{base}{n}") not in self.all_refs
            )
            self.plan.add_problem(
                Problem(
                    f'A new indicator "{first.title}" would be given the ref "{ref}", as its '
                    "own is blank or taken; change it in the catalogue if needed.",
                    line=first.line,
                    column=first.columns.get("ref"),
                    context=first.ref,
                    severity=Severity.WARNING,
                )
            )
        self.all_refs.add(ref)
        return ref

    def _note_repeats(self, group: Group, merged: Merged, ref: str) -> None:
        """Each further row of an indicator is counted; one that repeats months already read
        (the same indicator in another table) is listed once, and its cells counted."""
        self.plan.counts["rows repeated"] += len(group.rows) - 1
        repeating = {row.line: row for row, _, _ in merged.repeats if row is not group.first}
        for row in repeating.values():
            self.plan.add_problem(
                Problem(
                    f"The same indicator as row {group.first.line}: read as one indicator.",
                    line=row.line,
                    column=row.columns.get("ref"),
                    context=ref,
                    severity=Severity.NOTE,
                )
            )
        for _, _, cell in merged.repeats:
            blank = cell.status != CellStatus.VALUE and not cell.text.strip()
            self.plan.counts["blank" if blank else "values repeated"] += 1

    def _unit_for(self, row: DatasetRow, *, area: str | None, position: int) -> str | None:
        indicator = self.indicators.get(row.ref)
        if indicator is not None:
            self.plan.counts["indicators matched"] += 1
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
        self._plan_new_indicator(row, area=self._area_for(row, area), position=position)
        self.planned_units[row.ref] = self.plan.payload.new_indicators[-1].unit
        return self.planned_units[row.ref]

    def _area_for(self, row: DatasetRow, area: str | None) -> str:
        """A new indicator's area: the file's Area column, else the section title above it,
        else the ref prefix rule, else "Unassigned"."""
        return area or self.area_rules.get(AreaRule.prefix_of(row.ref)) or UNASSIGNED

    # People and everything else the file says about an indicator.

    def _people(self, row: DatasetRow) -> tuple[People, dict[str, object]]:
        """Who the row names, and the catalogue fields that say so (an account where the
        name is one, the name as written either way)."""
        people = people_of(
            owner=row.owner,
            reporter=row.reporter,
            owner_reporter=row.owner_reporter,
            outcome=row.outcome,
            book=self.book,
        )
        if people.guess:
            self.plan.add_problem(
                Problem(
                    f"The names are not known to the portal, so the cell was {people.guess}; "
                    "correct them in the catalogue if that is wrong.",
                    line=row.line,
                    column=row.columns.get("owner_reporter"),
                    text=row.owner_reporter,
                    context=row.ref,
                    severity=Severity.WARNING,
                )
            )
        fields: dict[str, object] = {}
        for hat, name in (("owner", people.owner), ("reporter", people.reporter)):
            if name is None:
                continue
            pk = self.people.get(normalise(name))
            if pk is None and normalise(name) not in self.noted_people:
                self.noted_people.add(normalise(name))
                self.plan.add_problem(
                    Problem(
                        f'"{name}" has no portal account: the name is kept and shown, and an '
                        "account can be linked to it later in the catalogue.",
                        line=row.line,
                        column=row.columns.get(hat) or row.columns.get("owner_reporter"),
                        context=row.ref,
                        severity=Severity.NOTE,
                    )
                )
            fields[f"{hat}_id"], fields[f"{hat}_name"] = pk, name
        return people, fields

    def _plan_new_indicator(self, row: DatasetRow, *, area: str, position: int) -> None:
        payload: DatasetPayload = self.plan.payload
        if area.lower() not in self.areas:
            self.areas[area.lower()] = area
            payload.new_areas.append(area)
        start, end = lifecycle(row)
        people, fields = self._people(row)
        payload.new_indicators.append(
            NewIndicator(
                ref=row.ref,
                title=row.title or row.ref,
                area=self.areas[area.lower()],
                unit=infer_unit(row),
                preferred_direction=preferred_from(row.preferred_direction)
                or PreferredDirection.NEITHER,
                owner_id=fields.get("owner_id"),
                reporter_id=fields.get("reporter_id"),
                owner_name=fields.get("owner_name") or "",
                reporter_name=fields.get("reporter_name") or "",
                outcome=people.outcome or "",
                active_from=start,
                active_to=end,
                decimal_places=decimal_places_of(row),
                position=position,
                frequency=reported.frequency_of(row, plan=self.plan) or Frequency.MONTHLY,
            )
        )
        self.plan.counts["new indicators"] += 1

    def _plan_catalogue(self, row: DatasetRow) -> None:
        """What the file says about an indicator that the catalogue does not say yet."""
        indicator = self.indicators.get(row.ref)
        if indicator is not None:
            self._plan_indicator_changes(row, indicator)
        self._plan_targets(row)
        self._plan_benchmarks(row)

    def _plan_indicator_changes(self, row: DatasetRow, indicator: Indicator) -> None:
        people, fields = self._people(row)
        new: dict[str, object] = {}
        direction = preferred_from(row.preferred_direction)
        if direction is not None and direction != indicator.preferred_direction:
            new["preferred_direction"] = direction
            self._catalogue_change(
                row.ref, "preferred direction", indicator.preferred_direction, direction
            )
        for hat in ("owner", "reporter"):
            name = fields.get(f"{hat}_name")
            account = getattr(indicator, hat)
            named = {normalise(getattr(indicator, f"{hat}_name")), normalise(display_name(account))}
            if name is None or normalise(name) in named:
                continue  # the same person, with or without the account linked since
            new[f"{hat}_id"], new[f"{hat}_name"] = fields[f"{hat}_id"], name
            self._catalogue_change(row.ref, hat, getattr(indicator, f"{hat}_label"), name)
        if people.outcome and people.outcome != indicator.outcome:
            new["outcome"] = people.outcome
            self._catalogue_change(row.ref, "outcome", indicator.outcome, people.outcome)
        if new:
            self.plan.payload.indicator_changes[row.ref] = new

    def _catalogue_change(self, ref: str, what: str, old: str, new: str) -> None:
        self.plan.changes.append(Change(ref, what, old, new))
        self.plan.counts["catalogue changes"] += 1

    def _plan_targets(self, row: DatasetRow) -> None:
        """The target of the financial year the file names, else of its latest month."""
        if row.target is None or row.target.status != CellStatus.VALUE:
            return
        if row.target_year is not None:
            year = row.target_year
        elif self.parsed.latest_month is not None:
            year = financial_year_of(self.parsed.latest_month)
        else:
            return
        stored = self.stored_targets.get((row.ref, year))
        wanted = (row.target.value, row.target_comparator)
        if stored == wanted:
            return
        old = "" if stored is None else f"{stored[1]}{_text(stored[0])}"
        new = f"{row.target_comparator}{_text(row.target.value)}"
        self._catalogue_change(row.ref, f"target {financial_year_name(year)}", old, new)
        self.plan.payload.targets.append(TargetWrite(row.ref, year, *wanted))

    def _plan_benchmarks(self, row: DatasetRow) -> None:
        """Each benchmark with its year; a figure of a year already stored is refreshed."""
        for group, cell in row.benchmarks.items():
            if cell.status not in (CellStatus.VALUE, CellStatus.LOCAL):
                continue
            year = row.benchmark_years.get(group, "")
            key = (row.ref, group, year)
            if key in self.stored_benchmarks and self.stored_benchmarks[key] == cell.value:
                continue
            label = Benchmark.Group(group).label + (f" {year}" if year else "")
            old = _text(self.stored_benchmarks.get(key))
            self._catalogue_change(row.ref, f"benchmark: {label}", old, _text(cell.value))
            self.plan.payload.benchmarks.append(BenchmarkWrite(row.ref, group, year, cell.value))

    @cached_property
    def stored_targets(self) -> dict[tuple[str, int], tuple[Decimal, str]]:
        rows = Target.objects.filter(indicator__ref__in=list(self.indicators)).values_list(
            "indicator__ref", "financial_year", "value", "comparator"
        )
        return {(ref, year): (value, comparator) for ref, year, value, comparator in rows}

    @cached_property
    def stored_benchmarks(self) -> dict[tuple[str, str, str], Decimal | None]:
        rows = Benchmark.objects.filter(indicator__ref__in=list(self.indicators)).values_list(
            "indicator__ref", "group", "year", "value"
        )
        return {(ref, group, year): value for ref, group, year, value in rows}

    # Values and commentary.

    def _problem(self, row: DatasetRow, month: date, cell: Cell, message: str) -> None:
        line, column = self.locations.get((row.ref, month), (row.line, None))
        self.plan.counts["values refused"] += 1
        self.plan.add_problem(
            Problem(
                message,
                line=line,
                column=column or month_name(month),
                text=cell.text,
                context=f"{row.ref}, {month_name(month)}",
            )
        )

    def _plan_cell(self, row: DatasetRow, month: date, cell: Cell, *, unit: str) -> None:
        if cell.status == CellStatus.INVALID:
            self.plan.counts["values refused"] += 1
            return  # the reader has reported it
        commentary = row.commentary_for(month, latest=self.parsed.latest_month)
        if cell.status != CellStatus.VALUE:
            if commentary and month <= self.this_month:
                # Commentary is kept where the month's value is blank: it often says why.
                stored = self.stored.get((row.ref, month))
                self._compare(row.ref, month, stored.value if stored else None, commentary)
                return
            # A placeholder is listed by the reader with what it means; a blank is just blank.
            self.plan.counts["skipped" if cell.text.strip() else "blank"] += 1
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

    def _compare(self, ref: str, month: date, value: Decimal | None, commentary: str) -> None:
        stored = self.stored.get((ref, month))
        new_commentary = commentary or (stored.commentary if stored else "")
        if stored and stored.value == value and new_commentary == stored.commentary:
            self.plan.counts["unchanged"] += 1
            return
        if stored is None:
            self._settle(ref, month, None, value, new_commentary, entered="")
            return
        # Decided once it is known who entered the stored value (one query for all).
        self.pending.append(Pending(ref, month, stored, value, new_commentary))

    def _settle_pending(self) -> None:
        # A row the month's opening made, with neither value nor commentary, holds no work.
        worked = [
            p.stored.pk for p in self.pending if p.stored.value is not None or p.stored.commentary
        ]
        entered = self._entered_in_portal(worked)
        for p in self.pending:
            self._settle(
                p.ref,
                p.month,
                p.stored,
                p.value,
                p.commentary,
                entered=entered.get(p.stored.pk, ""),
            )

    def _entered_in_portal(self, pks: list[int]) -> dict[int, str]:
        """Who entered each of these stored values in the portal, and when ("Jane White on
        3 July 2021"); values last written by an import are not someone's work."""
        last_reason = Subquery(
            MonthlyValue.history.filter(id=OuterRef("pk"))
            .order_by("-history_date", "-history_id")
            .values("history_change_reason")[:1]
        )
        found = {}
        for start in range(0, len(pks), 5_000):
            rows = (
                MonthlyValue.objects.filter(pk__in=pks[start : start + 5_000])
                .exclude(updated_by=None)
                .annotate(last_reason=last_reason)
                .select_related("updated_by")
                .only("pk", "updated_at", "updated_by")
            )
            for row in rows:
                if not (row.last_reason or "").startswith(IMPORT_REASONS):
                    when = timezone.localtime(row.updated_at)
                    found[row.pk] = f"{display_name(row.updated_by)} on {when:%-d %B %Y}"
        return found

    def _settle(
        self,
        ref: str,
        month: date,
        stored: Stored | None,
        value: Decimal | None,
        commentary: str,
        *,
        entered: str,
    ) -> None:
        guarded = self._guard(stored, month, entered=entered)
        subject = f"{ref}, {month_name(month)}"
        if stored is None:
            self.plan.changes.extend(
                [Change(subject, "value", "", _text(value), conflict=bool(guarded))]
                if guarded else []
            )  # fmt: skip
        else:
            self._record_changes(
                subject, stored, value, commentary, conflict=bool(guarded), by=entered
            )
        if guarded and not self.allow_revisions:
            self.plan.counts["conflicts"] += 1
            self.plan.add_problem(
                Problem(f"{guarded} Confirm it as a revision (\"Apply as revisions\", or "
                        "import with the option to allow revisions) to record the change.",
                        context=subject)
            )  # fmt: skip
            return
        self._plan_write(ref, month, stored, value, commentary, revision=bool(guarded))

    def _guard(self, stored: Stored | None, month: date, *, entered: str) -> str:
        """Why this value may change only as a revision ("" when it may simply change)."""
        if month in self.closed_months:
            return f"{month_name(month)} is {self.closed_months[month]}."
        if stored is not None and stored.state in VOUCHED_STATES:
            who = f" ({entered})" if entered else ""
            return f"The stored value was {stored.state}{who} and would be overwritten."
        if entered:
            return f"{entered} entered this in the portal, and the file would replace it."
        return ""

    def _record_changes(
        self,
        subject: str,
        stored: Stored,
        value: Decimal | None,
        commentary: str,
        *,
        conflict: bool,
        by: str,
    ) -> None:
        if stored.value != value:
            self.plan.changes.append(
                Change(subject, "value", _text(stored.value), _text(value), conflict, by)
            )
        if commentary != stored.commentary:
            self.plan.changes.append(
                Change(subject, "commentary", stored.commentary, commentary, conflict, by)
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
