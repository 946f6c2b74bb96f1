"""The caseload pages: who may open them, whose names they show, and their query budgets."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse

from caseloads.models import Caseload, Team
from caseloads.selectors import caseload_report
from core import roles
from tests.caseloads.conftest import many_rows

pytestmark = pytest.mark.django_db

SEPTEMBER = date(2026, 9, 1)
OCTOBER = date(2026, 10, 1)
REPORT = reverse("caseloads:report")
LIST = reverse("caseloads:list")
IMPORT = reverse("caseloads:import")
ROWS = [
    ("P-ALPHA", "SWF East 1", "NQSW", 23),
    ("P-BRAVO", "SWF West 2", "SW", 21),
    ("P-CHARLIE", "SWF West 2", "SW", 4),
]


@pytest.fixture
def october(snapshot):
    snapshot(ROWS)


def user_of(client, django_user_model):
    return django_user_model.objects.get(pk=client.session["_auth_user_id"])


def test_anonymous_users_are_sent_to_sign_in(client):
    for url in (REPORT, LIST):  # the shared import pages answer 403 (imports.views)
        assert client.get(url)["Location"].startswith("/login/")


@pytest.mark.parametrize(
    ("role", "report", "rows", "importing"),
    [
        (roles.PERFORMANCE_TEAM, 200, 200, 200),
        (roles.OWNER, 200, 200, 403),
        (roles.VIEWER, 200, 403, 403),
        (roles.REPORTER, 403, 403, 403),
        (roles.QA_UNIT, 403, 403, 403),
    ],
)
def test_who_may_open_each_page(client_as, role, report, rows, importing):
    client = client_as(role)
    assert [client.get(url).status_code for url in (REPORT, LIST, IMPORT)] == [
        report,
        rows,
        importing,
    ]


def test_report_page_for_the_performance_team_names_practitioners(client_as, october):
    html = client_as(roles.PERFORMANCE_TEAM).get(REPORT).content.decode()
    assert "Caseload report: October 2026" in html
    assert "Name of P-ALPHA" in html and "Name of P-BRAVO" in html
    assert "Newly qualified</strong>" in html  # P-ALPHA is marked in words, not colour alone
    assert html.count("<h1") == 1


def test_report_page_for_a_manager_names_their_team_only(client_as, october, django_user_model):
    client = client_as(roles.OWNER)
    user_of(client, django_user_model).managed_teams.add(Team.objects.get(name="SWF East 1"))
    html = client.get(REPORT).content.decode()
    assert "Name of P-ALPHA" in html
    assert "Name of P-BRAVO" not in html and "P-BRAVO" in html


def test_report_page_says_why_a_name_is_not_shown(client_as, october, django_user_model):
    client = client_as(roles.PRACTICE_MANAGER)
    note = "Names are shown only for the practitioners of the teams you manage"
    assert note not in client.get(REPORT).content.decode()  # no names at all: no name column
    user_of(client, django_user_model).managed_teams.add(Team.objects.get(name="SWF East 1"))
    html = client.get(REPORT).content.decode()
    assert "Name of P-ALPHA" in html and note in html and ">Not shown<" in html
    assert client.get(LIST).status_code == 200
    assert "Not shown (not a team you manage)" in client.get(LIST).content.decode()


def test_report_page_for_the_scrutiny_panel_shows_aggregates_only(client_as, october, published):
    published()
    html = client_as(roles.VIEWER).get(REPORT).content.decode()
    assert "SWF West 2" in html  # the team's figures
    for staff_id in ("P-ALPHA", "P-BRAVO", "P-CHARLIE"):
        assert staff_id not in html
    assert "Name of" not in html
    assert "totals only" in html


def test_report_of_a_chosen_month_and_of_a_month_without_snapshot(client_as, snapshot):
    snapshot(ROWS)
    snapshot([("P-NINER", "YJS", "SW", 15)], month=date(2026, 8, 1))
    client = client_as(roles.OWNER)
    html = client.get(REPORT, {"month": "2026-08"}).content.decode()
    assert "Caseload report: August 2026" in html and "P-NINER" in html
    response = client.get(REPORT, {"month": "2026-07"})
    assert response.context["report"] is None
    assert "govuk-error-summary" in response.content.decode()


def test_report_page_with_no_snapshot_yet(client_as):
    html = client_as(roles.VIEWER).get(REPORT).content.decode()
    assert "No caseload snapshot has been imported yet." in html


def test_report_charts_are_svg_without_script_or_style_attributes(client_as, october, published):
    published()
    html = client_as(roles.VIEWER).get(REPORT).content.decode()
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') == 3  # SWF + two trends
    assert "<script" not in html.split("<main", 1)[1].split("</main>")[0]
    assert ' style="' not in html


# --- Unpublished months: the scrutiny panel waits for the return's publication -----------


@pytest.fixture
def september_published(snapshot, published):
    """October's snapshot is imported but its return is open; September's is published."""
    snapshot(ROWS)
    snapshot([("P-SEPT", "SWF East 1", "SW", 17)], month=SEPTEMBER)
    published(SEPTEMBER)


def test_the_scrutiny_panel_reads_the_newest_published_month(client_as, september_published):
    response = client_as(roles.VIEWER).get(REPORT)
    html = response.content.decode()
    assert response.context["report"].month == SEPTEMBER
    assert "Caseload report: September 2026" in html
    assert "October 2026" not in html  # neither offered in the month choice nor reported


def test_the_scrutiny_panel_cannot_ask_for_an_unpublished_month(client_as, september_published):
    response = client_as(roles.VIEWER).get(REPORT, {"month": "2026-10"})
    assert response.context["report"] is None
    assert "govuk-error-summary" in response.content.decode()


def mean_chart(response) -> str:
    """The SVG of the report's trend of mean allocations."""
    return response.content.decode().split("caseloads-trend-mean", 1)[1].split("</svg>", 1)[0]


