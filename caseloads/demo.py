"""Demo caseloads: twelve months of plausible snapshots for about a hundred practitioners.

Loads drift month to month around a team's usual level; newly qualified practitioners start
lighter but some are pushed over the threshold, as managers see in real snapshots. The demo
owner manages the SWF East teams, so signing in as "owner" shows their names; each demo
practice manager manages one of the other teams. The snapshots
end with the demo's latest reporting month (September 2016, the sample's), so the pack of that
month has its caseload section; without reporting periods, last month.
"""

import random

from django.contrib.auth import get_user_model

from caseloads.models import Caseload, Practitioner, QualifyingStatus, Service, Team
from core import clock
from core.models import ReportingPeriod
from core.months import last_month, months_ending
from core.roles import PRACTICE_MANAGER

SEED = 8
TEAMS = [
    *(f"SWF {area} {n}" for area in ("East", "West") for n in range(1, 5)),
    "BIT Central 1",
    "BIT Central 2",
    "BIT East 1",
    "CWD 1",
    "YJS",
    "YPS 1",
]
STATUS_WEIGHTS = {
    "SW": 10,
    "NQSW": 3,
    "ASYE": 3,
    "Senior practitioner": 3,
    "Family engagement worker": 2,
}
YJS_STATUS = "Youth justice officer"
FIRST_NAMES = ("Amira", "Ben", "Chloe", "Dev", "Ellen", "Femi", "Grace", "Harun", "Isla", "Jonah")
LAST_NAMES = ("Ahmed", "Brown", "Clarke", "Davies", "Evans", "Fletcher", "Green", "Hughes", "Khan")


def load(*, stdout) -> None:
    if Caseload.objects.exists():
        stdout.write("  Caseloads: demo snapshots exist; unchanged.")
        return
    rng = random.Random(SEED)
    services = {service.code: service for service in Service.objects.all()}
    statuses = {status.name: status for status in QualifyingStatus.objects.all()}
    teams = Team.objects.bulk_create(
        Team(name=name, service=services[name.split()[0]]) for name in TEAMS
    )
    owner = get_user_model().objects.filter(username="owner").first()
    if owner:
        owner.managed_teams.add(*(team for team in teams if team.name.startswith("SWF East")))
    managers = get_user_model().objects.filter(groups__name=PRACTICE_MANAGER).order_by("username")
    others = [team for team in teams if not team.name.startswith("SWF East")]
    for manager, team in zip(managers, others, strict=False):
        manager.managed_teams.add(team)  # each practice manager sees the names of their team
    members = [(team, rng.randint(5, 8)) for team in teams]
    practitioners = Practitioner.objects.bulk_create(
        Practitioner(
            staff_id=f"P{10000 + number}",
            display_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        )
        for number in range(sum(size for _, size in members))
    )
    staff = iter(practitioners)
    latest = ReportingPeriod.objects.values_list("month", flat=True).order_by("-month").first()
    months = months_ending(latest or last_month(clock.today()), 12)
    rows = []
    for team, size in members:
        threshold = team.service.threshold
        for practitioner in (next(staff) for _ in range(size)):
            status = (
                statuses[YJS_STATUS]
                if team.service.code == "YJS"
                else statuses[rng.choices(list(STATUS_WEIGHTS), STATUS_WEIGHTS.values())[0]]
            )
            share = 0.6 if status.newly_qualified else 0.85
            if rng.random() < 0.15:  # some carry too much, newly qualified or not
                share = 1.05
            usual = threshold * share + rng.uniform(-3, 3)
            load = usual
            for month in months:
                load = max(0.0, load + rng.uniform(-2, 2) + (usual - load) * 0.3)
                rows.append(
                    Caseload(
                        month=month,
                        practitioner=practitioner,
                        team=team,
                        qualifying_status=status,
                        allocations=round(load),
                    )
                )
    Caseload.objects.bulk_create(rows, batch_size=1000)
    stdout.write(
        f"  Caseloads: {len(practitioners)} practitioners in {len(teams)} teams, 12 months."
    )
