"""Planning what a dataset file says about its indicators: new entries, their people,
preferred directions, targets and benchmarks.

Part of the dataset import's plan (``dataset_import.plan``): nothing is written here, every
change is listed in the preview and written by ``dataset_import.services``, each in the
indicator's history.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from difflib import get_close_matches
from functools import cached_property

from django.contrib.auth import get_user_model
from django.db.models.functions import Lower

from core.months import financial_year_name, financial_year_of
from core.people import display_name
from dataset_import import reported
from dataset_import.dataset_file import CellStatus, DatasetFile, DatasetRow
from dataset_import.identity import normalise
from dataset_import.judgement import Proposal, TargetTerms, proposal_for, rag_disagreement
from dataset_import.people import SEPARATOR, NameBook, People, people_of
from imports.plans import Change, ImportPlan, Problem, Severity, field_limit_problem
from indicators.calculations import DEFAULT_TOLERANCE_PCT
from indicators.models import (
    IMPORTED,
    Area,
    AreaRule,
    Benchmark,
    Frequency,
    Indicator,
    PreferredDirection,
    Target,
    Unit,
    ref_clash,
)
from indicators.units import unit_named

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
    """A benchmark the file gives for ``year``: a figure, or none and the file's caveat."""

    ref: str
    group: str
    year: str
    value: Decimal | None
    caveat: str = Benchmark.Caveat.NONE


# What a benchmark cell says: (figure, caveat). A blank cell says nothing and is not here.
CAVEATS = {
    CellStatus.VALUE: Benchmark.Caveat.NONE,
    CellStatus.LOCAL: Benchmark.Caveat.LOCAL,
    CellStatus.NOT_AVAILABLE: Benchmark.Caveat.NOT_AVAILABLE,
}


def infer_unit(row: DatasetRow) -> str:
    """A new indicator's unit: what its ref and title say ("per 10,000", "% of"), else a
    percentage where its values are written "30%", else a count (the team can correct it)."""
    named = unit_named(ref=row.ref, title=row.title or "")
    if named not in (None, Unit.RATE):
        return named
    if any(cell.is_percent for cell in row.values.values()):
        return Unit.PERCENTAGE  # a "re-referral rate" written "22%"
    return named or Unit.COUNT


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


def _benchmark_text(stored: tuple[Decimal | None, str] | None) -> str:
    """A benchmark as the preview lists it: its figure or its caveat ("" for none)."""
    if stored is None:
        return ""
    value, caveat = stored
    return Benchmark.Caveat(caveat).label if value is None and caveat else _text(value)


# How alike two people's names (in their normal form) must be to be asked about: difflib's
# ratio, 0.9 or more - "Lissa-Marie Minnis" and "Lisa-Marie Minnis" are 0.97, "Jane White"
# and "Jane Whyte" 0.9, "Jane White" and "John White" 0.8.
NEAR_DUPLICATE_LIKENESS = 0.9


