"""The permission matrix: every URL pattern of the portal x every role (and anonymous).

The routes come from the URL configuration itself, so a new view that is not in MATRIX
fails ``test_every_route_is_in_the_matrix``: nobody can add a page and forget to decide
who may open it. Each cell is what a GET answers: "ok" (200), "login" (sent to sign in),
"redirect" (elsewhere), "denied" (403), "hidden" (404: the object is not theirs to see),
"405" (the URL takes POST only).
"""

import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from audits.models import Audit, AuditCycle, ServiceArea
from core import roles
from core.models import ImportBatch, PeriodStatus, ReportingPeriod
from indicators.models import MonthlyValue, ValueState
from packs.models import Pack, Recommendation
from quality.models import Operator, ValidationRule
from records.models import RecordUpload
from tests.indicators.factories import make_indicator
from tests.security.urls import ADMIN, routes

pytestmark = pytest.mark.django_db

ANONYMOUS, NO_ROLE = "anonymous", "no role (an auditor)"
ROLES = (ANONYMOUS, roles.PERFORMANCE_TEAM, roles.OWNER, roles.REPORTER, roles.QA_UNIT,
         roles.VIEWER, roles.PRACTICE_MANAGER, roles.RECORDS_ANALYST, NO_ROLE)  # fmt: skip
MONTH = date(2016, 9, 1)

