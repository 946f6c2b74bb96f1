"""The caseload snapshot import, plugged into the shared flow of ``imports.plans``.

A file is one month's snapshot: importing it makes that month's caseloads equal to the file,
so rows of the month that the file no longer has are removed (the preview says so).

A team the portal does not know is created in the service the team -> service list
(:class:`TeamServiceRule`) names for it, or, with the option to create teams, in the service
its first word names. Otherwise the preview asks about it: a warning names the row and the
team, and that row is left out (the practitioner's caseload for the month stays as it was),
so one unknown team never refuses the whole file.
"""

import re
from dataclasses import dataclass
from typing import Any

from caseloads.forms import CaseloadImportOptionsForm
from caseloads.models import (
    Caseload,
    Practitioner,
    QualifyingStatus,
    Service,
    Team,
    TeamServiceRule,
    name_key,
)
from caseloads.services import SnapshotChanges, SnapshotLine, apply_snapshot
from core.months import parse_month
from imports.headers import Column, match_headers
from imports.plans import Change, ImportPlan, Problem, Severity
from imports.tables_io import SheetRow, read_rows

WHOLE_NUMBER = re.compile(r"^-?[0-9]+$")
# Each column and the headers it is read from (``imports.headers``: case, spaces and
# punctuation aside).
COLUMNS = (
    Column("practitioner", required=True),
    Column("allocations", ("allocations", "no. of allocations"), required=True),
    Column("qualifying_status", ("qualifying status",), required=True),
    Column("team", ("team", "allocated team"), required=True),
)


@dataclass(frozen=True)
class Reference:
    """The database as the plan reads it: the names a file may use and the month's rows."""

    teams: dict[str, Team]  # by name_key
    statuses: dict[str, QualifyingStatus]  # by name_key
    services: dict[str, Service]  # by code, casefolded
    team_rules: dict[str, Service]  # the team -> service list, by name_key of the team
    existing: dict[str, Caseload]  # the month's rows by staff identifier

    @classmethod
    def load(cls, month) -> "Reference":
        return cls(
            teams={name_key(team.name): team for team in Team.objects.all()},
            statuses={name_key(s.name): s for s in QualifyingStatus.objects.all()},
            services={service.code.casefold(): service for service in Service.objects.all()},
            team_rules={
                name_key(rule.team_name): rule.service
                for rule in TeamServiceRule.objects.select_related("service")
            },
            existing={
                row.practitioner.staff_id: row
                for row in Caseload.objects.filter(month=month).select_related(
                    "practitioner", "team", "qualifying_status"
                )
            },
        )

    def fingerprint(self) -> str:
        rows = sorted(
            (staff_id, describe(row.team.name, row.qualifying_status.name, row.allocations))
            for staff_id, row in self.existing.items()
        )
        rules = sorted((name, service.pk) for name, service in self.team_rules.items())
        return repr((sorted(self.teams), sorted(self.statuses), rules, rows))


def describe(team: str, status: str, allocations: int) -> str:
    return f"{allocations} allocations, {team}, {status}"


class RowReader:
    """Reads the data rows into snapshot lines, adding a problem for every bad cell."""

    def __init__(self, *, plan: ImportPlan, columns: dict[str, int], headers, ref, create_teams):
        self.plan, self.columns, self.headers, self.ref = plan, columns, headers, ref
        self.create_teams = create_teams
        self.new_teams: dict[str, int] = {}  # name -> service id
        self.seen: dict[str, int] = {}  # staff identifier -> line
        self.left_out: set[str] = set()  # staff identifiers of rows whose team is asked about

    def problem(self, row: SheetRow, key: str, message: str) -> None:
        self.plan.add_problem(
            Problem(message, line=row.line, column=self.headers[key], text=self.cell(row, key))
        )

    def cell(self, row: SheetRow, key: str) -> str:
        index = self.columns[key]
        return row.cells[index].strip() if index < len(row.cells) else ""

    def read(self, row: SheetRow) -> SnapshotLine | None:
        results = (
            self.staff_id(row),
            self.allocations(row),
            self.status(row),
            self.team(row),
        )
        if any(result is None for result in results):
            return None
        staff_id, allocations, status, team = results
        if team == "":
            self.left_out.add(staff_id)
            self.plan.counts["skipped"] += 1
            return None
        return SnapshotLine(staff_id, team, status.pk, allocations)

    def staff_id(self, row: SheetRow) -> str | None:
        staff_id = self.cell(row, "practitioner")
        if not staff_id:
            self.problem(row, "practitioner", "The staff identifier is missing.")
            return None
        if staff_id in self.seen:
            self.problem(
                row,
                "practitioner",
                f"This practitioner is also on row {self.seen[staff_id]}; "
                "a snapshot has one row per practitioner.",
            )
            return None
        self.seen[staff_id] = row.line
        return staff_id

    def allocations(self, row: SheetRow) -> int | None:
        text = self.cell(row, "allocations")
        if not text:
            self.problem(row, "allocations", "The number of allocations is missing.")
            return None
        if not WHOLE_NUMBER.match(text):
            self.problem(row, "allocations", "The number of allocations must be a whole number.")
            return None
        allocations = int(text)
        if allocations < 0:
            self.problem(row, "allocations", "The number of allocations cannot be negative.")
            return None
        return allocations

    def status(self, row: SheetRow) -> QualifyingStatus | None:
        name = self.cell(row, "qualifying_status")
        status = self.ref.statuses.get(name_key(name))
        if not name:
            self.problem(row, "qualifying_status", "The qualifying status is missing.")
        elif status is None:
            self.problem(
                row,
                "qualifying_status",
                "Unknown qualifying status: correct the file or add the status in the admin.",
            )
        return status

    def team(self, row: SheetRow) -> str | None:
        """The team's name as stored or to be created; "" when the row is left out because
        the team is unknown (a question in the preview, not an error)."""
        name = " ".join(self.cell(row, "team").split())
        team = self.ref.teams.get(name_key(name))
        if team is not None:
            return team.name
        if not name:
            self.problem(row, "team", "The team is missing.")
            return None
        known = {name_key(new): new for new in self.new_teams}
        if name_key(name) in known:
            return known[name_key(name)]
        if service := self.ref.team_rules.get(name_key(name)):
            return self.new_team(name, service, "the team -> service list")
        code = name.split()[0]
        service = self.ref.services.get(code.casefold())
        if self.create_teams and service is not None:
            return self.new_team(name, service, f'its first word "{code}"')
        self.ask_about_team(row, name, code)
        return ""

    def ask_about_team(self, row: SheetRow, name: str, code: str) -> None:
        if self.create_teams:
            why = f'no service has the code "{code}" (the first word of its name)'
        else:
            why = "it is not in the admin's teams"
        self.plan.add_problem(
            Problem(
                f'Which service is the team "{name}" in? {why[0].upper()}{why[1:]}, and the '
                "team -> service list does not name it. This row was left out; add the team "
                "or a team -> service rule in the admin (or import with the option to create "
                "teams), then import again.",
                line=row.line,
                column=self.headers["team"],
                text=name,
                severity=Severity.WARNING,
            )
        )

    def new_team(self, name: str, service: Service, source: str) -> str:
        self.new_teams[name] = service.pk
        self.plan.changes.append(
            Change(name, "team", "", f"new team in {service.code} (from {source})")
        )
        return name


