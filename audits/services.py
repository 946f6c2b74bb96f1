"""Writes of the audits app: allocating, recording and publishing, each saying who and when."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from audits.models import Audit, AuditCycle, ServiceArea, Status
from core import clock
from core.months import month_name


class AllocationRefused(Exception):
    """An allocation that would audit a case twice in one cycle; the message names them."""


@transaction.atomic
def allocate_audits(
    *,
    month: date,
    service_area: ServiceArea,
    auditor,
    case_references: list[str],
    user,
) -> list[Audit]:
    """Allocate one audit per case reference to ``auditor``; the cycle is created if new.

    Many at once because the QA unit allocates a month's sample in one sitting. A case already
    allocated in the cycle, or named twice, refuses the whole allocation: nothing is saved.
    """
    cycle, _ = AuditCycle.objects.get_or_create(month=month.replace(day=1))
    taken = set(
        Audit.objects.filter(cycle=cycle, case_reference__in=case_references).values_list(
            "case_reference", flat=True
        )
    )
    taken |= {reference for reference in case_references if case_references.count(reference) > 1}
    if taken:
        raise AllocationRefused(
            f"Already allocated in {month_name(cycle.month)}: {', '.join(sorted(taken))}."
        )
    return Audit.objects.bulk_create(
        Audit(
            cycle=cycle,
            service_area=service_area,
            auditor=auditor,
            case_reference=reference,
            recorded_by=user,
        )
        for reference in case_references
    )


def save_audit(*, audit: Audit, user) -> Audit:
    """Save a recorded or re-allocated audit, noting who changed it.

    A completed audit without a date is dated today, the day the auditor marked it done.
    """
    if audit.status == Status.COMPLETED and audit.completed_on is None:
        audit.completed_on = clock.today()
    audit.recorded_by = user
    audit.full_clean()
    audit.save()
    return audit


def publish_cycle(*, cycle: AuditCycle, user) -> AuditCycle:
    """Publish the cycle's analysis: from now on viewers may read its report."""
    cycle.published_at = timezone.now()
    cycle.published_by = user
    cycle.save(update_fields=["published_at", "published_by"])
    return cycle


def unpublish_cycle(*, cycle: AuditCycle) -> AuditCycle:
    """Withdraw the analysis from viewers, e.g. to correct a late audit."""
    cycle.published_at = None
    cycle.published_by = None
    cycle.save(update_fields=["published_at", "published_by"])
    return cycle