def test_the_scrutiny_panels_trend_chart_leaves_out_unpublished_months(
    client_as, snapshot, published
):
    snapshot(ROWS)  # October, open
    snapshot([("P-SEPT", "SWF East 1", "SW", 17)], month=SEPTEMBER)
    published(OCTOBER)
    points = mean_chart(client_as(roles.PERFORMANCE_TEAM).get(REPORT)).count('class="dot ')
    published_points = mean_chart(client_as(roles.VIEWER).get(REPORT)).count('class="dot ')
    assert (points, published_points) == (2, 1)  # September is a gap for the panel


def test_the_performance_team_reads_the_unpublished_month(client_as, september_published):
    response = client_as(roles.PERFORMANCE_TEAM).get(REPORT)
    assert response.context["report"].month == OCTOBER
    assert "Caseload report: October 2026" in response.content.decode()


def test_the_list_of_practitioners_is_not_for_the_scrutiny_panel(client_as, september_published):
    assert client_as(roles.VIEWER).get(LIST, {"month": "2026-10"}).status_code == 403


def test_list_shows_names_only_where_the_reader_may_see_them(client_as, october):
    html = client_as(roles.OWNER).get(LIST, {"month": "2026-10"}).content.decode()
    assert "P-ALPHA" in html and "Not shown" in html and "Name of" not in html
    html = client_as(roles.PERFORMANCE_TEAM).get(LIST).content.decode()
    assert "Name of P-ALPHA" in html


def test_list_shows_every_month_until_one_is_chosen(client_as, snapshot):
    snapshot(ROWS)
    snapshot([("P-NINER", "YJS", "SW", 15)], month=date(2026, 8, 1))
    client = client_as(roles.OWNER)
    assert len(client.get(LIST).context["table"].data) == 4
    response = client.get(LIST, {"month": "2026-08"})
    assert [row.practitioner.staff_id for row in response.context["table"].data] == ["P-NINER"]


def test_list_filters_at_or_over_threshold(client_as, october):
    response = client_as(roles.OWNER).get(LIST, {"at_or_over": "true"})
    assert [row.practitioner.staff_id for row in response.context["table"].data] == [
        "P-ALPHA",
        "P-BRAVO",
    ]


def test_list_cannot_be_sorted_by_name(client_as, october):
    response = client_as(roles.PERFORMANCE_TEAM).get(LIST, {"sort": "shown_name"})
    assert not response.context["table"].columns["shown_name"].orderable


def test_list_export_keeps_hidden_names_hidden(client_as, october):
    response = client_as(roles.OWNER).get(LIST, {"_export": "csv"})
    text = response.content.decode()
    assert "P-ALPHA" in text and "Name of" not in text
    assert "<strong" not in text and ",Yes" in text


def test_import_through_the_pages(client_as, team):
    team("YJS")
    client = client_as(roles.PERFORMANCE_TEAM)
    upload = SimpleUploadedFile(
        "oct.csv", b"practitioner,allocations,qualifying status,team\nP1,13,SW,YJS\n"
    )
    response = client.post(
        IMPORT, {"file": upload, "options-month": "2026-10", "options-create_teams": ""}
    )
    assert response.status_code == 302
    preview = client.get(response["Location"]).content.decode()
    assert "13 allocations, YJS, SW" in preview
    client.post(response["Location"])
    assert Caseload.objects.get().allocations == 13


def test_import_page_refuses_a_month_that_is_not_one(client_as):
    client = client_as(roles.PERFORMANCE_TEAM)
    upload = SimpleUploadedFile("oct.csv", b"practitioner\n")
    response = client.post(IMPORT, {"file": upload, "options-month": "October"})
    assert response.status_code == 200
    assert "is not a month" in response.content.decode()


# --- Query budgets: constant in the number of practitioners --------------------------------


@pytest.mark.parametrize("count", [10, 300])
@pytest.mark.parametrize("role", [roles.PERFORMANCE_TEAM, roles.VIEWER])
def test_report_page_query_count_is_constant(
    client_as, snapshot, published, django_assert_max_num_queries, count, role
):
    snapshot(many_rows(count))
    published()
    client = client_as(role)
    with django_assert_max_num_queries(10):  # 9, and the audit-trail record of the view
        response = client.get(REPORT)
    assert response.context["report"].overall.practitioners == count


@pytest.mark.parametrize("count", [10, 300])
def test_list_page_query_count_is_constant(
    client_as, snapshot, django_assert_max_num_queries, count
):
    snapshot(many_rows(count))
    client = client_as(roles.PERFORMANCE_TEAM)
    with django_assert_max_num_queries(13):  # 12, and the audit-trail record of the view
        response = client.get(LIST)
    assert response.context["table"].paginator.count == count == Caseload.objects.count()


def test_the_report_partial_renders_alone_for_the_pack(october):
    html = render_to_string(
        "caseloads/_report.html",
        {"report": caseload_report(month=date(2026, 10, 1), user_may_see_names=False)},
    )
    assert "<h1" not in html and html.count('<h2 class="govuk-heading-m">') == 6
    assert "P-ALPHA" in html and "Name of" not in html
    assert html.count("<svg") == 3
