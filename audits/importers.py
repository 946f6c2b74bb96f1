"""The audit import: allocations and completed audits from one CSV/XLSX layout.

One row per audit, identified by its ``month`` and ``case_reference``. A row whose status
is blank or ``allocated`` is an allocation; ``completed`` rows carry the grade and findings.
For an audit that exists already, a blank cell (or a missing column) leaves its value as it
is, so a file of allocations never wipes findings that auditors have recorded.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils import timezone

from audits.models import (
    FOCUS_5,
    Answer,
    Audit,
    AuditCycle,
    Grade,
    ServiceArea,
    Status,
    normalise_case_reference,
    outcome_errors,
    validate_case_reference,
)
from audits.parsing import parse_answer, parse_grade, parse_status, parse_yes_no
from core.months import parse_month
from imports.headers import columns_named, match_headers
from imports.plans import Change, ImportPlan, Problem
from imports.tables_io import SheetRow, read_rows

REQUIRED_COLUMNS = ("month", "service_area", "case_reference", "auditor")
PARSERS = {
    "status": parse_status,
    "grade": parse_grade,
    "practitioner_discussion": parse_yes_no,
    **dict.fromkeys(FOCUS_5, parse_answer),
    "good_practice": str.strip,
    "improvement": str.strip,
}
COLUMNS = columns_named((*REQUIRED_COLUMNS, *PARSERS), required=REQUIRED_COLUMNS)
# The audit fields an import writes, beside the cycle and case reference that identify it.
WRITTEN = ("service_area_id", "auditor_id", *PARSERS)
NEW_AUDIT_DEFAULTS = {name: Audit._meta.get_field(name).get_default() for name in PARSERS}


@dataclass
class RowAudit:
    """What one row says about one audit: only the fields whose cells are filled in."""

    row: SheetRow
    month: date
    case_reference: str
    values: dict[str, Any]


@dataclass
class Lookups:
    """The database state one plan reads, loaded in a fixed number of queries."""

    areas: dict[str, ServiceArea]  # by lower-case short name and full name
    users: dict[str, Any]  # by lower-case username
    audits: dict[tuple[date, str], Audit]
    cycles: set[date]
    names: dict[tuple[str, int], str]  # ("service_area_id" or "auditor_id", pk) -> as shown

    @classmethod
    def load(cls, *, usernames: set[str], months: set[date], references: set[str]) -> "Lookups":
        areas: dict[str, ServiceArea] = {}
        for area in ServiceArea.objects.all():
            areas[area.short_name.lower()] = areas[area.name.lower()] = area
        users = (
            get_user_model()
            .objects.annotate(key=Lower("username"))
            .filter(key__in={name.lower() for name in usernames})
        )
        audits = Audit.objects.filter(
            cycle__month__in=months, case_reference__in=references
        ).select_related("cycle", "service_area", "auditor")
        audits_by_key = {(audit.cycle.month, audit.case_reference): audit for audit in audits}
        people = [*users, *(audit.auditor for audit in audits_by_key.values())]
        return cls(
            areas=areas,
            users={user.key: user for user in users},
            audits=audits_by_key,
            cycles=set(AuditCycle.objects.filter(month__in=months).values_list("month", flat=True)),
            names={
                **{("service_area_id", area.pk): area.short_name for area in areas.values()},
                **{("auditor_id", person.pk): person.username for person in people},
            },
        )


@dataclass
class Sheet:
    """The file's rows with its header: which column holds which field."""

    columns: dict[str, int]
    headers: dict[str, str]  # field -> the header as written in the file
    rows: list[SheetRow] = field(default_factory=list)

    def cell(self, row: SheetRow, name: str) -> str:
        index = self.columns.get(name)
        if index is None or index >= len(row.cells):
            return ""
        return row.cells[index].strip()


def read_sheet(rows: list[SheetRow], plan: ImportPlan) -> Sheet | None:
    """Match the header row (``imports.headers``); a missing required column stops the plan."""
    if not rows:
        plan.add_problem(Problem("The file has no header row."))
        return None
    header = rows[0]
    headers = match_headers(header.cells, columns=COLUMNS, file="an audit file", line=header.line)
    for problem in headers.problems:
        plan.add_problem(problem)
    if headers.missing:
        return None
    body = [row for row in rows[1:] if any(cell.strip() for cell in row.cells)]
    return Sheet(columns=headers.index, headers=headers.written, rows=body)


