"""Writing the audit trail: sign-ins, imports, the return workflow, downloads, roles, and
every view of a page that shows practitioner names or case references.

Named the trail so that "audit" in the code means the QA unit's practice audits (``audits``)
alone. The trail's model keeps its name, ``AuditEvent``: renaming it would rename its table
and the permission ``core.view_auditevent`` that the roles are granted, for no reader's gain.
Its page is ``core.trail_views``."""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest

from core.models import AuditEvent

Action = AuditEvent.Action


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    *,
    action: str,
    user=None,
    request: HttpRequest | None = None,
    detail: str = "",
    username: str = "",
) -> AuditEvent:
    """Add one event to the trail. ``user`` defaults to the request's signed-in user."""
    if user is None and request is not None and request.user.is_authenticated:
        user = request.user
    return AuditEvent.objects.create(
        action=action,
        user=user,
        username=username or (user.get_username() if user else ""),
        ip_address=client_ip(request),
        path=request.get_full_path()[:500] if request is not None else "",
        detail=detail,
    )


def logs_sensitive_view(what: str) -> Callable:
    """Decorate a view that shows names or case references: each successful view is recorded."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and request.user.is_authenticated:
                record(action=Action.SENSITIVE_VIEW, request=request, detail=what)
            return response

        return wrapped

    return decorator
