"""The catalogue file: every indicator's definition in one CSV or XLSX, read and written.

Columns: ``ref, title, area, unit, decimal_places, preferred_direction, frequency, owner,
reporter, numerator, denominator, scale`` - the last three blank where the indicator is not
derived; ``denominator`` is ``population`` for a rate per children of the population figure.
An import creates or updates indicators (never deletes one), all or nothing, and records each
change in the indicator's history; a derived indicator whose inputs are missing, or a cycle
of derived indicators, or a chain of them deeper than ``MAX_FORMULA_DEPTH``, is an error
naming the rows. A derived indicator's stored figures are cleared (its commentary kept), as
the preview lists: its value is computed from its counts.
"""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.db.models.functions import Lower
from django.template.defaultfilters import pluralize

from core.exports import neutralise_formula
from imports.headers import columns_named, match_headers
from imports.plans import Change, ImportPlan, Problem, field_limit_problem
from imports.spreadsheets import UnreadableFile
from imports.tables_io import SheetRow, read_rows
from indicators import calculations
from indicators.calculations import Formula, PreferredDirection
from indicators.models import Area, Frequency, Indicator, MonthlyValue, Unit, ref_clash
from indicators.units import unit_of_word

COLUMNS = (
    "ref", "title", "area", "unit", "decimal_places", "preferred_direction", "frequency",
    "owner", "reporter", "numerator", "denominator", "scale",
)  # fmt: skip
POPULATION = "population"  # the denominator of a rate per children
CHANGE_REASON = "Catalogue file"
MAX_PLACES = 4  # the values are stored to four decimal places
# What each field is compared and written as, in the file's words and the model's.
FIELDS = ("title", "area", "unit", "decimal_places", "preferred_direction", "frequency",
          "owner", "reporter", "numerator", "denominator", "scale")  # fmt: skip
# The columns whose text is stored as written, and the model field that limits it.
LIMITED = {
    "ref": Indicator._meta.get_field("ref"),
    "title": Indicator._meta.get_field("title"),
    "area": Area._meta.get_field("name"),
}


UNIT_CHOICES = ", ".join([*Unit.values, "%", "percent", "per 10,000", "per 100,000"])


def _choice(choices: type, text: str) -> str | None:
    """A choice by its value or its label, case-insensitive ("percentage", "Up is good")."""
    wanted = text.strip().lower()
    for value, label in choices.choices:
        if wanted in (value.lower(), label.lower()):
            return value
    return None


@dataclass
class Definition:
    """One row of the file as the catalogue would hold it (people by pk, inputs by ref)."""

    line: int
    ref: str
    title: str
    area: str
    unit: str
    decimal_places: int
    preferred_direction: str
    frequency: str
    owner: int | None
    reporter: int | None
    numerator: str | None
    denominator: str | None  # None with a numerator: the population
    scale: Decimal | None

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in FIELDS}


@dataclass
class CataloguePayload:
    new_areas: list[str] = field(default_factory=list)
    definitions: list[Definition] = field(default_factory=list)


def _stored(indicator: Indicator) -> dict[str, Any]:
    """An indicator's fields as a :class:`Definition` holds them, to compare."""
    derived = indicator.numerator_id is not None
    return {
        "title": indicator.title,
        "area": indicator.area.name,
        "unit": indicator.unit,
        "decimal_places": indicator.decimal_places,
        "preferred_direction": indicator.preferred_direction,
        "frequency": indicator.frequency,
        "owner": indicator.owner_id,
        "reporter": indicator.reporter_id,
        "numerator": indicator.numerator.ref if derived else None,
        "denominator": indicator.denominator.ref if indicator.denominator_id else None,
        "scale": indicator.scale,
    }


