"""Every endpoint by role: anonymous refused, viewers limited to published months."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from audits.models import Audit, AuditCycle, ServiceArea, Status
from caseloads.models import Caseload, Practitioner, QualifyingStatus, Service, Team
from core import roles
from core.models import PeriodStatus
from tests.api.conftest import AUGUST, SEPTEMBER, period, results

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/indicators/",
    "/api/monthly-values/",
    "/api/audit-reports/",
    "/api/caseload-reports/",
]
EVERYTHING = [*LISTS, "/api/", "/api/schema/", "/api/docs/"]


@pytest.mark.parametrize("url", EVERYTHING)
def test_anonymous_is_refused(url):
    response = APIClient().get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_wrong_token_is_refused(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert client.get("/api/indicators/").status_code == 401


@pytest.mark.parametrize("url", EVERYTHING)
def test_a_user_with_no_role_is_refused(api_as, url):
    assert api_as(None).get(url).status_code == 403


@pytest.mark.parametrize("role", roles.JOB_ROLES)
def test_every_role_may_use_the_api(api_as, role):
    assert api_as(role).get("/api/monthly-values/").status_code == 200


def test_the_records_analyst_role_alone_gives_no_api(api_as):
    """It is given beside a role, which brings the API; it reads records, never in the API."""
    assert api_as(roles.RECORDS_ANALYST).get("/api/monthly-values/").status_code == 403


def test_a_session_signs_in_too(client_as, months):
    assert client_as(roles.VIEWER).get("/api/monthly-values/").status_code == 200


def _values(client, **params) -> list[tuple[str, str, str]]:
    rows = results(client.get("/api/monthly-values/", params))
    return [(row["ref"], row["month"], row["state"]) for row in rows]


def test_a_viewer_reads_accepted_values_of_published_months_only(api_as, months):
    assert _values(api_as(roles.VIEWER)) == [
        ("M1", "2016-08-01", "accepted"),
        ("M2", "2016-08-01", "accepted"),
    ]


def test_a_viewer_cannot_open_an_unpublished_value(api_as, months):
    draft = months["M1"].values.get(month=SEPTEMBER)
    assert api_as(roles.VIEWER).get(f"/api/monthly-values/{draft.pk}/").status_code == 404


def test_the_performance_team_reads_every_value(api_as, months):
    assert len(_values(api_as(roles.PERFORMANCE_TEAM))) == 7


def test_a_reporter_reads_their_own_drafts_and_the_published_values(api_as, months):
    client = api_as(roles.REPORTER)
    months["M1"].reporter = client.user
    months["M1"].save()
    assert _values(client) == [
        ("M1", "2016-07-01", "accepted"),
        ("M1", "2016-08-01", "accepted"),
        ("M2", "2016-08-01", "accepted"),
        ("M1", "2016-09-01", "draft"),
    ]


def test_a_viewer_reads_the_indicators_of_what_they_may_read(api_as, months):
    refs = [row["ref"] for row in results(api_as(roles.VIEWER).get("/api/indicators/"))]
    assert refs == ["M2", "M1"]  # the catalogue's order: by area, then position
    everything = results(api_as(roles.OWNER).get("/api/indicators/"))
    assert [row["ref"] for row in everything] == ["M2", "DRAFT1", "M1"]


# --- The audit analysis --------------------------------------------------------------------


@pytest.fixture
def cycles(make_user):
    auditor = make_user(username="auditor", first_name="Amy", last_name="Auditor")
    published = AuditCycle.objects.create(month=AUGUST, published_at="2016-09-05T10:00Z")
    draft = AuditCycle.objects.create(month=SEPTEMBER, theme="Reunifications")
    swf = ServiceArea.objects.get(short_name="SWF")
    for number, (cycle, grade) in enumerate(
        [(published, "good"), (published, "inadequate"), (draft, "outstanding")]
    ):
        Audit.objects.create(
            cycle=cycle,
            service_area=swf,
            case_reference=f"CD{number:06d}",
            auditor=auditor,
            status=Status.COMPLETED,
            grade=grade,
            improvement="Chronology out of date for CD000001",
        )


def test_a_viewer_reads_the_published_audit_analysis_only(api_as, cycles):
    client = api_as(roles.VIEWER)
    rows = results(client.get("/api/audit-reports/"))
    assert [(row["month"], row["completed"], row["grades"]["good"]) for row in rows] == [
        ("2016-08", 2, 1)
    ]
    assert client.get("/api/audit-reports/2016-09/").status_code == 404
    assert client.get("/api/audit-reports/2016-08/").status_code == 200


def test_a_viewers_audit_trend_leaves_out_cycles_not_yet_published(api_as, cycles):
    AuditCycle.objects.create(month=date(2016, 7, 1))  # before August, not published
    trend = api_as(roles.VIEWER).get("/api/audit-reports/2016-08/").json()["trend"]
    assert [point["month"] for point in trend] == ["2016-08"]
    trend = api_as(roles.QA_UNIT).get("/api/audit-reports/2016-08/").json()["trend"]
    assert [point["month"] for point in trend] == ["2016-07", "2016-08"]


def test_the_qa_unit_reads_every_cycle_in_full_without_case_references(api_as, cycles):
    client = api_as(roles.QA_UNIT)
    assert [row["month"] for row in results(client.get("/api/audit-reports/"))] == [
        "2016-09",
        "2016-08",
    ]
    response = client.get("/api/audit-reports/2016-09/")
    report = response.json()
    assert report["theme"] == "Reunifications" and report["grades"]["outstanding"] == 1
    assert report["by_service_area"]["SWF"]["completed"] == 1
    assert "CD0000" not in response.content.decode()
    assert "Auditor" not in response.content.decode()


@pytest.mark.parametrize("url", ["/api/audit-reports/", "/api/audit-reports/2016-08/"])
def test_a_reporter_may_not_read_the_audit_analysis(api_as, cycles, url):
    assert api_as(roles.REPORTER).get(url).status_code == 403


@pytest.mark.parametrize("month", ["2016-13", "0000-01", "2015-01"])
def test_an_impossible_or_absent_month_is_not_found(api_as, cycles, month):
    assert api_as(roles.QA_UNIT).get(f"/api/audit-reports/{month}/").status_code == 404


# --- Caseloads ---------------------------------------------------------------------------


@pytest.fixture
def caseloads(db):
    team = Team.objects.create(name="SWF East 2", service=Service.objects.get(code="SWF"))
    status = QualifyingStatus.objects.get(name="SW")
    for month in (AUGUST, SEPTEMBER):
        for staff_id, allocations in (("P00001", 22), ("P00002", 12)):
            practitioner, _ = Practitioner.objects.get_or_create(
                staff_id=staff_id, defaults={"display_name": f"Named Person {staff_id}"}
            )
            Caseload.objects.create(
                month=month,
                practitioner=practitioner,
                team=team,
                qualifying_status=status,
                allocations=allocations,
            )
    period(AUGUST, PeriodStatus.PUBLISHED)
    period(SEPTEMBER, PeriodStatus.OPEN)


def test_a_viewer_reads_caseload_figures_of_published_months_only(api_as, caseloads):
    client = api_as(roles.VIEWER)
    rows = results(client.get("/api/caseload-reports/"))
    assert rows == [
        {"month": "2016-08", "practitioners": 2, "at_or_over": 1, "mean": 17.0,
         "median": 17.0, "max": 22}
    ]  # fmt: skip
    assert client.get("/api/caseload-reports/2016-09/").status_code == 404


def test_the_performance_team_reads_the_unpublished_caseload_month(api_as, caseloads):
    client = api_as(roles.PERFORMANCE_TEAM)
    assert [row["month"] for row in results(client.get("/api/caseload-reports/"))] == [
        "2016-09",
        "2016-08",
    ]
    assert client.get("/api/caseload-reports/2016-09/").json()["practitioners"] == 2


def test_an_owner_reads_every_month_by_team_and_status_never_who(api_as, caseloads):
    client = api_as(roles.OWNER)
    assert len(results(client.get("/api/caseload-reports/"))) == 2
    response = client.get("/api/caseload-reports/2016-09/")
    figures = response.json()
    assert figures["by_team"]["SWF East 2"]["at_or_over"] == 1
    assert figures["by_status"]["SW"]["practitioners"] == 2
    assert "P0000" not in response.content.decode()
    assert "Named Person" not in response.content.decode()


def test_a_reporter_may_not_read_caseloads(api_as, caseloads):
    assert api_as(roles.REPORTER).get("/api/caseload-reports/").status_code == 403


def test_no_such_caseload_month(api_as, caseloads):
    assert (
        api_as(roles.OWNER).get(f"/api/caseload-reports/{date(2016, 1, 1):%Y-%m}/").status_code
        == 404
    )
