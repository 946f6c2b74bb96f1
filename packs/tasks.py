"""The pack's Celery tasks: thin, the work is in ``packs.services``.

``build_pack`` builds one version. It is acknowledged late and rejected (so redelivered)
when its worker dies, so a killed worker's build is finished by another; transient errors
(the database gone for a moment, the row not yet committed) are retried with exponential
back-off. Retries and redeliveries draw on one budget, ``services.MAX_ATTEMPTS`` starts
counted on the pack's row, so Celery keeps no count of its own (``max_retries=None``); past
the budget the pack is marked failed with the reason. The build itself is idempotent, so
redelivery is safe. ``expire_stuck_builds`` runs on the beat schedule.
"""

from celery import Task, shared_task
from django.conf import settings

from packs import services


class PackTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        """An error the build could not record itself (outside a claimed attempt)."""
        pack_id = kwargs.get("pack_id", args[0] if args else None)
        services.fail_build(
            pack_id=pack_id, reason=f"The build failed: {exc.__class__.__name__}: {exc}"
        )


@shared_task(
    base=PackTask,
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=services.TRANSIENT_ERRORS,
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=None,  # the budget is the pack's: services.MAX_ATTEMPTS
    soft_time_limit=settings.PACK_BUILD_TIMEOUT_SECONDS,
)
def build_pack(self, pack_id: int) -> None:
    services.build_pack(pack_id=pack_id, tries=self.request.retries + 1)


@shared_task(ignore_result=True)
def expire_stuck_builds() -> int:
    """Fail the builds dead past ``PACK_BUILD_TIMEOUT_SECONDS`` (on the beat schedule), so
    that no page has to write when it is read."""
    return services.expire_stuck_builds()