class RowReader:
    """Reads the rows of a sheet against the lookups, adding a problem for every bad cell."""

    def __init__(self, *, sheet: Sheet, lookups: Lookups, plan: ImportPlan):
        self.sheet, self.lookups, self.plan = sheet, lookups, plan

    def problem(self, row: SheetRow, name: str, message: str, context: str = "") -> None:
        self.plan.add_problem(
            Problem(
                message,
                line=row.line,
                column=self.sheet.headers.get(name, name),
                text=self.sheet.cell(row, name),
                context=context,
            )
        )

    def read(self, row: SheetRow) -> RowAudit | None:
        reference = self.case_reference(row)
        context = f"case {reference}" if reference else ""
        values: dict[str, Any] = {}
        month = self.month(row, context)
        area = self.lookup(row, "service_area", self.lookups.areas, context)
        auditor = self.lookup(row, "auditor", self.lookups.users, context)
        values.update(service_area_id=area and area.pk, auditor_id=auditor and auditor.pk)
        ok = None not in (reference, month, area, auditor)
        for name, parse in PARSERS.items():
            text = self.sheet.cell(row, name)
            if not text:
                continue
            try:
                values[name] = parse(text)
            except ValueError as error:
                self.problem(row, name, str(error), context)
                ok = False
        return RowAudit(row, month, reference, values) if ok else None

    def case_reference(self, row: SheetRow) -> str | None:
        reference = normalise_case_reference(self.sheet.cell(row, "case_reference"))
        try:
            validate_case_reference(reference)
        except ValidationError as error:
            self.problem(row, "case_reference", error.messages[0])
            return None
        return reference

    def month(self, row: SheetRow, context: str) -> date | None:
        try:
            return parse_month(self.sheet.cell(row, "month"))
        except ValueError as error:
            self.problem(row, "month", str(error), context)
            return None

    def lookup(self, row: SheetRow, name: str, known: dict[str, Any], context: str) -> Any:
        text = self.sheet.cell(row, name)
        found = known.get(text.lower())
        if found is None:
            message = {
                "service_area": "Unknown service area: use a short name such as SWF, "
                "or the full name, as listed under Service areas.",
                "auditor": "No user has this username.",
            }[name]
            self.problem(row, name, "This cell is empty." if not text else message, context)
        return found


def _shown(name: str, value: Any, lookups: Lookups) -> str:
    """A field's value as the preview shows it."""
    if value in (None, ""):
        return ""
    if name in ("service_area_id", "auditor_id"):
        return lookups.names[name, value]
    choices = {"status": Status, "grade": Grade, **dict.fromkeys(FOCUS_5, Answer)}
    if name in choices:
        return choices[name](value).label
    if name == "practitioner_discussion":
        return "Yes" if value else "No"
    return value if len(value) <= 80 else value[:77] + "..."


def _label(name: str) -> str:
    return name.removesuffix("_id").replace("_", " ")


