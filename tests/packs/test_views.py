"""The pack pages: who sees which versions, building, following, publishing, downloading,
and the list's fixed number of queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import roles
from core.models import ReportingPeriod
from indicators.models import MonthlyValue, ValueState
from packs import services, storage
from packs.models import FileKind, Pack, PackFile, Status
from tests.packs.conftest import MONTH

pytestmark = pytest.mark.django_db


def text(response) -> str:
    """The page, whether whole or streamed (a ready pack's page streams its HTML)."""
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def _packs(count: int, user) -> None:
    """``count`` ready packs with two files each, over as many months as needed."""
    packs = Pack.objects.bulk_create(
        Pack(
            month=date(2000 + number // 12, number % 12 + 1, 1),
            version=1,
            status=Status.READY,
            requested_by=user,
            started_at=timezone.now(),
            finished_at=timezone.now(),
            provisional_count=number % 3,
        )
        for number in range(count)
    )
    PackFile.objects.bulk_create(
        PackFile(pack=pack, kind=kind, path=f"packs/{pack.pk}.{kind}", size=1000, sha256="0" * 64)
        for pack in packs
        for kind in (FileKind.PDF, FileKind.XLSX)
    )


@pytest.mark.parametrize("count", [10, 100])
def test_list_queries_do_not_grow_with_packs(
    client_as, make_user, count, django_assert_max_num_queries
):
    _packs(count, make_user(first_name="Jane", last_name="White"))
    client = client_as(roles.PERFORMANCE_TEAM)
    with django_assert_max_num_queries(10):
        response = client.get("/packs/")
    assert response.status_code == 200
    assert response.context["table"].paginator.count == count
    assert "Jane White" in response.content.decode()


def test_viewers_see_published_versions_only(client_as, small_month, make_user):
    first = services.request_build(month=MONTH).pack
    second = services.request_build(month=MONTH).pack
    services.publish(pack=first, user=make_user())
    client = client_as(roles.VIEWER)
    listed = [row.record for row in client.get("/packs/").context["table"].paginated_rows]
    assert listed == [first]
    assert client.get("/packs/2016-09/").context["pack"] == first  # the stable address
    assert client.get("/packs/2016-09/v2/").status_code == 404
    assert client.get("/packs/2016-09/v2/pdf/").status_code == 404
    assert client.get("/packs/2016-09/v1/pdf/").status_code == 200
    assert client.get("/packs/build/").status_code == 403
    assert client.post("/packs/2016-09/v2/publish/").status_code == 403
    team = client_as(roles.PERFORMANCE_TEAM)
    assert team.get("/packs/2016-09/").context["pack"] == second


def test_viewers_see_no_build_internals_on_the_list(client_as, make_user):
    """Readers get month, version, published date and downloads; the team keeps the rest."""
    _packs(3, make_user(first_name="Jane", last_name="White"))
    published = Pack.objects.order_by("month").first()
    Pack.objects.filter(pk=published.pk).update(published_at=timezone.now())
    viewer = client_as(roles.VIEWER).get("/packs/")
    html = viewer.content.decode()
    headers = [column.header for column in viewer.context["table"].columns]
    assert headers == ["Month", "Version", "Published", "Downloads"]
    assert [row.record for row in viewer.context["table"].paginated_rows] == [published]
    for internal in ("Ready", "Requested by", "Took", "Jane White", "Any status", "Queued"):
        assert internal not in html, internal
    assert 'name="year"' in html
    assert "PDF" in html

    team = client_as(roles.PERFORMANCE_TEAM).get("/packs/")
    team_headers = [column.header for column in team.context["table"].columns]
    assert {"Status", "Requested by", "Took"} <= set(team_headers)
    assert "Any status" in team.content.decode()


def test_users_without_a_role_see_no_pack(client_as, small_month):
    services.request_build(month=MONTH)
    assert client_as(None).get("/packs/").status_code == 403
    assert client_as(None).get("/packs/2016-09/v1/").status_code == 404


def test_build_page_queues_a_build_and_shows_it(client_as, small_month):
    client = client_as(roles.PERFORMANCE_TEAM)
    form = client.get("/packs/build/")
    assert form.context["form"]["month"].value() == "2016-09"
    response = client.post("/packs/build/", {"month": "2016-09"}, follow=True)
    pack = Pack.objects.get()
    assert response.redirect_chain[-1][0] == "/packs/2016-09/v1/"
    page = text(response)
    assert "Publish the pack" in page and 'id="pack-facts"' in page
    assert f"{pack.files.get(kind=FileKind.PDF).sha256}" in page


def test_a_second_request_while_building_goes_to_the_build_under_way(client_as, small_month):
    building = Pack.objects.create(month=MONTH, version=1, status=Status.BUILDING, progress=45,
                                   stage="Writing the PDF", started_at=timezone.now())  # fmt: skip
    client = client_as(roles.PERFORMANCE_TEAM)
    response = client.post("/packs/build/", {"month": "2016-09"}, follow=True)
    assert Pack.objects.get() == building
    page = response.content.decode()
    assert "already building (version 1)" in page
    assert 'id="pack-progress" max="100" value="45"' in page and ">45%</progress>" in page
    assert "packs/progress.js" in page and "Writing the PDF" in page


def test_status_answers_json_for_the_progress_bar(client_as, small_month):
    Pack.objects.create(month=MONTH, version=1, status=Status.BUILDING, progress=25,
                        stage="Drawing the charts", started_at=timezone.now())  # fmt: skip
    body = client_as(roles.PERFORMANCE_TEAM).get("/packs/2016-09/v1/status/").json()
    assert body == {
        "status": "building", "status_label": "Building", "stage": "Drawing the charts",
        "progress": 25, "error": "", "finished": False,
    }  # fmt: skip


def test_a_failed_build_shows_its_reason_and_a_retry(client_as, small_month):
    Pack.objects.create(month=MONTH, version=1, status=Status.FAILED,
                        error="Writing the PDF failed: ValueError: no font")  # fmt: skip
    client = client_as(roles.PERFORMANCE_TEAM)
    page = client.get("/packs/2016-09/v1/").content.decode()
    assert "Writing the PDF failed: ValueError: no font" in page and "Try again" in page
    client.post("/packs/build/", {"month": "2016-09"})
    assert Pack.objects.get(version=2).status == Status.READY


def test_publish_and_download(client_as, small_month):
    services.request_build(month=MONTH)
    client = client_as(roles.PERFORMANCE_TEAM)
    confirm = client.post("/packs/2016-09/v1/publish/")
    assert "Yes, publish" in text(confirm) and not Pack.objects.get().is_published
    response = client.post("/packs/2016-09/v1/publish/", {"confirm": "1"}, follow=True)
    assert "is published" in text(response)
    assert Pack.objects.get().is_published
    download = client.get("/packs/2016-09/v1/xlsx/")
    assert download["Content-Disposition"] == 'attachment; filename="pack-2016-09-v1.xlsx"'
    assert b"".join(download.streaming_content)[:2] == b"PK"
    assert client.get("/packs/2016-09/v1/html/").status_code == 404
    assert client.get("/packs/2016-13/").status_code == 404


def test_a_ready_pack_page_holds_its_html_as_it_lies_on_disk(client_as, small_month):
    pack = services.request_build(month=MONTH).pack
    on_disk = storage.absolute(pack.files.get(kind=FileKind.HTML).path).read_bytes()
    response = client_as(roles.PERFORMANCE_TEAM).get("/packs/2016-09/v1/")
    page = b"".join(response.streaming_content)
    before, found, after = page.partition(on_disk)
    assert found == on_disk
    assert b"<h1" in before and b'class="app-pack"' in before and b"pack body" not in page
    assert after.rstrip().endswith(b"</html>")


# --- A dead build: shown as failed by every page, recorded as failed by the beat task only --


@pytest.fixture
def dead_build(small_month, settings) -> Pack:
    """A build whose worker died: building for eleven minutes, against a ten-minute timeout."""
    settings.PACK_BUILD_TIMEOUT_SECONDS = 600
    return Pack.objects.create(
        month=MONTH,
        version=1,
        status=Status.BUILDING,
        stage="Drawing the charts",
        started_at=timezone.now() - timedelta(minutes=11),
    )


@pytest.mark.parametrize("url", ["/packs/", "/packs/2016-09/v1/", "/packs/2016-09/v1/status/"])
def test_reading_the_packs_writes_nothing(client_as, dead_build, url):
    client = client_as(roles.PERFORMANCE_TEAM)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("UPDATE")]
    assert writes == []
    assert Pack.objects.get(pk=dead_build.pk).status == Status.BUILDING


def test_a_dead_build_shows_as_failed_on_its_page(client_as, dead_build):
    page = client_as(roles.PERFORMANCE_TEAM).get("/packs/2016-09/v1/").content.decode()
    assert "The build failed" in page and "did not finish within 10 minutes" in page
    assert "packs/progress.js" not in page  # nothing left to follow


def test_a_dead_build_tells_the_progress_bar_it_has_finished(client_as, dead_build):
    body = client_as(roles.PERFORMANCE_TEAM).get("/packs/2016-09/v1/status/").json()
    assert (body["status"], body["finished"]) == ("failed", True)
    assert "did not finish within 10 minutes" in body["error"]


def test_a_live_build_is_shown_as_it_is(client_as, small_month):
    Pack.objects.create(month=MONTH, version=1, status=Status.BUILDING, started_at=timezone.now())
    body = client_as(roles.PERFORMANCE_TEAM).get("/packs/2016-09/v1/status/").json()
    assert (body["status"], body["finished"]) == ("building", False)


def test_publishing_asks_to_confirm_showing_what_is_provisional(client_as, small_month):
    """Issue #16: the point of no return names the month's values not yet accepted."""
    ReportingPeriod.objects.create(month=MONTH, due_date=date(2016, 10, 14))
    MonthlyValue.objects.filter(month=MONTH).update(state=ValueState.SUBMITTED)
    services.request_build(month=MONTH)
    page = text(client_as(roles.PERFORMANCE_TEAM).post("/packs/2016-09/v1/publish/"))
    provisional = MonthlyValue.objects.filter(month=MONTH).count()
    assert f"{provisional} of {provisional} values are not yet accepted" in page
    assert "Still provisional" in page and not Pack.objects.get().is_published
