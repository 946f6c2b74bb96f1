import html
from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from core import roles
from core.models import PeriodStatus, ReportingPeriod
from indicators.models import Benchmark, Indicator, MonthlyValue, Target, Unit, ValueState
from tests.indicators.factories import add_values, make_indicator, months_from

pytestmark = pytest.mark.django_db


def _catalogue(count: int) -> None:
    for number in range(count):
        make_indicator(f"X{number:03}", unit="percentage" if number % 2 else "count")


@pytest.mark.parametrize("count", [10, 500])
def test_catalogue_queries_do_not_grow_with_indicators(
    client_as, count, django_assert_max_num_queries
):
    _catalogue(count)
    client = client_as(roles.PERFORMANCE_TEAM)
    with django_assert_max_num_queries(10):
        response = client.get("/indicators/")
    assert response.status_code == 200
    assert response.context["table"].paginator.count == count


def test_catalogue_filters_by_unit_and_search(client_as):
    _catalogue(6)
    client = client_as(roles.REPORTER)
    page = client.get("/indicators/", {"unit": "percentage"})
    assert [row.record.ref for row in page.context["table"].paginated_rows] == [
        "X001",
        "X003",
        "X005",
    ]
    page = client.get("/indicators/", {"q": "x004"})
    assert [row.record.ref for row in page.context["table"].paginated_rows] == ["X004"]


def test_catalogue_sorts_by_ref_descending(client_as):
    _catalogue(3)
    page = client_as(roles.OWNER).get("/indicators/", {"sort": "-ref"})
    assert [row.record.ref for row in page.context["table"].paginated_rows] == [
        "X002",
        "X001",
        "X000",
    ]


def test_catalogue_names_people_with_or_without_an_account(client_as, make_user):
    make_indicator("M1", owner=make_user(first_name="Jane", last_name="White"),
                   reporter_name="Mary Hardy")  # fmt: skip
    make_indicator("M2", owner_name="Julian Watkins")
    client = client_as(roles.PERFORMANCE_TEAM)
    page = client.get("/indicators/", {"sort": "owner"})
    rows = page.context["table"].paginated_rows
    assert [(row.get_cell("owner"), row.get_cell("reporter")) for row in rows] == [
        ("Jane White", "Mary Hardy"),
        ("Julian Watkins", "—"),
    ]
    assert "Julian Watkins" in client.get("/indicators/", {"_export": "csv"}).content.decode()


def test_indicator_page_says_a_benchmarks_caveat_as_the_file_did(client_as):
    indicator = make_indicator("M4")
    Benchmark.objects.create(indicator=indicator, group="england", caveat="local")
    Benchmark.objects.create(indicator=indicator, group="region", caveat="not_available")
    client = client_as(roles.PERFORMANCE_TEAM)
    page = html.unescape(client.get(f"/indicators/{indicator.pk}/").content.decode())
    assert page.count("Local measure") == 1 and "Not available" in page
    bare = make_indicator("M5")
    page = client.get(f"/indicators/{bare.pk}/").content.decode()
    assert "No benchmark stated." in page and "Local measure" not in page


def test_catalogue_exports_csv_and_xlsx_with_formulas_neutralised(client_as):
    make_indicator("M1", title='=HYPERLINK("http://evil")')
    client = client_as(roles.PERFORMANCE_TEAM)
    csv_text = client.get("/indicators/", {"_export": "csv"}).content.decode("utf-8")
    assert "'=HYPERLINK" in csv_text
    workbook = load_workbook(BytesIO(client.get("/indicators/", {"_export": "xlsx"}).content))
    cells = [cell.value for row in workbook.active.iter_rows() for cell in row]
    assert "M1" in cells and '\'=HYPERLINK("http://evil")' in cells


@pytest.mark.parametrize("role", [roles.VIEWER, roles.QA_UNIT, None])
def test_catalogue_is_refused_to_roles_without_it(client_as, role):
    assert client_as(role).get("/indicators/").status_code == 403


def test_indicator_page_shows_chart_values_and_commentary(client_as):
    indicator = make_indicator("M3", unit="percentage")
    add_values(indicator, months_from(date(2015, 9, 1), ["20"] * 11 + ["22", "28"]))
    indicator.values.filter(month=date(2016, 9, 1)).update(commentary="New school term")
    indicator.values.exclude(month=date(2016, 9, 1)).update(state=ValueState.ACCEPTED)
    html = client_as(roles.PERFORMANCE_TEAM).get(f"/indicators/{indicator.pk}/").content.decode()
    assert "<svg" in html and "M3: 13 months to September 2016" in html  # from its first value
    assert "Key: blue line: accepted values; red dots: provisional values" in html
    assert "↑ +27.3%" in html  # 28 after 22
    assert "New school term" in html
    assert "28%" in html


