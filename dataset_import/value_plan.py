"""Planning a dataset file's values and commentary against the stored ones.

Part of the dataset import's plan (``dataset_import.plan``): each cell is checked against its
indicator (unit, start month, not in the future), compared with what is stored, and planned
as new, changed, unchanged or a conflict. Blank and missing cells never erase a stored value,
and work a person did in the portal is never replaced without being confirmed as a revision.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from core import clock
from core.models import ReportingPeriod
from core.months import month_name
from core.people import display_name
from dataset_import.dataset_file import Cell, CellStatus, DatasetFile, DatasetRow
from dataset_import.derived import DerivedCells
from imports.plans import Change, ImportPlan, Problem, field_limit_problem
from indicators.models import IMPORT_KINDS, VOUCHED_STATES, Indicator, MonthlyValue
from indicators.units import value_problem


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


def _text(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


class ValuePlanner:
    """Plans the values and commentary of one file into ``plan`` (its payload and changes)."""

    def __init__(
        self,
        *,
        plan: ImportPlan,
        parsed: DatasetFile,
        indicators: dict[str, Indicator],
        allow_revisions: bool,
    ):
        self.plan, self.parsed, self.indicators = plan, parsed, indicators
        self.allow_revisions = allow_revisions
        self.latest_month = parsed.latest_month
        self.this_month = clock.today().replace(day=1)
        self.derived = DerivedCells(parsed=parsed, indicators=indicators)
        self.closed_months = self._closed_months()
        self.stored: dict[tuple[str, date], Stored] = {}
        self.pending: list[Pending] = []
        # Which row of the file each indicator's cell of a month comes from, for messages.
        self.origins: dict[str, dict[date, DatasetRow]] = {}
        # The values the file would store, for the data-quality checks.
        self.file_values: dict[tuple[str, date], Decimal] = {}

    def _closed_months(self) -> dict[date, str]:
        """Months the performance team has locked or published (the returns app's periods):
        their values change only as revisions."""
        periods = ReportingPeriod.objects.filter(month__in=self.parsed.months)
        return {
            month: status
            for month, status in periods.exclude(status="open").values_list("month", "status")
        }

    def read_stored(self, refs: list[str]) -> None:
        """The stored values of the file's months, of the indicators already in the catalogue
        (an indicator the file creates has none)."""
        refs_by_id = {self.indicators[ref].pk: ref for ref in refs if ref in self.indicators}
        rows = MonthlyValue.objects.filter(
            indicator_id__in=list(refs_by_id), month__in=self.parsed.months
        ).values_list("pk", "indicator_id", "month", "value", "commentary", "state", "version")
        self.stored = {
            (refs_by_id[key], month): Stored(pk, value, commentary, state, version)
            for pk, key, month, value, commentary, state, version in rows
        }

    def plan_row(self, row: DatasetRow, *, unit: str) -> None:
        for month, cell in row.values.items():
            self._plan_cell(row, month, cell, unit=unit)

    def location(self, ref: str, month: date) -> tuple[int, str | None] | None:
        """Where the cell of ``ref`` and ``month`` is in the file (row, column), for messages:
        worked out only for a cell that has something to say."""
        origin = self.origins.get(ref, {}).get(month)
        if origin is None:
            return None
        return origin.line, origin.columns.get(month.isoformat(), month_name(month))

    def _problem(self, row: DatasetRow, month: date, cell: Cell, message: str) -> None:
        line, column = self.location(row.ref, month) or (row.line, None)
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

    def _commentary_problem(self, row: DatasetRow, month: date, problem: str) -> None:
        """Commentary past the model's limit refuses its cell (value and all): the preview
        says so, naming the row and the commentary column, rather than storing part of it."""
        origin = self.origins.get(row.ref, {}).get(month, row)  # the row it was read from
        self.plan.counts["values refused"] += 1
        self.plan.add_problem(
            Problem(
                f"The commentary is too long. {problem}",
                line=origin.line,
                column=origin.columns.get("commentary", "Commentary"),
                context=f"{row.ref}, {month_name(month)}",
            )
        )

    def _plan_cell(self, row: DatasetRow, month: date, cell: Cell, *, unit: str) -> None:
        if cell.status == CellStatus.INVALID:
            self.plan.counts["values refused"] += 1
            return  # the reader has reported it
        commentary = row.commentary_for(month, latest=self.latest_month)
        if problem := field_limit_problem(MonthlyValue._meta.get_field("commentary"), commentary):
            self._commentary_problem(row, month, problem)
            return
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
        if month == self.latest_month or (stored and stored.value != cell.value):
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
        commentary = row.commentary_for(month, latest=self.latest_month)
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

    def settle_pending(self) -> None:
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
        last_kind = Subquery(
            MonthlyValue.history.filter(id=OuterRef("pk"))
            .order_by("-history_date", "-history_id")
            .values("history_change_kind")[:1]
        )
        found = {}
        for start in range(0, len(pks), 5_000):
            rows = (
                MonthlyValue.objects.filter(pk__in=pks[start : start + 5_000])
                .exclude(updated_by=None)
                .annotate(last_kind=last_kind)
                .select_related("updated_by")
                .only("pk", "updated_at", "updated_by")
            )
            for row in rows:
                if row.last_kind not in IMPORT_KINDS:
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
        payload = self.plan.payload
        if stored is None:
            payload.creates.append((ref, month, value, commentary))
            self.plan.counts["conflicts" if revision else "new"] += 1
            return
        change = (stored.pk, value, commentary, stored.version)
        (payload.revisions if revision else payload.updates).append(change)
        self.plan.counts["conflicts" if revision else "changed"] += 1