class CataloguePlanner:
    """Plans the catalogue side of one file into ``plan`` (its payload and changes)."""

    def __init__(
        self,
        *,
        plan: ImportPlan,
        parsed: DatasetFile,
        indicators: dict[str, Indicator],
        create_indicators: bool,
        stored_refs: set[str],
    ):
        self.plan, self.parsed, self.indicators = plan, parsed, indicators
        self.create_indicators = create_indicators
        # Every ref stored or planned, by its lower case: a new ref differing only in case
        # from one of them is refused, not matched (refs are case-sensitive text).
        self.refs_by_case = {ref.lower(): ref for ref in stored_refs}
        self.areas = {name.lower(): name for name in Area.objects.values_list("name", flat=True)}
        rules = AreaRule.objects.values_list("prefix", "area__name")
        self.area_rules = {prefix.upper(): area for prefix, area in rules}  # as refs are read
        self.people = self._people_by_name()
        self.book = self._name_book()
        self.noted_people: set[str] = set()
        # Each name met so far (accounts, the catalogue, then the file), by its normal form:
        # a new one that differs from one of them by a letter or two is a warning.
        self.names_met: dict[str, str] = self._names_known()
        self.planned_units: dict[str, str] = {}
        # ref -> the preferred direction after the import, and the targets the file sets by
        # (ref, financial year): what the portal will judge the file's RAG by.
        self.directions: dict[str, str] = {}
        self.planned_targets: dict[tuple[str, int], tuple[Decimal, str]] = {}

    def _people_by_name(self) -> dict[str, int]:
        users = (
            get_user_model()
            .objects.annotate(first=Lower("first_name"), last=Lower("last_name"))
            .values_list("pk", "first", "last")
        )
        return {normalise(f"{first} {last}"): pk for pk, first, last in users if first or last}

    def _names_known(self) -> dict[str, str]:
        """The names of accounts and those the catalogue holds, each as written, by its
        normal form; where each stands is said as "in the catalogue"."""
        accounts = get_user_model().objects.values_list("first_name", "last_name")
        written = [f"{first} {last}".strip() for first, last in accounts]
        written += [n for pair in Indicator.objects.values_list("owner_name", "reporter_name")
                    for n in pair]  # fmt: skip
        return {normalise(name): f'"{name}" in the catalogue' for name in written if name}

    def _near_duplicate(self, name: str, *, row: DatasetRow, column: str | None) -> None:
        """Warn, naming both, where ``name`` differs by a letter or two from a name met
        before ("Lissa-Marie Minnis" after "Lisa-Marie Minnis"): they would be kept as two
        people. Each name is compared once, when first met."""
        key = normalise(name)
        if key in self.names_met:
            return
        close = get_close_matches(key, self.names_met, n=1, cutoff=NEAR_DUPLICATE_LIKENESS)
        if close:
            self.plan.add_problem(
                Problem(
                    f'"{name}" is very like {self.names_met[close[0]]}: if they are one '
                    "person, correct the spelling in the file; otherwise the import keeps "
                    "them as two people.",
                    line=row.line,
                    column=column,
                    context=row.ref,
                    severity=Severity.WARNING,
                )
            )
        self.names_met[key] = f'"{name}" (row {row.line})'

    def _name_book(self) -> NameBook:
        """Accounts, the names the catalogue holds, and the names this file gives in columns
        of their own or before an outcome's markup: what a merged cell or a name leading an
        outcome is split by."""
        catalogue = Indicator.objects.values_list("owner_name", "reporter_name")
        in_file = [
            name for row in self.parsed.rows for name in (row.owner, row.reporter, row.outcome_lead)
        ]
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
        other = self.refs_by_case.get(row.ref.lower())
        if other is not None and other != row.ref:
            where = "earlier in the file" if other in self.planned_units else "in the catalogue"
            self.plan.add_problem(
                Problem(
                    ref_clash(ref=row.ref, other=other, where=where),
                    line=row.line,
                    column=row.columns.get("ref", "Ref"),
                    context=row.ref,
                )
            )
            return None
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
        self.refs_by_case[row.ref.lower()] = row.ref
        return self.planned_units[row.ref]

    def _area_for(self, row: DatasetRow, area: str | None) -> str:
        """A new indicator's area: the file's Area column, else the section title above it,
        else the ref prefix rule, else "Unassigned"."""
        return area or self.area_rules.get(AreaRule.prefix_of(row.ref)) or UNASSIGNED

    def _people(
        self, row: DatasetRow, indicator: Indicator | None
    ) -> tuple[People, dict[str, object]]:
        """Who the row names, and the catalogue fields that say so (an account where the
        name is one, the name as written either way); each doubt is a warning, but that no
        reporter is named only where the indicator has none stored."""
        people = people_of(
            owner=row.owner,
            reporter=row.reporter,
            owner_reporter=row.owner_reporter,
            outcome=row.outcome,
            outcome_lead=row.outcome_lead,
            book=self.book,
        )
        stored_reporter = indicator is not None and indicator.reporter_label
        for doubt in people.doubts:
            if doubt.blank_reporter and stored_reporter:
                continue
            column = row.columns.get(doubt.column) or row.columns.get("owner_reporter")
            self.plan.add_problem(
                Problem(
                    doubt.message,
                    line=row.line,
                    column=column or row.columns.get("owner"),
                    context=row.ref,
                    severity=Severity.WARNING,
                )
            )
        fields: dict[str, object] = {}
        for hat, name in (("owner", people.owner), ("reporter", people.reporter)):
            if name is None:
                continue
            column = row.columns.get(hat) or row.columns.get("owner_reporter")
            self._near_duplicate(name, row=row, column=column)
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
        people, fields = self._people(row, None)
        stated = preferred_from(row.preferred_direction)
        proposed = self._proposal(row, stored=None, stated=stated, old="")
        direction = proposed.direction if proposed else stated or PreferredDirection.NEITHER
        self.directions[row.ref] = direction
        payload.new_indicators.append(
            NewIndicator(
                ref=row.ref,
                title=row.title or row.ref,
                area=self.areas[area.lower()],
                unit=infer_unit(row),
                preferred_direction=direction,
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
        self._compare_rag(row)

    def _plan_indicator_changes(self, row: DatasetRow, indicator: Indicator) -> None:
        people, fields = self._people(row, indicator)
        new: dict[str, object] = {}
        direction = preferred_from(row.preferred_direction)
        stored = indicator.preferred_direction
        old = PreferredDirection(stored).label
        if proposed := self._proposal(row, stored=stored, stated=direction, old=old):
            direction = proposed.direction
        elif direction is not None and direction != stored:
            self._change(row.ref, "preferred direction", stored, direction)
        if direction is not None and direction != stored:
            new["preferred_direction"] = direction
        self.directions[row.ref] = direction or stored
        unit = unit_named(ref=row.ref, title=row.title or indicator.title)
        if unit not in (None, indicator.unit) and (
            unit != Unit.RATE or indicator.unit == Unit.COUNT  # a percentage may be a "rate"
        ):
            # The title says otherwise ("per 10,000" on a count): proposed, and the file's
            # values are read in the unit they would have once it is confirmed.
            new["unit"] = self.planned_units[row.ref] = unit
            self._change(row.ref, "unit", Unit(indicator.unit).label, Unit(unit).label)
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

    def _proposal(
        self, row: DatasetRow, *, stored: str | None, stated: str | None, old: str
    ) -> Proposal | None:
        """A preferred direction the file's target and RAG agree on, for an indicator with
        none, listed in the changes with its evidence (which the indicator's history keeps
        as the change's reason); conflicting evidence is listed as a warning."""
        month = self.parsed.latest_month
        proposed, conflict = proposal_for(row, month=month, stored=stored, stated=stated)
        if conflict is not None:
            self.plan.add_problem(conflict)
        if proposed is None:
            return None
        label = PreferredDirection(proposed.direction).label
        self._change(
            row.ref, "preferred direction (proposed)", old, f"{label}: {proposed.in_words}"
        )
        self.plan.payload.change_reasons[row.ref] = (
            f"{IMPORTED}; preferred direction {label.lower()}, proposed from the file: "
            f"{proposed.in_words}"
        )
        return proposed

    def _compare_rag(self, row: DatasetRow) -> None:
        """Warn where the portal, with the direction and target the import leaves, judges
        the file's latest month otherwise than the file's RAG does."""
        month = self.parsed.latest_month
        if month is None or row.file_rag is None:
            return
        year = financial_year_of(month)
        planned = self.planned_targets.get((row.ref, year))
        target = planned or self.stored_targets.get((row.ref, year))
        terms = None
        if target is not None:
            tolerance = self.stored_tolerances.get((row.ref, year), DEFAULT_TOLERANCE_PCT)
            written = row.target.text.strip() if planned else ""
            terms = TargetTerms(target[0], target[1], tolerance, written)
        preferred = self.directions.get(row.ref, PreferredDirection.NEITHER)
        if problem := rag_disagreement(row, month=month, preferred=preferred, target=terms):
            self.plan.add_problem(problem)

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
        self.planned_targets[row.ref, year] = wanted
        if stored == wanted:
            return
        old = "" if stored is None else f"{stored[1]}{_text(stored[0])}"
        new = f"{row.target_comparator}{_text(row.target.value)}"
        self._change(row.ref, f"target {financial_year_name(year)}", old, new)
        self.plan.payload.targets.append(TargetWrite(row.ref, year, *wanted))

    def _plan_benchmarks(self, row: DatasetRow) -> None:
        """Each benchmark with its year and caveat; a figure of a year already stored is
        refreshed, and the figures of other years keep theirs.

        A figure, "Local" (a local measure) and "-" (not available) are stored as the file
        says them; a blank cell states nothing and changes nothing. A file that names no
        year (the 2016 and 2021 layouts) gives only the figure: the figure stored last for
        the group is the same benchmark, whatever year someone has given it since.
        """
        for group, cell in row.benchmarks.items():
            if cell.status not in CAVEATS:
                continue
            wanted = (cell.value, CAVEATS[cell.status])
            year = row.benchmark_years.get(group, "")
            stored = self.stored_benchmarks.get((row.ref, group, year))
            latest = stored if year else self.latest_benchmarks.get((row.ref, group))
            if wanted in (stored, latest):
                continue
            label = Benchmark.Group(group).label + (f" {year}" if year else "")
            self._change(
                row.ref, f"benchmark: {label}", _benchmark_text(stored), _benchmark_text(wanted)
            )
            self.plan.payload.benchmarks.append(BenchmarkWrite(row.ref, group, year, *wanted))

    @cached_property
    def _target_rows(self) -> list[tuple[str, int, Decimal, str, Decimal]]:
        return list(
            Target.objects.filter(indicator__ref__in=list(self.indicators)).values_list(
                "indicator__ref", "financial_year", "value", "comparator", "rag_tolerance"
            )
        )

    @cached_property
    def stored_targets(self) -> dict[tuple[str, int], tuple[Decimal, str]]:
        return {
            (ref, year): (value, comparator)
            for ref, year, value, comparator, _ in self._target_rows
        }

    @cached_property
    def stored_tolerances(self) -> dict[tuple[str, int], Decimal]:
        return {(ref, year): tolerance for ref, year, _, _, tolerance in self._target_rows}

    @cached_property
    def stored_benchmarks(self) -> dict[tuple[str, str, str], tuple[Decimal | None, str]]:
        """(ref, group, year): (figure, caveat)."""
        rows = Benchmark.objects.filter(indicator__ref__in=list(self.indicators)).values_list(
            "indicator__ref", "group", "year", "value", "caveat"
        )
        return {(ref, group, year): (value, caveat) for ref, group, year, value, caveat in rows}

    @cached_property
    def latest_benchmarks(self) -> dict[tuple[str, str], tuple[Decimal | None, str]]:
        """(ref, group): the figure of the latest year stored, as the pack shows it."""
        by_year = sorted(self.stored_benchmarks.items(), key=lambda item: item[0][2])
        return {(ref, group): value for (ref, group, _), value in by_year}