def find_columns(header: SheetRow, plan: ImportPlan) -> tuple[dict[str, int], dict[str, str]]:
    """Where each column is, and its header as the file writes it (``imports.headers``); a
    problem for each column missing, unknown or repeated."""
    headers = match_headers(
        header.cells, columns=COLUMNS, file="a caseload snapshot", line=header.line
    )
    for problem in headers.problems:
        plan.add_problem(problem)
    return headers.index, headers.written


def compare(
    lines: list[SnapshotLine],
    ref: Reference,
    changes: SnapshotChanges,
    plan,
    *,
    left_out: set[str],
) -> None:
    """Sort the file's lines into new, changed and unchanged rows, and the month's other rows
    into removed ones, with a change for the preview of each difference. Rows ``left_out``
    (their team is asked about) keep their caseload: they are in the file, not removed."""
    statuses = {status.pk: status.name for status in ref.statuses.values()}
    for line in lines:
        row = ref.existing.get(line.staff_id)
        new = {
            "team": line.team,
            "qualifying status": statuses[line.qualifying_status_id],
            "allocations": str(line.allocations),
        }
        if row is None:
            changes.create.append(line)
            plan.counts["new"] += 1
            plan.changes.append(Change(line.staff_id, "caseload", "", describe(*new.values())))
            continue
        old = {
            "team": row.team.name,
            "qualifying status": row.qualifying_status.name,
            "allocations": str(row.allocations),
        }
        differences = [key for key in new if new[key] != old[key]]
        plan.counts["changed" if differences else "unchanged"] += 1
        if differences:
            changes.update[row.pk] = line
        plan.changes += [Change(line.staff_id, key, old[key], new[key]) for key in differences]
    in_file = {line.staff_id for line in lines} | left_out
    for staff_id, row in ref.existing.items():
        if staff_id not in in_file:
            changes.remove.append(row.pk)
            plan.changes.append(
                Change(
                    staff_id,
                    "caseload",
                    describe(row.team.name, row.qualifying_status.name, row.allocations),
                    "(removed)",
                )
            )
    if changes.remove:
        plan.add_problem(
            Problem(
                f"{len(changes.remove)} practitioner(s) in the {changes.month:%B %Y} snapshot "
                "are not in this file: their caseloads for that month will be removed.",
                severity=Severity.WARNING,
            )
        )


class CaseloadImporter:
    kind = "caseloads"
    title = "Import a caseload snapshot"
    permission = "caseloads.import_caseload"
    options_form = CaseloadImportOptionsForm

    def plan(self, *, data: bytes, filename: str, options: dict[str, Any], user) -> ImportPlan:
        """Read the file against the database and say what it would change; write nothing."""
        plan = ImportPlan()
        try:
            month = parse_month(options.get("month", ""))
        except ValueError as error:
            plan.add_problem(Problem(str(error), context="the month of the snapshot"))
            return plan
        rows = [row for row in read_rows(data) if any(row.cells)]
        if not rows:
            plan.add_problem(Problem("The file has no rows."))
            return plan
        columns, headers = find_columns(rows[0], plan)
        if plan.has_errors:
            return plan
        ref = Reference.load(month)
        reader = RowReader(
            plan=plan,
            columns=columns,
            headers=headers,
            ref=ref,
            create_teams=bool(options.get("create_teams")),
        )
        lines = [line for line in map(reader.read, rows[1:]) if line is not None]
        if len(rows) == 1:
            plan.add_problem(Problem("The file has a header row but no caseloads."))
        changes = SnapshotChanges(month=month, new_teams=reader.new_teams)
        compare(lines, ref, changes, plan, left_out=reader.left_out)
        known = set(
            Practitioner.objects.filter(staff_id__in=reader.seen).values_list("staff_id", flat=True)
        )
        changes.new_staff_ids = sorted(set(reader.seen) - known - reader.left_out)
        plan.fingerprint_parts += [ref.fingerprint(), repr(sorted(known))]
        plan.payload = changes
        return plan

    def apply(self, plan: ImportPlan, *, user, options: dict[str, Any]) -> None:
        apply_snapshot(plan.payload, user=user)