MATRIX: dict[str, tuple[str, ...]] = {
    # route: (anonymous, performance team, owner, reporter, QA unit, viewer, practice manager,
    # records analyst, no role)
    "": ("login", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    "healthz": ("ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    "accessibility/": ("ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    # Everyone signed in searches; what each finds is what they may open (search.selectors).
    "search/": ("login", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    "audit-trail/": (
        "login",
        "ok",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "login/": (
        "ok",
        "redirect",
        "redirect",
        "redirect",
        "redirect",
        "redirect",
        "redirect",
        "redirect",
        "redirect",
    ),
    "logout/": ("405", "405", "405", "405", "405", "405", "405", "405", "405"),
    "admin/": ("login", "ok", "login", "login", "login", "login", "login", "login", "login"),
    "indicators/": ("login", "ok", "ok", "ok", "denied", "denied", "denied", "denied", "denied"),
    # A reader of published packs reads the indicators in them (Indicator.objects.restrict).
    "indicators/<int:pk>/": ("login", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    "indicators/catalogue/import/": (
        "login",
        "ok",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "indicators/catalogue/import/<int:pk>/": (
        "login",
        "ok",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "packs/recommendations/": ("login", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    "packs/recommendations/add/": (
        "login",
        "ok",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "packs/recommendations/<int:pk>/": (
        "login",
        "ok",
        "ok",
        "ok",
        "ok",
        "ok",
        "ok",
        "hidden",
        "hidden",
    ),
    "packs/recommendations/<int:pk>/change/": (
        "login",
        "ok",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "packs/<month:month>/narrative/": (
        "login",
        "ok",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "indicators/import/": (
        "login",
        "ok",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "indicators/import/<int:pk>/": (
        "login",
        "ok",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "returns/": (
        "login",
        "redirect",
        "redirect",
        "redirect",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "returns/my-month/": (
        "login",
        "denied",
        "denied",
        "ok",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "returns/to-submit/": (
        "login",
        "denied",
        "ok",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "returns/overview/": (
        "login",
        "ok",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "returns/overview/values/": (
        "login",
        "ok",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "returns/values/<int:pk>/": (
        "login",
        "ok",
        "ok",
        "ok",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "returns/step/": (
        "login",
        "hidden",
        "hidden",
        "hidden",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "returns/periods/": (
        "login",
        "ok",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "returns/periods/open/": (
        "login",
        "ok",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "returns/periods/<month:month>/reopen/": (
        "login",
        "ok",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "returns/periods/<month:month>/<str:step>/": (
        "login",
        "405",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "audits/": (
        "login",
        "denied",
        "denied",
        "denied",
        "ok",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "audits/mine/": ("login", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    "audits/allocate/": (
        "login",
        "denied",
        "denied",
        "denied",
        "ok",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "audits/export/": (
        "login",
        "denied",
        "denied",
        "denied",
        "ok",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "audits/<int:pk>/record/": (
        "login",
        "hidden",
        "hidden",
        "hidden",
        "ok",
        "hidden",
        "hidden",
        "hidden",
        "ok",
    ),
    "audits/<int:pk>/allocation/": (
        "login",
        "denied",
        "denied",
        "denied",
        "ok",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "audits/cycles/": ("login", "ok", "ok", "denied", "ok", "ok", "ok", "denied", "denied"),
    "audits/cycles/new/": (
        "login",
        "denied",
        "denied",
        "denied",
        "ok",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "audits/cycles/<month:month>/": (
        "login",
        "denied",
        "denied",
        "denied",
        "ok",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "audits/cycles/<month:month>/publish/": (
        "login",
        "denied",
        "denied",
        "denied",
        "405",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "audits/cycles/<month:month>/report/": (
        "login",
        "ok",
        "ok",
        "denied",
        "ok",
        "ok",
        "ok",
        "denied",
        "denied",
    ),
    "audits/service-areas/": (
        "login",
        "denied",
        "denied",
        "denied",
        "ok",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "audits/service-areas/new/": (
        "login",
        "denied",
        "denied",
        "denied",
        "ok",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "audits/service-areas/<int:pk>/": (
        "login",
        "denied",
        "denied",
        "denied",
        "ok",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "audits/import/": (
        "login",
        "denied",
        "denied",
        "denied",
        "ok",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "audits/import/<int:pk>/": (
        "login",
        "denied",
        "denied",
        "denied",
        "ok",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "caseloads/": ("login", "ok", "ok", "denied", "denied", "ok", "ok", "denied", "denied"),
    "caseloads/practitioners/": (
        "login",
        "ok",
        "ok",
        "denied",
        "denied",
        "denied",
        "ok",
        "denied",
        "denied",
    ),
    "caseloads/import/": (
        "login",
        "ok",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "caseloads/import/<int:pk>/": (
        "login",
        "ok",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "packs/": ("login", "ok", "ok", "ok", "ok", "ok", "ok", "denied", "denied"),
    "packs/build/": (
        "login",
        "ok",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "packs/<month:month>/": ("login", "ok", "ok", "ok", "ok", "ok", "ok", "hidden", "hidden"),
    "packs/<month:month>/v<int:version>/": (
        "login",
        "ok",
        "ok",
        "ok",
        "ok",
        "ok",
        "ok",
        "hidden",
        "hidden",
    ),
    "packs/<month:month>/v<int:version>/status/": (
        "login",
        "ok",
        "ok",
        "ok",
        "ok",
        "ok",
        "ok",
        "hidden",
        "hidden",
    ),
    "packs/<month:month>/v<int:version>/publish/": (
        "405",
        "405",
        "405",
        "405",
        "405",
        "405",
        "405",
        "405",
        "405",
    ),
    "packs/<month:month>/v<int:version>/withdraw/": (
        "login",
        "ok",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "packs/<month:month>/v<int:version>/<str:kind>/": (
        "login",
        "hidden",
        "hidden",
        "hidden",
        "hidden",
        "hidden",
        "hidden",
        "hidden",
        "hidden",
    ),
    "quality/": (
        "login",
        "ok",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "quality/completeness/": (
        "login",
        "ok",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "quality/rules/": (
        "login",
        "ok",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "quality/rules/new/": (
        "login",
        "ok",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "quality/rules/<int:pk>/": (
        "login",
        "ok",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
    ),
    "api/token/": ("login", "ok", "ok", "ok", "ok", "ok", "ok", "denied", "denied"),
    "api/schema/": ("denied", "ok", "ok", "ok", "ok", "ok", "ok", "denied", "denied"),
    "api/docs/": ("denied", "ok", "ok", "ok", "ok", "ok", "ok", "denied", "denied"),
    "api/^indicators/$": ("denied", "ok", "ok", "ok", "ok", "ok", "ok", "denied", "denied"),
    "api/^indicators\\.(?P<format>[a-z0-9]+)/?$": (
        "denied",
        "ok",
        "ok",
        "ok",
        "ok",
        "ok",
        "ok",
        "denied",
        "denied",
    ),
    "api/^indicators/(?P<pk>[^/]+)/$": (
        "denied",
        "ok",
        "ok",
        "ok",
        "ok",
        "ok",
        "ok",
        "denied",
        "denied",
    ),
    "api/^indicators/(?P<pk>[^/]+)\\.(?P<format>[a-z0-9]+)/?$": (
        "denied",
        "ok",
        "ok",
        "ok",
        "ok",
        "ok",
        "ok",
        "denied",
        "denied",
    ),
    "api/^monthly-values/$": ("denied", "ok", "ok", "ok", "ok", "ok", "ok", "denied", "denied"),
    "api/^monthly-values\\.(?P<format>[a-z0-9]+)/?$": (
        "denied",
        "ok",
        "ok",
        "ok",
        "ok",
        "ok",
        "ok",
        "denied",
        "denied",
    ),
    "api/^monthly-values/(?P<pk>[^/]+)/$": (
        "denied",
        "ok",
        "ok",
        "ok",
        "ok",
        "ok",
        "ok",
        "denied",
        "denied",
    ),
    "api/^monthly-values/(?P<pk>[^/]+)\\.(?P<format>[a-z0-9]+)/?$": (
        "denied",
        "ok",
        "ok",
        "ok",
        "ok",
        "ok",
        "ok",
        "denied",
        "denied",
    ),
    "api/^audit-reports/$": ("denied", "ok", "ok", "denied", "ok", "ok", "ok", "denied", "denied"),
    "api/^audit-reports\\.(?P<format>[a-z0-9]+)/?$": (
        "denied",
        "ok",
        "ok",
        "denied",
        "ok",
        "ok",
        "ok",
        "denied",
        "denied",
    ),
    "api/^audit-reports/(?P<month>[^/]+)/$": (
        "denied",
        "ok",
        "ok",
        "denied",
        "ok",
        "ok",
        "ok",
        "denied",
        "denied",
    ),
    "api/^audit-reports/(?P<month>[^/]+)\\.(?P<format>[a-z0-9]+)/?$": (
        "denied",
        "ok",
        "ok",
        "denied",
        "ok",
        "ok",
        "ok",
        "denied",
        "denied",
    ),
    "api/^caseload-reports/$": (
        "denied",
        "ok",
        "ok",
        "denied",
        "denied",
        "ok",
        "ok",
        "denied",
        "denied",
    ),
    "api/^caseload-reports\\.(?P<format>[a-z0-9]+)/?$": (
        "denied",
        "ok",
        "ok",
        "denied",
        "denied",
        "ok",
        "ok",
        "denied",
        "denied",
    ),
    "api/^caseload-reports/(?P<month>[^/]+)/$": (
        "denied",
        "hidden",
        "hidden",
        "denied",
        "denied",
        "hidden",
        "hidden",
        "denied",
        "denied",
    ),
    "api/^caseload-reports/(?P<month>[^/]+)\\.(?P<format>[a-z0-9]+)/?$": (
        "denied",
        "hidden",
        "hidden",
        "denied",
        "denied",
        "hidden",
        "hidden",
        "denied",
        "denied",
    ),
    "api/": ("denied", "ok", "ok", "ok", "ok", "ok", "ok", "denied", "denied"),
    # Child-level records: the records analyst role alone (tests/records/test_views.py); an
    # upload is counted once stored, and a figure is traced by its ref and month.
    "records/": (
        "login",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "ok",
        "denied",
    ),
    "records/recount/": (
        "login",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "ok",
        "denied",
    ),
    # The definitions a figure may be counted by, in words (tests/records/test_definition_pages.py).
    "records/definitions/": (
        "login",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "ok",
        "denied",
    ),
    "records/<int:pk>/": (
        "login",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "ok",
        "denied",
    ),
    "records/<int:pk>/confirm/": ("405", "405", "405", "405", "405", "405", "405", "405", "405"),
    "records/<int:pk>/figures/": (
        "login",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "hidden",
        "denied",
    ),
    "records/<int:pk>/trace/": (
        "login",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "hidden",
        "denied",
    ),
    "records/<int:pk>/<slug:list_key>/": (
        "login",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "ok",
        "denied",
    ),
    "api/<drf_format_suffix:format>": (
        "denied",
        "ok",
        "ok",
        "ok",
        "ok",
        "ok",
        "ok",
        "denied",
        "denied",
    ),
}


@pytest.fixture
def world(db) -> dict:
    """One of everything a URL can name, and one user per role."""
    User = get_user_model()
    users = {}
    for role in ROLES[1:]:
        user = User.objects.create_user(username=re.sub(r"\W", "", role.lower())[:20])
        if role != NO_ROLE:
            user.groups.add(Group.objects.get(name=role))
        users[role] = user
    indicator = make_indicator("M1", owner=users[roles.OWNER], reporter=users[roles.REPORTER])
    value = MonthlyValue.objects.create(
        indicator=indicator, month=MONTH, value=5, state=ValueState.ACCEPTED
    )
    ReportingPeriod.objects.create(
        month=MONTH, due_date=date(2016, 10, 14), status=PeriodStatus.PUBLISHED
    )
    cycle = AuditCycle.objects.create(month=MONTH, published_at=timezone.now())
    area = ServiceArea.objects.get(short_name="SWF")
    audit = Audit.objects.create(
        cycle=cycle, service_area=area, case_reference="CD123456", auditor=users[NO_ROLE]
    )
    batches = {
        kind: ImportBatch.objects.create(
            kind=kind, filename="f.csv", sha256="0" * 64, size=1, fingerprint="0" * 64,
            uploaded_by=users[roles.PERFORMANCE_TEAM],
        )
        for kind in ("dataset", "audits", "caseloads", "catalogue")
    }  # fmt: skip
    Pack.objects.create(month=MONTH, version=1, status="ready", published_at=timezone.now())
    recommendation = Recommendation.objects.create(
        text="Review the front door", owner=users[roles.OWNER], made_on=MONTH, due_date=MONTH
    )
    rule = ValidationRule.objects.create(
        left=indicator,
        operator=Operator.AT_MOST,
        constant=100,
        severity="error",
        message="At most 100",
    )
    records = RecordUpload.objects.create(filename="annex-a.xlsx", sha256="0" * 64)
    return {
        "users": users,
        "pk": {
            "records/": records.pk,
            "indicators/import/": batches["dataset"].pk,
            "indicators/catalogue/import/": batches["catalogue"].pk,
            "packs/recommendations/": recommendation.pk,
            "audits/import/": batches["audits"].pk,
            "caseloads/import/": batches["caseloads"].pk,
            "indicators/": indicator.pk,
            "returns/values/": value.pk,
            "audits/service-areas/": area.pk,
            "audits/": audit.pk,
            "quality/rules/": rule.pk,
            "api/^indicators": indicator.pk,
            "api/^monthly-values": value.pk,
        },
    }


SUBSTITUTIONS = (
    (r"\(\?P<month>[^)]*\)|<month:month>", MONTH.strftime("%Y-%m")),
    (r"\(\?P<step>[^)]*\)|<str:step>", "lock"),
    (r"\\\.\(\?P<format>[^)]*\)/\?|<drf_format_suffix:format>", ".json"),
    (r"<int:version>", "1"),
    (r"<str:kind>", "pdf"),
    (r"<slug:list_key>", "contacts"),
)


def url_for(world: dict, route: str) -> str:
    """A concrete URL for ``route``, naming the objects of ``world``."""
    if route == ADMIN:
        return "/admin/"
    path = route.replace("^", "").replace("$", "")
    for pattern, value in SUBSTITUTIONS:
        path = re.sub(pattern, value, path)
    if "<int:pk>" in path or "(?P<pk>" in path:
        prefix = next(p for p in world["pk"] if route.startswith(p))
        path = re.sub(r"<int:pk>|\(\?P<pk>[^)]*\)", str(world["pk"][prefix]), path)
    return "/" + path


def outcome(client, world: dict, role: str, route: str) -> str:
    client.logout()
    if role != ANONYMOUS:
        client.force_login(world["users"][role])
    response = client.get(url_for(world, route))
    status = response.status_code
    if status in (301, 302):
        return "login" if "login/" in response["Location"] else "redirect"
    return {200: "ok", 401: "denied", 403: "denied", 404: "hidden", 405: "405"}.get(
        status, str(status)
    )


def test_every_route_is_in_the_matrix():
    missing = [route for route in routes() if route not in MATRIX]
    assert missing == [], f"Decide who may open these new URLs and add them to MATRIX: {missing}"


def test_the_matrix_names_no_route_that_is_gone():
    assert sorted(set(MATRIX) - set(routes())) == []


@pytest.mark.parametrize("route", sorted(MATRIX))
def test_who_may_open_each_url(client, world, route):
    observed = tuple(outcome(client, world, role, route) for role in ROLES)
    assert dict(zip(ROLES, observed, strict=True)) == dict(zip(ROLES, MATRIX[route], strict=True))


def test_a_reporter_cannot_read_or_write_another_reporters_draft(client, world, make_user):
    other = make_user(roles.REPORTER)
    draft = MonthlyValue.objects.create(
        indicator=make_indicator("M2", reporter=other), month=MONTH, value=7
    )
    client.force_login(world["users"][roles.REPORTER])
    assert client.get(f"/returns/values/{draft.pk}/").status_code == 404
    client.post(f"/returns/values/{draft.pk}/", {"value": "9", "commentary": "x", "version": 1})
    draft.refresh_from_db()
    assert draft.value == 7 and draft.commentary == ""


def test_an_auditor_sees_only_their_audits(client, world, make_user):
    mine = Audit.objects.get()
    theirs = Audit.objects.create(
        cycle=mine.cycle, service_area=mine.service_area, case_reference="CD654321",
        auditor=make_user(),
    )  # fmt: skip
    client.force_login(world["users"][NO_ROLE])
    assert client.get(f"/audits/{mine.pk}/record/").status_code == 200
    assert client.get(f"/audits/{theirs.pk}/record/").status_code == 404
    assert "CD654321" not in client.get("/audits/mine/").content.decode()


def test_a_viewer_reads_published_months_only(client, world):
    unpublished = date(2016, 10, 1)
    MonthlyValue.objects.create(
        indicator=MonthlyValue.objects.get().indicator, month=unpublished, value=6,
        state=ValueState.ACCEPTED,
    )  # fmt: skip
    ReportingPeriod.objects.create(month=unpublished, due_date=date(2016, 11, 14))
    client.force_login(world["users"][roles.VIEWER])
    months = [row["month"] for row in client.get("/api/monthly-values/").json()["results"]]
    assert months == ["2016-09-01"]