class AuditImporter:
    kind = "audits"
    title = "Import audits"
    permission = "audits.import_audits"

    def plan(self, *, data: bytes, filename: str, options: dict, user) -> ImportPlan:
        """Read and check every row against the database; write nothing."""
        plan = ImportPlan()
        sheet = read_sheet(read_rows(data), plan)
        if sheet is None:
            return plan
        lookups = self._lookups(sheet)
        reader = RowReader(sheet=sheet, lookups=lookups, plan=plan)
        row_audits = [audit for row in sheet.rows if (audit := reader.read(row))]
        plan.payload = {"cycles": [], "new": [], "changed": []}
        self._plan_cycles(plan, lookups, {audit.month for audit in row_audits})
        seen: dict[tuple[date, str], int] = {}
        for row_audit in row_audits:
            key = (row_audit.month, row_audit.case_reference)
            if key in seen:
                plan.add_problem(
                    Problem(
                        f"This case is listed twice for {row_audit.month:%B %Y} "
                        f"(also on row {seen[key]}).",
                        line=row_audit.row.line,
                        column=sheet.headers["case_reference"],
                        text=row_audit.case_reference,
                    )
                )
                continue
            seen[key] = row_audit.row.line
            self._plan_audit(plan, lookups, row_audit, sheet)
        plan.fingerprint_parts += sorted(
            f"{audit.pk}:{audit.updated_at.isoformat()}" for audit in lookups.audits.values()
        )
        plan.fingerprint_parts += sorted(month.isoformat() for month in lookups.cycles)
        return plan

    def _lookups(self, sheet: Sheet) -> Lookups:
        months = set()
        for row in sheet.rows:
            try:
                months.add(parse_month(sheet.cell(row, "month")))
            except ValueError:
                continue
        return Lookups.load(
            usernames={sheet.cell(row, "auditor") for row in sheet.rows},
            months=months,
            references={
                normalise_case_reference(sheet.cell(row, "case_reference")) for row in sheet.rows
            },
        )

    def _plan_cycles(self, plan: ImportPlan, lookups: Lookups, months: set[date]) -> None:
        for month in sorted(months - lookups.cycles):
            plan.payload["cycles"].append(month.isoformat())
            plan.changes.append(Change(f"{month:%B %Y}", "audit cycle", "", "created"))

    def _plan_audit(
        self, plan: ImportPlan, lookups: Lookups, row_audit: RowAudit, sheet: Sheet
    ) -> None:
        existing = lookups.audits.get((row_audit.month, row_audit.case_reference))
        before = (
            {name: getattr(existing, name) for name in WRITTEN}
            if existing
            else {**NEW_AUDIT_DEFAULTS, "service_area_id": None, "auditor_id": None}
        )
        after = {**before, **row_audit.values}
        context = f"case {row_audit.case_reference}"
        errors = outcome_errors(status=after["status"], grade=after["grade"])
        for name, message in errors.items():
            plan.add_problem(
                Problem(
                    message,
                    line=row_audit.row.line,
                    column=sheet.headers.get(name, name),
                    text=sheet.cell(row_audit.row, name),
                    context=context,
                )
            )
        if errors:
            return
        record = {"month": row_audit.month.isoformat(), "values": after}
        if existing is None:
            plan.counts["new"] += 1
            plan.payload["new"].append({**record, "case_reference": row_audit.case_reference})
            return
        changed = [name for name in WRITTEN if after[name] != before[name]]
        if not changed:
            plan.counts["unchanged"] += 1
            return
        # Overwriting what an auditor recorded, or a published month, is flagged for review.
        conflict = existing.is_completed or existing.cycle.is_published
        plan.counts["changed"] += 1
        plan.counts["conflicts"] += conflict
        subject = f"{row_audit.case_reference}, {row_audit.month:%B %Y}"
        for name in changed:
            plan.changes.append(
                Change(
                    subject,
                    _label(name),
                    _shown(name, before[name], lookups),
                    _shown(name, after[name], lookups),
                    conflict=conflict,
                )
            )
        plan.payload["changed"].append({**record, "pk": existing.pk, "fields": changed})

    def apply(self, plan: ImportPlan, *, user, options: dict) -> None:
        """Create the missing cycles, then the new audits, then update the changed ones."""
        payload = plan.payload
        AuditCycle.objects.bulk_create(
            AuditCycle(month=date.fromisoformat(month)) for month in payload["cycles"]
        )
        months = {record["month"] for record in payload["new"]}
        cycles = {
            cycle.month.isoformat(): cycle for cycle in AuditCycle.objects.filter(month__in=months)
        }
        Audit.objects.bulk_create(
            Audit(
                cycle=cycles[record["month"]],
                case_reference=record["case_reference"],
                recorded_by=user,
                **record["values"],
            )
            for record in payload["new"]
        )
        self._update(payload["changed"], user=user)

    def _update(self, records: list[dict], *, user) -> None:
        audits = Audit.objects.in_bulk([record["pk"] for record in records])
        now = timezone.now()
        fields = {"recorded_by", "updated_at"}
        for record in records:
            audit = audits[record["pk"]]
            for name in record["fields"]:
                setattr(audit, name, record["values"][name])
            audit.recorded_by, audit.updated_at = user, now
            fields.update(record["fields"])
        Audit.objects.bulk_update(audits.values(), sorted(fields))
