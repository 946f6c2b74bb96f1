"""Writes of caseloads: a month's snapshot is replaced as a whole, in bulk, recording who."""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from caseloads.models import Caseload, Practitioner, Team, name_key


@dataclass(frozen=True)
class SnapshotLine:
    """One practitioner's caseload as a file gives it, resolved against the reference data."""

    staff_id: str
    team: str  # the team's name as stored, or as it will be created
    qualifying_status_id: int
    allocations: int


@dataclass
class SnapshotChanges:
    """What makes a month's snapshot equal to a file: rows to create, update and remove."""

    month: date
    new_teams: dict[str, int] = field(default_factory=dict)  # name -> service id
    new_staff_ids: list[str] = field(default_factory=list)
    create: list[SnapshotLine] = field(default_factory=list)
    update: dict[int, SnapshotLine] = field(default_factory=dict)  # caseload id -> new values
    remove: list[int] = field(default_factory=list)  # caseload ids


def apply_snapshot(changes: SnapshotChanges, *, user) -> None:
    """Write ``changes`` with bulk operations; unchanged rows keep their who and when.

    Call inside a transaction (the import flow does): a failure leaves the month as it was.
    """
    Team.objects.bulk_create(
        Team(name=name, service_id=service_id, updated_by=user)
        for name, service_id in changes.new_teams.items()
    )
    Practitioner.objects.bulk_create(
        Practitioner(staff_id=staff_id, updated_by=user) for staff_id in changes.new_staff_ids
    )
    lines = [*changes.create, *changes.update.values()]
    team_ids = {name_key(name): pk for name, pk in Team.objects.values_list("name", "pk")}
    practitioner_ids = dict(
        Practitioner.objects.filter(staff_id__in={line.staff_id for line in lines}).values_list(
            "staff_id", "pk"
        )
    )

    def values(line: SnapshotLine) -> dict:
        return {
            "team_id": team_ids[name_key(line.team)],
            "qualifying_status_id": line.qualifying_status_id,
            "allocations": line.allocations,
            "updated_by": user,
        }

    Caseload.objects.filter(pk__in=changes.remove).delete()
    Caseload.objects.bulk_create(
        Caseload(
            month=changes.month, practitioner_id=practitioner_ids[line.staff_id], **values(line)
        )
        for line in changes.create
    )
    now = timezone.now()
    Caseload.objects.bulk_update(
        [Caseload(pk=pk, updated_at=now, **values(line)) for pk, line in changes.update.items()],
        ["team", "qualifying_status", "allocations", "updated_by", "updated_at"],
        batch_size=500,
    )
