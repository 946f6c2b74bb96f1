"""Writing a month's snapshot: exactly the changes given, in bulk, recording who."""

import pytest

from caseloads.models import Caseload, QualifyingStatus, Service
from caseloads.services import SnapshotChanges, SnapshotLine, apply_snapshot
from tests.caseloads.conftest import OCTOBER

pytestmark = pytest.mark.django_db


def test_apply_snapshot_creates_updates_and_removes_recording_who(snapshot, make_user):
    snapshot([("P1", "YJS", "SW", 3), ("P2", "YJS", "SW", 4), ("P3", "YJS", "SW", 5)])
    kept = Caseload.objects.get(practitioner__staff_id="P3")
    rows = {
        row.practitioner.staff_id: row.pk for row in Caseload.objects.select_related("practitioner")
    }
    sw = QualifyingStatus.objects.get(name="SW").pk
    user = make_user()
    apply_snapshot(
        SnapshotChanges(
            month=OCTOBER,
            new_teams={"YPS North": Service.objects.get(code="YPS").pk},
            new_staff_ids=["P4"],
            create=[SnapshotLine("P4", "yps  north", sw, 9)],
            update={rows["P1"]: SnapshotLine("P1", "YPS North", sw, 6)},
            remove=[rows["P2"]],
        ),
        user=user,
    )
    result = {
        row.practitioner.staff_id: (row.team.name, row.allocations, row.updated_by)
        for row in Caseload.objects.select_related("practitioner", "team", "updated_by")
    }
    assert result == {
        "P1": ("YPS North", 6, user),
        "P3": ("YJS", 5, None),
        "P4": ("YPS North", 9, user),
    }
    kept_now = Caseload.objects.get(pk=kept.pk)
    assert kept_now.updated_at == kept.updated_at
