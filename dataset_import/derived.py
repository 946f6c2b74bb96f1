"""A file's values of derived indicators: checked against the computed ones, never stored.

A derived indicator (``LAC12 (%)`` = ``LAC12 (val)`` / ``LAC12`` x 100) takes its value from
its counts, so the file's figure is only a check: it must be the computed value rounded as
the file shows it (24% for 4 of 17, which is 23.53%). The counts are the file's where it
has them, else the stored ones - what the portal would hold once the import is applied.
A disagreement is an error naming the row, so nothing is imported.
"""

from datetime import date
from decimal import Decimal

from core.months import month_name
from core.numbers import round_half_up
from dataset_import.dataset_file import Cell, CellStatus, DatasetFile
from imports.plans import Problem, Severity
from indicators import calculations
from indicators.calculations import Formula, Point
from indicators.models import STATE_ORDER, Indicator, MonthlyValue, Unit
from indicators.selectors import population_by_month


def _places(value: Decimal) -> int:
    """How many decimal places the file shows ("24%" none, "23.5%" one)."""
    return max(0, -value.as_tuple().exponent)


class DerivedCells:
    """The derived indicators among a file's rows, with their values computed from the
    counts the import would leave: one query when the file has none, four at most."""

    def __init__(self, *, parsed: DatasetFile, indicators: dict[str, Indicator]):
        self.parsed = parsed
        self.refs = {ref for ref, indicator in indicators.items() if indicator.is_derived}
        self.units = {ref: indicators[ref].unit for ref in self.refs}
        self.formulas: dict[str, Formula[str]] = {}
        self.points: dict[str, dict[date, Point]] = {}
        self.inputs: dict[str, dict[date, Point]] = {}
        if self.refs:
            self._compute()

    def is_derived(self, ref: str) -> bool:
        return ref in self.refs

    def _compute(self) -> None:
        rows = Indicator.objects.filter(numerator__isnull=False).values_list(
            "ref", "numerator__ref", "denominator__ref", "scale"
        )
        self.formulas = {ref: Formula(top, bottom, scale) for ref, top, bottom, scale in rows}
        entered = {
            key
            for formula in self.formulas.values()
            for key in (formula.numerator, formula.denominator)
            if key is not None and key not in self.formulas
        }
        stored = MonthlyValue.objects.filter(
            indicator__ref__in=entered, month__in=self.parsed.months
        ).values_list("indicator__ref", "month", "value", "state")
        for ref, month, value, state in stored:
            self.inputs.setdefault(ref, {})[month] = Point(value, state)
        for row in self.parsed.rows:  # the file's counts replace the stored ones
            if row.ref in entered:
                for month, cell in row.values.items():
                    if cell.status == CellStatus.VALUE:
                        self.inputs.setdefault(row.ref, {})[month] = Point(
                            cell.value, STATE_ORDER[0]
                        )
        uses_population = any(formula.denominator is None for formula in self.formulas.values())
        self.points = calculations.derive(
            formulas=self.formulas,
            inputs=self.inputs,
            population=population_by_month() if uses_population else lambda month: None,
            months=self.parsed.months,
            order=STATE_ORDER,
        )

    def problem(
        self, *, ref: str, month: date, cell: Cell, line: int | None, column: str | None
    ) -> Problem | None:
        """Why the file's ``cell`` for derived ``ref`` disagrees with the computed value beyond
        the rounding the file shows (at ``line`` and ``column``); None when it agrees."""
        point = self.points.get(ref, {}).get(month)
        if point is None or point.value is None:
            return Problem(
                f"{ref} is computed from {self._inputs_text(ref)}, and {month_name(month)} "
                "lacks one of them, so the file's figure cannot be checked. It is not "
                "imported: a derived value is never stored.",
                line=line,
                column=column,
                context=f"{ref}, {month_name(month)}",
                text=cell.text,
                severity=Severity.WARNING,
            )
        if round_half_up(point.value, places=_places(cell.value)) == cell.value:
            return None
        return Problem(
            f"{ref} {cell.text.strip()} but {self._formula_text(ref, month, point.value, cell)}. "
            "Correct the figure or its counts.",
            line=line,
            column=column,
            context=f"{ref}, {month_name(month)}",
        )

    def _inputs_text(self, ref: str) -> str:
        formula = self.formulas[ref]
        return f"{formula.numerator} and {formula.denominator or 'the population figure'}"

    def _formula_text(self, ref: str, month: date, value: Decimal, cell: Cell) -> str:
        """The computation in words, one decimal place finer than the file shows:
        "4 of 17 is 23.5%", "417 per 10,000 of 49,000 children is 85.1"."""
        formula = self.formulas[ref]
        numerator = self._value_of(formula.numerator, month)
        shown = calculations.display(value, places=_places(cell.value) + 1)
        if formula.denominator is None:
            children = population_by_month()(month)
            return (
                f"{_plain(numerator)} per {formula.scale:,} of "
                f"{calculations.display(children)} children is {shown}"
            )
        denominator = self._value_of(formula.denominator, month)
        percent = "%" if self.units[ref] == Unit.PERCENTAGE else ""
        scale = "" if formula.scale == 100 else f" x {formula.scale:,}"
        return f"{_plain(numerator)} of {_plain(denominator)}{scale} is {shown}{percent}"

    def _value_of(self, ref: str, month: date) -> Decimal | None:
        point = (self.points if ref in self.formulas else self.inputs).get(ref, {}).get(month)
        return point.value if point else None


def _plain(value: Decimal | None) -> str:
    return "n/a" if value is None else f"{value.normalize():f}"