class CataloguePlanner:
    """Reads the file's rows into definitions and compares them with the catalogue."""

    def __init__(self, rows: list[SheetRow]):
        self.rows = rows
        self.plan = ImportPlan(payload=CataloguePayload())
        self.catalogue = {
            indicator.ref: indicator
            for indicator in Indicator.objects.select_related("area", "numerator", "denominator")
        }
        self.catalogue_by_case = {ref.lower(): ref for ref in self.catalogue}
        self.areas = {name.lower(): name for name in Area.objects.values_list("name", flat=True)}
        users = get_user_model().objects.annotate(
            first=Lower("first_name"), last=Lower("last_name"), login=Lower("username")
        )
        self.people: dict[str, int] = {}
        for pk, first, last, login in users.values_list("pk", "first", "last", "login"):
            self.people[login] = pk
            if first or last:
                self.people.setdefault(f"{first} {last}".strip(), pk)

    def build(self) -> ImportPlan:
        data = [row for row in self.rows if any(cell.strip() for cell in row.cells)]
        if not data:
            self.plan.add_problem(Problem("The file has no rows."))
            return self.plan
        header, *body = data
        headers = match_headers(
            header.cells,
            columns=columns_named(COLUMNS, required=COLUMNS),
            file="the catalogue file",
            line=header.line,
        )
        for problem in headers.problems:
            self.plan.add_problem(problem)
        if headers.missing:
            return self.plan
        self.columns = headers.index
        seen: dict[str, tuple[str, int]] = {}  # by the ref in lower case: (the ref, its row)
        for row in body:
            definition = self._definition(row)
            if definition is None:
                continue
            if problem := self._ref_problem(definition.ref, seen):
                self._problem(row, "ref", problem)
                continue
            seen[definition.ref.lower()] = (definition.ref, row.line)
            self.plan.payload.definitions.append(definition)
        self._check_formulas()
        if not self.plan.has_errors:
            for definition in self.plan.payload.definitions:
                self._compare(definition)
            self._clearing()
        self.plan.fingerprint_parts.append(
            repr(sorted((ref, sorted(_stored(i).items())) for ref, i in self.catalogue.items()))
        )
        return self.plan

    def _ref_problem(self, ref: str, seen: dict[str, tuple[str, int]]) -> str | None:
        """Why a row may not have ``ref``: it is on an earlier row (in any case), or differs
        only in case from a stored ref (refs are unique whatever their case)."""
        if ref.lower() in seen:
            first, line = seen[ref.lower()]
            if first == ref:
                return f"{ref} is also on row {line}."
            return ref_clash(ref=ref, other=first, where=f"on row {line}")
        stored = self.catalogue_by_case.get(ref.lower())
        if stored is not None and stored != ref:
            return ref_clash(ref=ref, other=stored)
        return None

    def _cell(self, row: SheetRow, name: str) -> str:
        index = self.columns[name]
        return row.cells[index].strip() if index < len(row.cells) else ""

    def _problem(self, row: SheetRow, name: str, message: str) -> None:
        self.plan.add_problem(
            Problem(
                message,
                line=row.line,
                column=name,
                text=self._cell(row, name),
                context=self._cell(row, "ref"),
            )
        )

    def _definition(self, row: SheetRow) -> Definition | None:
        """The row as a definition, or None with a problem for each bad cell."""
        errors = self.plan.counts["errors"]
        cell = {name: self._cell(row, name) for name in COLUMNS}
        for name in ("ref", "title", "area", "unit"):
            if not cell[name]:
                self._problem(row, name, f"The {name} is missing.")
        for name, model_field in LIMITED.items():
            if problem := field_limit_problem(model_field, cell[name]):
                self._problem(row, name, problem)
        unit = unit_of_word(cell["unit"]) if cell["unit"] else None
        if cell["unit"] and unit is None:
            self._problem(row, "unit", f"Write one of: {UNIT_CHOICES}.")
        places = cell["decimal_places"] or "0"
        if not places.isdigit() or int(places) > MAX_PLACES:
            self._problem(row, "decimal_places", f"Write a whole number from 0 to {MAX_PLACES}.")
        preferred = _choice(PreferredDirection, cell["preferred_direction"] or "neither")
        if preferred is None:
            self._problem(
                row, "preferred_direction", f"Write one of: {', '.join(PreferredDirection.values)}."
            )
        frequency = _choice(Frequency, cell["frequency"] or "monthly")
        if frequency is None:
            self._problem(row, "frequency", f"Write one of: {', '.join(Frequency.values)}.")
        people = {}
        for name in ("owner", "reporter"):
            key = " ".join(cell[name].lower().split())
            people[name] = self.people.get(key) if key else None
            if key and people[name] is None:
                self._problem(row, name, f'"{cell[name]}" is not a portal user (name or username).')
        scale = self._scale(row, cell)
        if self.plan.counts["errors"] > errors:
            return None
        if cell["area"].lower() not in self.areas:
            self.areas[cell["area"].lower()] = cell["area"]
            self.plan.payload.new_areas.append(cell["area"])
            self.plan.changes.append(Change(f"Area {cell['area']}", "area", "", "new"))
        return Definition(
            line=row.line,
            ref=cell["ref"],
            title=cell["title"],
            area=self.areas[cell["area"].lower()],
            unit=unit,
            decimal_places=int(places),
            preferred_direction=preferred,
            frequency=frequency,
            owner=people["owner"],
            reporter=people["reporter"],
            numerator=cell["numerator"] or None,
            denominator=(
                None if cell["denominator"].lower() in ("", POPULATION) else cell["denominator"]
            ),
            scale=scale,
        )

    def _scale(self, row: SheetRow, cell: dict[str, str]) -> Decimal | None:
        """The scale of a derived row; a problem where the formula's cells do not fit."""
        if not cell["numerator"]:
            for name in ("denominator", "scale"):
                if cell[name]:
                    self._problem(row, name, "Only a derived indicator (with a numerator) has one.")
            return None
        if not cell["denominator"]:
            self._problem(
                row, "denominator", f"Name the indicator divided by, or write {POPULATION}."
            )
        try:
            scale = Decimal(cell["scale"].replace(",", ""))
        except InvalidOperation:
            scale = None
        if scale is None or not scale.is_finite() or scale <= 0 or scale != scale.to_integral():
            self._problem(row, "scale", "Write a positive whole number, e.g. 100 or 10000.")
            return None
        if problem := field_limit_problem(Indicator._meta.get_field("scale"), scale):
            self._problem(row, "scale", problem)
            return None
        return scale

    def _check_formulas(self) -> None:
        """Inputs exist (in the catalogue or the file) and no derived indicator depends on
        itself; each problem names the rows."""
        definitions = {d.ref: d for d in self.plan.payload.definitions}
        formulas: dict[str, Formula[str]] = {
            ref: Formula(i.numerator.ref, i.denominator.ref if i.denominator_id else None, i.scale)
            for ref, i in self.catalogue.items()
            if i.numerator_id is not None and ref not in definitions
        }
        for definition in definitions.values():
            if definition.numerator is None:
                continue
            formulas[definition.ref] = Formula(
                definition.numerator, definition.denominator, definition.scale
            )
            for name in ("numerator", "denominator"):
                ref = getattr(definition, name)
                if ref is not None and ref not in definitions and ref not in self.catalogue:
                    self.plan.add_problem(
                        Problem(
                            f"{definition.ref} is derived from {ref}, which is neither in the "
                            "catalogue nor in the file.",
                            line=definition.line,
                            column=name,
                            text=ref,
                            context=definition.ref,
                        )
                    )
        for cycle in calculations.formula_cycles(formulas):
            rows = [f"row {definitions[ref].line}" for ref in cycle if ref in definitions]
            self.plan.add_problem(
                Problem(
                    f"{' -> '.join([*cycle, cycle[0]])} is a cycle: a derived indicator cannot "
                    f"depend on itself ({', '.join(rows) or 'the catalogue'}).",
                    line=definitions[cycle[0]].line if cycle[0] in definitions else None,
                    column="numerator",
                    context=", ".join(cycle),
                )
            )
        limit = calculations.MAX_FORMULA_DEPTH
        for chain in calculations.too_deep_chains(formulas, limit=limit):
            top = definitions.get(chain[0])
            self.plan.add_problem(
                Problem(
                    f"{calculations.chain_text(chain)} is {len(chain):,} deep; at most {limit} "
                    "derived indicators may be computed one from another. Compute the top one "
                    "from counts nearer the entered values.",
                    line=top.line if top else None,
                    column="numerator",
                    context=chain[0],
                )
            )

    def _compare(self, definition: Definition) -> None:
        stored = self.catalogue.get(definition.ref)
        if stored is None:
            self.plan.counts["new"] += 1
            self.plan.changes.append(Change(definition.ref, "indicator", "", definition.title))
            return
        before = _stored(stored)
        changed = [name for name in FIELDS if before[name] != definition.values()[name]]
        self.plan.counts["changed" if changed else "unchanged"] += 1
        for name in changed:
            self.plan.changes.append(
                Change(definition.ref, name, _text(before[name]), _text(definition.values()[name]))
            )

    def _clearing(self) -> None:
        """The stored figures the import clears (``services.clear_derived_figures``): those of
        every derived row, its value computed from its counts; commentary is kept."""
        derived = [d.ref for d in self.plan.payload.definitions if d.numerator is not None]
        stale = (
            MonthlyValue.objects.filter(indicator__ref__in=derived, value__isnull=False)
            .values_list("indicator__ref")
            .annotate(figures=Count("pk"))
            .order_by("indicator__ref")
        )
        for ref, figures in stale:
            self.plan.changes.append(
                Change(
                    ref,
                    "stored values",
                    f"{figures} figure{pluralize(figures)}",
                    "cleared: computed from its counts (commentary kept)",
                )
            )


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def plan_catalogue(*, data: bytes, filename: str) -> ImportPlan:
    try:
        rows = read_rows(data)
    except UnreadableFile as error:
        plan = ImportPlan(payload=CataloguePayload())
        plan.add_problem(Problem(str(error)))
        return plan
    return CataloguePlanner(rows).build()


def export_rows() -> list[list[Any]]:
    """The catalogue in the file's columns, header first: what ``plan_catalogue`` reads."""
    indicators = Indicator.objects.select_related(
        "area", "owner", "reporter", "numerator", "denominator"
    )
    rows: list[list[Any]] = [list(COLUMNS)]
    for indicator in indicators:
        derived = indicator.numerator_id is not None
        rows.append(
            [
                indicator.ref,
                indicator.title,
                indicator.area.name,
                indicator.unit,
                indicator.decimal_places,
                indicator.preferred_direction,
                indicator.frequency,
                indicator.owner.username if indicator.owner else "",
                indicator.reporter.username if indicator.reporter else "",
                indicator.numerator.ref if derived else "",
                (indicator.denominator.ref if indicator.denominator_id else POPULATION)
                if derived
                else "",
                indicator.scale if derived else "",
            ]
        )
    return rows


def to_csv(rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(neutralise_formula(value) for value in row)
    return buffer.getvalue().encode("utf-8-sig")
