"""Demo data: twelve monthly cycles of plausible audits across the service areas.

The cycles end with the demo's latest reporting month (September 2016, the sample's), so
the pack of that month has its audit analysis; without reporting periods, last month.

Practice managers are demo users in the "Practice manager" role: they record their audits
through "My audits". The QA demo user ``qa`` (from ``core.demo``) allocated them. Seeded, so every
run builds the same data.
"""

import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from audits.models import FOCUS_5, Answer, Audit, AuditCycle, Grade, ServiceArea, Status
from core import clock, roles
from core.demo import DEMO_USERS, ensure_user
from core.models import ReportingPeriod
from core.months import last_month, months_ending

PRACTICE_MANAGERS = {
    # username: (first name, last name)
    "pm.okafor": ("Grace", "Okafor"),
    "pm.hughes": ("Daniel", "Hughes"),
    "pm.begum": ("Amina", "Begum"),
    "pm.novak": ("Tomas", "Novak"),
    "pm.reid": ("Fiona", "Reid"),
}
THEMES = ["Reunifications", "Neglect", "Voice of the child", "", "Step-downs", ""]
GRADE_WEIGHTS = {
    Grade.OUTSTANDING: 6,
    Grade.GOOD: 44,
    Grade.REQUIRES_IMPROVEMENT: 40,
    Grade.INADEQUATE: 10,
}
GOOD_PRACTICE = [
    "The child's voice is clear throughout the record.",
    "Plan is specific, measurable and reviewed on time.",
    "Strong multi-agency working with school and health.",
    "Chronology is up to date and used to inform decisions.",
    "Direct work with the child is recorded and reflected in the plan.",
]
IMPROVEMENT = [
    "Supervision notes do not record the reasons for decisions.",
    "Case summary is out of date.",
    "Visits were not within timescale in two months.",
    "The cultural genogram is missing.",
    "Contingency plan is not clear.",
]
# Teams that hold no cases answer most Focus-5 questions "not applicable".
NOT_CASE_HOLDING = {"Adoption", "Fostering"}


def _practice_managers(stdout) -> list:
    """The practice managers, in their role; the one ``core.demo`` made is not printed again."""
    for username, (first_name, last_name) in PRACTICE_MANAGERS.items():
        if username in DEMO_USERS:
            continue
        password = ensure_user(
            username=username,
            role=roles.PRACTICE_MANAGER,
            first_name=first_name,
            last_name=last_name,
        )
        shown = password or "(exists; password unchanged)"
        stdout.write(f"  {roles.PRACTICE_MANAGER:<17} {username:<12} {shown}")
    managers = get_user_model().objects.filter(username__in=PRACTICE_MANAGERS)
    return sorted(managers, key=lambda user: list(PRACTICE_MANAGERS).index(user.username))


def _recorded(audit: Audit, rng: random.Random, area: str) -> None:
    """Fill in a completed audit's findings."""
    audit.status = Status.COMPLETED
    audit.grade = rng.choices(list(GRADE_WEIGHTS), weights=list(GRADE_WEIGHTS.values()))[0]
    audit.practitioner_discussion = rng.random() < 0.8
    for field in FOCUS_5:
        if area in NOT_CASE_HOLDING and rng.random() < 0.8:
            setattr(audit, field, Answer.NOT_APPLICABLE)
        else:
            setattr(audit, field, Answer.YES if rng.random() < 0.75 else Answer.NO)
    audit.good_practice = rng.choice(GOOD_PRACTICE)
    audit.improvement = rng.choice(IMPROVEMENT) if rng.random() < 0.7 else ""
    audit.completed_on = audit.cycle.month.replace(day=rng.randint(5, 28))


def load(*, stdout) -> None:
    managers = _practice_managers(stdout)
    if AuditCycle.objects.exists():
        stdout.write("  Audits: cycles exist already; no demo audits added.")
        return
    rng = random.Random(7)
    qa = get_user_model().objects.filter(username="qa").first()
    areas = list(ServiceArea.objects.filter(active=True))
    latest = ReportingPeriod.objects.values_list("month", flat=True).order_by("-month").first()
    months = months_ending(latest or last_month(clock.today()), 12)
    now = timezone.now()
    cycles = AuditCycle.objects.bulk_create(
        AuditCycle(
            month=month,
            theme=THEMES[index % len(THEMES)],
            published_at=now if month != months[-1] else None,
            published_by=qa if month != months[-1] else None,
        )
        for index, month in enumerate(months)
    )
    audits = []
    for cycle in cycles:
        latest = cycle.month == months[-1]
        for area in areas:
            for _ in range(rng.randint(2, 4)):
                audit = Audit(
                    cycle=cycle,
                    service_area=area,
                    case_reference=f"{rng.choice(['CD', 'CF', 'LA'])}{rng.randint(0, 999_999):06d}",
                    auditor=rng.choice(managers),
                    recorded_by=qa,
                )
                outcome = rng.random()
                if outcome < (0.5 if latest else 0.88):
                    _recorded(audit, rng, area.short_name)
                elif outcome < (0.6 if latest else 0.97):
                    audit.status = Status.NOT_COMPLETED
                audits.append(audit)
    unique = {(audit.cycle.month, audit.case_reference): audit for audit in audits}
    Audit.objects.bulk_create(unique.values())
    stdout.write(f"  Audits: {len(unique)} in {len(cycles)} cycles.")
