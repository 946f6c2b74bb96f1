"""The audit trail: sign-ins, failures, imports, role changes; read by the performance team."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group

from core import roles
from core.models import AuditEvent
from core.trail import logs_sensitive_view
from imports import services as import_services
from tests.conftest import TEST_PASSWORD
from tests.imports.test_plans import GroupImporter

pytestmark = pytest.mark.django_db
Action = AuditEvent.Action


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))


def test_sign_in_failure_and_sign_out_are_recorded(client, make_user):
    user = make_user(roles.REPORTER)
    client.post("/login/", {"username": user.username, "password": "wrong"})
    client.post("/login/", {"username": user.username, "password": TEST_PASSWORD})
    client.post("/logout/")
    assert actions()[-3:] == [Action.LOGIN_FAILED, Action.LOGIN, Action.LOGOUT]
    failed = AuditEvent.objects.get(action=Action.LOGIN_FAILED)
    assert failed.username == user.username and failed.ip_address == "127.0.0.1"


def test_sign_ins_are_logged_in_the_trail_alone(client, make_user, caplog):
    """One log of who signed in: the trail. django-axes keeps the failure count its lockout
    needs (``AccessAttempt``) but no access log or log lines of its own."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    user = make_user(roles.REPORTER)
    client.post("/login/", {"username": user.username, "password": "wrong"})
    client.post("/login/", {"username": user.username, "password": "wrong"})
    client.post("/login/", {"username": user.username, "password": TEST_PASSWORD})
    client.post("/logout/")
    assert actions()[-4:] == [Action.LOGIN_FAILED] * 2 + [Action.LOGIN, Action.LOGOUT]
    assert (AccessLog.objects.count(), AccessFailureLog.objects.count()) == (0, 0)
    assert [
        record.getMessage() for record in caplog.records if record.name.startswith("axes")
    ] == []
    client.post("/login/", {"username": user.username, "password": "wrong"})
    assert AccessAttempt.objects.get().failures_since_start == 1  # the lockout still counts


def test_role_changes_are_recorded_from_either_side(make_user):
    user = make_user()
    user.groups.add(Group.objects.get(name=roles.OWNER))
    Group.objects.get(name=roles.VIEWER).user_set.add(user)
    details = list(
        AuditEvent.objects.filter(action=Action.ROLES_CHANGED).values_list("detail", flat=True)
    )
    assert f"User {user.username}: add roles ['Owner']" in details
    assert f"Role Viewer: add users [{user.pk}]" in details


def test_imports_are_recorded(make_user):
    user = make_user()
    batch, _ = import_services.preview_import(
        importer=GroupImporter(), data=b"name\nAlpha\n", filename="g.csv", options={}, user=user
    )
    import_services.confirm_import(importer=GroupImporter(), batch=batch, user=user)
    events = AuditEvent.objects.filter(action__in=[Action.IMPORT_PREVIEWED, Action.IMPORT_APPLIED])
    assert [e.action for e in events.order_by("pk")] == [
        Action.IMPORT_PREVIEWED,
        Action.IMPORT_APPLIED,
    ]
    assert "g.csv" in events.first().detail and events.first().user == user


def test_sensitive_views_are_recorded_only_when_shown(rf, make_user):
    from django.http import HttpResponse

    @logs_sensitive_view("caseload names")
    def view(request, status=200):
        return HttpResponse(status=status)

    request = rf.get("/caseloads/?month=2026-10")
    request.user = make_user(roles.PERFORMANCE_TEAM)
    view(request)
    view(request, status=403)
    [event] = AuditEvent.objects.filter(action=Action.SENSITIVE_VIEW)
    assert event.detail == "caseload names" and event.path == "/caseloads/?month=2026-10"


@pytest.mark.parametrize("role", [r for r in roles.ROLES if r != roles.PERFORMANCE_TEAM])
def test_trail_page_is_for_the_performance_team_only(client_as, role):
    assert client_as(role).get("/audit-trail/").status_code == 403


@pytest.mark.parametrize("count", [5, 200])
def test_trail_page_queries_are_constant(client_as, count, django_assert_max_num_queries):
    AuditEvent.objects.bulk_create(
        AuditEvent(action=Action.LOGIN, username=f"u{n}") for n in range(count)
    )
    client = client_as(roles.PERFORMANCE_TEAM)
    with django_assert_max_num_queries(7):  # the page's written budget
        response = client.get("/audit-trail/", {"action": "login"})
    assert response.status_code == 200
    assert response.context["table"].paginator.count >= count


def test_audit_names_practice_audits_alone_in_the_code():
    """Issue 27: "audit" named both the trail (``core/audit.py``) and practice audits. The trail
    is ``core.trail``; no module of the portal is named or imports ``core.audit``."""
    root = Path(__file__).resolve().parents[2]
    assert not (root / "core" / "audit.py").exists()
    sources = [
        path
        for package in (*settings.PORTAL_APPS, "imports", "kpi_portal", "tests")
        for path in (root / package).rglob("*.py")
        if path != Path(__file__).resolve()
    ]
    old_name = re.compile(r"\bcore\.audit\b|from core import (?:.*, )?audit\b")
    assert len(sources) > 100
    assert [str(path) for path in sources if old_name.search(path.read_text())] == []
