"""Planning an import of the monthly dataset: what the file would change, checked in full.

The file is read by ``dataset_import.dataset_file``; its rows are matched to indicators here
(``dataset_import.identity``), then planned in two parts: what the file says about each
indicator (``dataset_import.catalogue_plan``) and its values and commentary
(``dataset_import.value_plan``). The result is an :class:`ImportPlan` that
``dataset_import.services.apply_dataset`` writes in one transaction. Nothing is written
here: an import loses nothing and changes nothing until it is confirmed.
"""

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from django.db.models import Q

from core.months import month_name
from dataset_import import reported
from dataset_import.catalogue_plan import (
    BenchmarkWrite,
    CataloguePlanner,
    NewIndicator,
    TargetWrite,
    lifecycle,
)
from dataset_import.dataset_file import CellStatus, DatasetFile, DatasetRow
from dataset_import.identity import Group, Merged, group_rows, merge, normalise
from dataset_import.value_plan import ValuePlanner
from imports.plans import ImportPlan, Problem, Severity
from indicators import calculations
from indicators.models import Frequency, Indicator, PreferredDirection, Unit
from indicators.value_writes import ReadValues
from quality import checks, figures
from quality import selectors as quality


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
    # ref -> the reason an indicator's history gives for what the import changes, where it
    # says more than "Imported" (a preferred direction proposed from the file's evidence)
    change_reasons: dict[str, str] = field(default_factory=dict)


# The preview's counts, in order. Rows: read = matched + new + repeated + refused. Cells of
# the months: new + changed + unchanged + conflicts + blank + skipped + repeated + refused.
COUNT_KEYS = (
    "rows read", "indicators matched", "new indicators", "rows repeated", "rows refused",
    "new", "changed", "unchanged", "conflicts", "blank", "skipped", "values repeated",
    "values refused", "catalogue changes", "errors", "warnings", "notes",
)  # fmt: skip


class DatasetPlanner:
    """Builds the :class:`ImportPlan` of one parsed file against the database."""

    def __init__(self, *, parsed: DatasetFile, create_indicators: bool, allow_revisions: bool):
        self.parsed = parsed
        self.plan = ImportPlan(payload=DatasetPayload(), count_keys=COUNT_KEYS)
        self.groups, identity_problems = group_rows(parsed.rows)
        for problem in identity_problems:
            self.plan.add_problem(problem)
        self.indicators = self._catalogue()
        self.titles = {normalise(i.title): i for i in self.indicators.values()}
        self.all_refs = set(Indicator.objects.values_list("ref", flat=True))
        self.catalogue = CataloguePlanner(
            plan=self.plan,
            parsed=parsed,
            indicators=self.indicators,
            create_indicators=create_indicators,
            stored_refs=self.all_refs,
        )
        self.values = ValuePlanner(
            plan=self.plan,
            parsed=parsed,
            indicators=self.indicators,
            allow_revisions=allow_revisions,
        )

    def _catalogue(self) -> dict[str, Indicator]:
        """The indicators the file may name, by ref or (where the ref does not decide) title."""
        refs = {row.ref for row in self.parsed.rows if row.ref}
        titles = {row.title for group in self.groups if group.by_title for row in group.rows}
        found = Indicator.objects.filter(Q(ref__in=refs) | Q(title__in=titles)).select_related(
            "owner", "reporter"
        )
        return {indicator.ref: indicator for indicator in found}

    def build(self) -> ImportPlan:
        self.parsed.problems.add_to(self.plan, convert=lambda problem: problem.as_import_problem())
        self.plan.counts["rows read"] = len(self.parsed.rows)
        resolved = self._resolved_rows()
        refs = [row.ref for row, _ in resolved]
        self.values.read_stored(refs)
        reports = reported.FileReports(refs=refs, month=self.parsed.latest_month)
        self.plan.payload.reports = reports.reports
        for row, merged in resolved:
            self.values.origins[row.ref] = merged.origin
            self.catalogue.plan_row(row)
            unit = self.catalogue.planned_units.get(row.ref) or self.indicators[row.ref].unit
            self._check_file_columns(row, unit=unit)
            reports.plan_row(row, indicator=self.indicators.get(row.ref), plan=self.plan)
            self.values.plan_row(row, unit=unit)
        self.values.settle_pending()
        # Rules between indicators and outliers: error rules block the import, others warn.
        checked = {key: self.values.location(*key) for key in self.values.file_values}
        for problem in quality.problems_for_values(
            month_values=self.values.file_values, locations=checked
        ):
            self.plan.add_problem(problem)
        self.plan.fingerprint_parts.append(self._state_digest())
        self.plan.expected = ReadValues(
            refs=sorted(set(refs)),
            months=self.parsed.months,
            versions={stored.pk: stored.version for stored in self.values.stored.values()},
        ).as_json()
        return self.plan

    def _resolved_rows(self) -> list[tuple[DatasetRow, Merged]]:
        """Each indicator's rows merged into one, under the ref it has or will have; rows of
        an indicator that cannot be imported are counted as refused."""
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
            if self.catalogue.unit_for(row, area=area, position=position) is None:
                self.plan.counts["rows refused"] += 1
                self.plan.counts["values refused"] += len(merged.origin)
                continue
            resolved.append((row, merged))
        return resolved

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
        for column in calculations.FIGURE_COLUMNS:
            file_cell = reported.file_cell(row, column)
            if file_cell is None or file_cell.status != CellStatus.VALUE:
                continue
            self._check_file_figure(
                row, column, file_cell.value, unit=unit, series=series, month=month, life=life
            )
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

    def _check_file_figure(
        self,
        row: DatasetRow,
        column: str,
        figure: Decimal,
        *,
        unit: str,
        series: dict[date, Decimal],
        month: date,
        life: calculations.Life,
    ) -> None:
        """The file's own figure checked by the rules its values pass (``quality.figures``):
        an impossible one refuses the file, an unusual one is a warning, as for a value,
        naming its row and column."""
        checked = figures.FileFigure(
            column=column,
            figure=figure,
            unit=unit,
            value=series.get(month),
            compared_month=calculations.first_month_read(column, month, frequency=life.frequency),
            history=list(series.values()),
            minimum_change=checks.DEFAULT_MINIMUM_CHANGE[unit],
            shown=life.lacking(column, month),
        )
        for found in figures.figure_problems(checked):
            self.plan.add_problem(
                Problem(
                    found.message,
                    line=row.line,
                    column=row.columns.get(column),
                    text=reported.file_cell(row, column).text,
                    context=f"{row.ref}, {month_name(month)}",
                    severity=Severity.ERROR if found.severity == checks.ERROR else Severity.WARNING,
                )
            )

    def _state_digest(self) -> str:
        """The stored values and catalogue the plan was made against, for the confirm check."""
        stored = sorted((s.pk, s.version, s.state) for s in self.values.stored.values())
        digest = hashlib.sha256(repr(stored).encode())
        digest.update(",".join(sorted(self.indicators)).encode())
        return digest.hexdigest()


def plan_dataset(
    *, parsed: DatasetFile, create_indicators: bool, allow_revisions: bool
) -> ImportPlan:
    return DatasetPlanner(
        parsed=parsed, create_indicators=create_indicators, allow_revisions=allow_revisions
    ).build()
