"""Planning what a dataset file says about its indicators: new entries, their people,
preferred directions, targets and benchmarks.

Part of the dataset import's plan (``dataset_import.plan``): nothing is written here, every
change is listed in the preview and written by ``dataset_import.services``, each in the
indicator's history.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property

from django.contrib.auth import get_user_model
from django.db.models.functions import Lower

from core.imports import Change, ImportPlan, Problem, Severity, field_limit_problem
from core.months import financial_year_name, financial_year_of
from core.people import display_name
from dataset_import import reported
from dataset_import.dataset_file import CellStatus, DatasetFile, DatasetRow
from dataset_import.identity import normalise
from dataset_import.people import SEPARATOR, NameBook, People, people_of
from indicators.models import (
    Area,
    AreaRule,
    Benchmark,
    Frequency,
    Indicator,
    PreferredDirection,
    Target,
    Unit,
)

UNASSIGNED = "Unassigned"


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


def _text(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


class CataloguePlanner:
    """Plans the catalogue side of one file into ``plan`` (its payload and changes)."""

    def __init__(
        self,
        *,
        plan: ImportPlan,
        parsed: DatasetFile,
        indicators: dict[str, Indicator],
        create_indicators: bool,
    ):
        self.plan, self.parsed, self.indicators = plan, parsed, indicators
        self.create_indicators = create_indicators
        self.areas = {name.lower(): name for name in Area.objects.values_list("name", flat=True)}
        rules = AreaRule.objects.values_list("prefix", "area__name")
        self.area_rules = {prefix.upper(): area for prefix, area in rules}  # as refs are read
        self.people = self._people_by_name()
        self.book = self._name_book()
        self.noted_people: set[str] = set()
        self.planned_units: dict[str, str] = {}

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

    def unit_for(self, row: DatasetRow, *, area: str | None, position: int) -> str | None:
        """The unit the row's values are read in: its indicator's, or the one a new
        indicator is planned with; None (the row refused) for an unknown ref when new
        indicators are not to be created."""
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
        payload = self.plan.payload
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
        new = payload.new_indicators[-1]
        self._check_limits(row, {"ref": new.ref, "title": new.title, "area": new.area, **fields})
        self.plan.counts["new indicators"] += 1

    def _check_limits(self, row: DatasetRow, values: dict[str, object]) -> None:
        """An error for each text longer than its model field holds, naming the row and the
        column: what passes the preview applies. ``values`` by field (``area``: its name)."""
        for name, value in values.items():
            model, field_name = (Area, "name") if name == "area" else (Indicator, name)
            problem = field_limit_problem(model._meta.get_field(field_name), value)
            if problem:
                column = name.removesuffix("_name").removesuffix("_id")
                self.plan.add_problem(
                    Problem(
                        problem,
                        line=row.line,
                        column=row.columns.get(column) or row.columns.get("owner_reporter"),
                        context=row.ref,
                    )
                )

    def plan_row(self, row: DatasetRow) -> None:
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
            self._change(row.ref, "preferred direction", indicator.preferred_direction, direction)
        for hat in ("owner", "reporter"):
            name = fields.get(f"{hat}_name")
            account = getattr(indicator, hat)
            named = {normalise(getattr(indicator, f"{hat}_name")), normalise(display_name(account))}
            if name is None or normalise(name) in named:
                continue  # the same person, with or without the account linked since
            new[f"{hat}_id"], new[f"{hat}_name"] = fields[f"{hat}_id"], name
            self._change(row.ref, hat, getattr(indicator, f"{hat}_label"), name)
        if people.outcome and people.outcome != indicator.outcome:
            new["outcome"] = people.outcome
            self._change(row.ref, "outcome", indicator.outcome, people.outcome)
        if new:
            self._check_limits(row, new)
            self.plan.payload.indicator_changes[row.ref] = new

    def _change(self, ref: str, what: str, old: str, new: str) -> None:
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
        self._change(row.ref, f"target {financial_year_name(year)}", old, new)
        self.plan.payload.targets.append(TargetWrite(row.ref, year, *wanted))

    def _plan_benchmarks(self, row: DatasetRow) -> None:
        """Each benchmark with its year; a figure of a year already stored is refreshed.

        A local measure ("n/a") where none is stored changes nothing. A file that names no
        year (the 2016 layout) gives only the figure: the figure stored last for the group is
        the same benchmark, whatever year someone has given it since.
        """
        for group, cell in row.benchmarks.items():
            if cell.status not in (CellStatus.VALUE, CellStatus.LOCAL):
                continue
            year = row.benchmark_years.get(group, "")
            key = (row.ref, group, year)
            stored = self.stored_benchmarks.get(key)
            latest = stored if year else self.latest_benchmarks.get((row.ref, group))
            if cell.value in (stored, latest):
                continue
            label = Benchmark.Group(group).label + (f" {year}" if year else "")
            self._change(row.ref, f"benchmark: {label}", _text(stored), _text(cell.value))
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

    @cached_property
    def latest_benchmarks(self) -> dict[tuple[str, str], Decimal | None]:
        """(ref, group): the figure of the latest year stored, as the pack shows it."""
        by_year = sorted(self.stored_benchmarks.items(), key=lambda item: item[0][2])
        return {(ref, group): value for (ref, group, _), value in by_year}