@pytest.mark.parametrize("months", [2, 60])
def test_indicator_page_queries_do_not_grow_with_months_changes_or_targets(
    client_as, months, django_assert_max_num_queries
):
    indicator = make_indicator("M4")
    for value in add_values(indicator, months_from(date(2012, 1, 1), ["7"] * months)):
        value.save()  # a recorded change of each month, for the table of changes
    for year in range(2012, 2012 + months // 12 + 1):
        Target.objects.create(indicator=indicator, financial_year=year, value=9)
    Benchmark.objects.create(indicator=indicator, group=Benchmark.Group.ENGLAND, value=8)
    client = client_as(roles.PERFORMANCE_TEAM)
    with django_assert_max_num_queries(11):
        response = client.get(f"/indicators/{indicator.pk}/")
    page = response.content.decode()
    assert len(response.context["changes"]) == months
    assert page.count("(amber within") == Target.objects.count()
    assert "M4 2012-13: 9" in page and "England" in page


def test_indicator_page_month_parameter(client_as):
    indicator = make_indicator()
    add_values(indicator, months_from(date(2016, 1, 1), ["5", "6"]))
    client = client_as(roles.PERFORMANCE_TEAM)
    response = client.get(f"/indicators/{indicator.pk}/", {"month": "2016-01"})
    assert response.context["history"].rows[0].month == date(2016, 1, 1)
    assert client.get(f"/indicators/{indicator.pk}/", {"month": "Jan"}).status_code == 404


def test_unknown_indicator_is_404(client_as):
    assert client_as(roles.PERFORMANCE_TEAM).get("/indicators/999999/").status_code == 404
    assert Indicator.objects.count() == 0


@pytest.mark.parametrize("role", [roles.REPORTER, roles.OWNER, roles.VIEWER])
def test_import_pages_are_for_the_performance_team(client_as, role):
    assert client_as(role).get("/indicators/import/").status_code == 403


def test_import_page_lists_recent_imports(client_as):
    client = client_as(roles.PERFORMANCE_TEAM)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("d.tsv", b"Ref\tSep 16\nZZ\t1\n")
    response = client.post("/indicators/import/", {"file": upload}, follow=True)
    assert 'The ref "ZZ" is not in the catalogue' in html.unescape(response.content.decode())
    assert "d.tsv" in client.get("/indicators/import/").content.decode()


def test_indicator_page_shows_a_reporter_only_the_values_they_may_see(client_as, make_user):
    other = make_user(roles.REPORTER)
    indicator = make_indicator("M9", reporter=other)
    add_values(indicator, {date(2016, 9, 1): "4242"})
    html = client_as(roles.REPORTER).get(f"/indicators/{indicator.pk}/").content.decode()
    assert "4,242" not in html  # another reporter's draft
    client = client_as(None)
    client.force_login(other)
    assert "4,242" in client.get(f"/indicators/{indicator.pk}/").content.decode()  # their own


def test_a_viewer_reads_the_indicators_of_published_packs_on_pages_and_api_alike(client_as):
    """One read rule (``Indicator.objects.restrict``) for the indicator page and the API."""
    published, unpublished = make_indicator("PUB"), make_indicator("HID")
    add_values(published, {date(2016, 9, 1): "5"})
    add_values(unpublished, {date(2016, 9, 1): "7"})
    MonthlyValue.objects.filter(indicator=published).update(state=ValueState.ACCEPTED)
    ReportingPeriod.objects.create(
        month=date(2016, 9, 1), due_date=date(2016, 10, 14), status=PeriodStatus.PUBLISHED
    )
    client = client_as(roles.VIEWER)
    assert client.get(f"/indicators/{published.pk}/").status_code == 200
    assert client.get(f"/indicators/{unpublished.pk}/").status_code == 404
    refs = [row["ref"] for row in client.get("/api/indicators/").json()["results"]]
    assert refs == ["PUB"]


def test_indicator_page_says_a_targets_sign(client_as):
    indicator = make_indicator("CP7", unit=Unit.PERCENTAGE)
    Target.objects.create(indicator=indicator, financial_year=2016, value=36, comparator="<")
    page = client_as(roles.PERFORMANCE_TEAM).get(f"/indicators/{indicator.pk}/").content.decode()
    assert "CP7 2016-17: &lt;36%" in page  # as the team writes it


def test_the_change_history_is_not_for_viewers(client, client_as, make_user):
    """A viewer reads the indicators of published packs, but who changed which value, when
    and why is for those who work on the values (the performance team, and an owner who
    must see a revision of their own figures): for a viewer it is not even read."""
    reader = make_user(roles.VIEWER)
    owner = make_user(roles.OWNER)
    indicator = make_indicator("M5", owner=owner)
    ReportingPeriod.objects.create(
        month=date(2016, 9, 1), due_date=date(2016, 10, 14), status=PeriodStatus.PUBLISHED
    )
    (value,) = add_values(indicator, {date(2016, 9, 1): "7"}, state=ValueState.ACCEPTED)
    value.value = 8
    value.save()  # a recorded change
    team = client_as(roles.PERFORMANCE_TEAM).get(f"/indicators/{indicator.pk}/")
    assert "Changes to values and commentary" in team.content.decode()
    assert len(team.context["changes"]) == 1
    client.force_login(owner)
    assert len(client.get(f"/indicators/{indicator.pk}/").context["changes"]) == 1

    client.force_login(reader)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/indicators/{indicator.pk}/")
    assert response.status_code == 200
    assert response.context["changes"] is None
    assert "Changes to values and commentary" not in response.content.decode()
    assert not any("historicalmonthlyvalue" in query["sql"] for query in queries.captured_queries)
