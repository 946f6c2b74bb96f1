from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core import health
from core.context_processors import navigation
from core.panels import panels_for
from core.roles import ROLE_DESCRIPTIONS


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The landing page of the user's role: what they have to do this month."""
    role = navigation(request)["role"]  # the layout's, worked out once per request
    context = {
        "role": role,
        "role_description": ROLE_DESCRIPTIONS.get(role, ""),
        "panels": panels_for(request),
    }
    return render(request, "core/home.html", context)


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement UK public-sector sites must publish: open to everyone,
    signed in or not, so a person who cannot use the portal can still read how to report it."""
    return render(request, "core/accessibility.html", {"title": "Accessibility statement"})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness for load balancers: 503 when the database or the broker is
    down; 200 otherwise, with ``degraded`` when no worker answers (``health.run_checks``)."""
    status, checks = health.run_checks()
    return JsonResponse(
        {"status": status, "checks": checks}, status=503 if status == "error" else 200
    )
