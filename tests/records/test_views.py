"""Records pages: analysts alone reach a record, by page or download; each look is in the trail."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import roles
from core.models import AuditEvent
from records import services
from records.models import RECORD_MODELS, CountedIndicator, RecordUpload
from tests.indicators.factories import make_indicator
from tests.records.files import CONTACTS, annex_a

pytestmark = pytest.mark.django_db


@pytest.fixture
def upload(admin_user):
    intake = services.check_files([("a.xlsx", annex_a())])
    return services.store_upload(intake=intake, filename="a.xlsx", data=b"x", user=admin_user)


@pytest.mark.parametrize("role", roles.JOB_ROLES)
def test_no_role_but_analysts_reaches_a_record(client_as, role, upload):
    client = client_as(role)
    for url in (
        "/records/",
        f"/records/{upload.pk}/",
        f"/records/{upload.pk}/contacts/",
        f"/records/{upload.pk}/contacts/?format=csv",
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/records/{upload.pk}/confirm/").status_code == 403


def test_the_api_lists_no_records(analyst):
    index = analyst.get("/api/").json()
    assert not any("record" in name for name in index)


def test_an_analyst_uploads_checks_confirms_and_reads(analyst):
    with open_upload(annex_a()) as file:
        response = analyst.post("/records/", {"files": [file]})
    upload = RecordUpload.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/records/{upload.pk}/"
    page = analyst.get(f"/records/{upload.pk}/").content.decode()
    assert "Checked, waiting to be confirmed" in page
    assert "dropped on arrival: names, addresses and workers are never stored." in page
    analyst.post(f"/records/{upload.pk}/confirm/", {"confirm": "1"})
    upload.refresh_from_db()
    assert upload.state == RecordUpload.State.STORED

    listing = analyst.get(f"/records/{upload.pk}/contacts/")
    assert listing.status_code == 200 and "AB123" not in listing.content.decode()
    download = analyst.get(f"/records/{upload.pk}/contacts/?format=csv")
    text = b"".join(download.streaming_content).decode()
    assert text.splitlines()[0].startswith("row,child_id,gender")
    assert len(text.splitlines()) == 4 and "AB123" not in text and "Jane" not in text
    looks = AuditEvent.objects.filter(action=AuditEvent.Action.SENSITIVE_VIEW)
    assert [event.detail for event in looks.order_by("at")] == [
        f"Viewed List 1: contacts of records upload {upload.pk}, page 1.",
        f"Downloaded List 1: contacts of records upload {upload.pk} as CSV (3 records).",
    ]


def test_a_workbook_past_a_bound_is_refused_on_the_page(analyst, settings):
    settings.RECORDS_MAX_CELLS = 20  # the contacts' sheet holds 32
    with open_upload(annex_a()) as file:
        page = analyst.post("/records/", {"files": [file]}).content.decode()
    assert (
        "annex-a.xlsx cannot be read as a workbook: The sheet &quot;List 1 - Contacts&quot; "
        "spans 3 rows by 8 columns (A1 to H3), 24 cells: the largest accepted is 20."
    ) in page
    assert not RecordUpload.objects.exists()


def test_an_upload_with_errors_lists_them_and_stores_nothing(analyst):
    rows = [CONTACTS[0], ["AB1", "", "", "", "", "32/01/2016", "", ""]]
    with open_upload(annex_a(**{"List 1 - Contacts": rows})) as file:
        response = analyst.post("/records/", {"files": [file]})
    page = response.content.decode()
    assert response.status_code == 200
    assert "1 error: nothing was stored" in page
    assert (
        "Sheet &quot;List 1 - Contacts&quot;, row 2, column &quot;Date of Contact&quot;: "
        "&quot;32/01/2016&quot; is not a date" in page
    )
    assert not RecordUpload.objects.exists()
    assert not RECORD_MODELS["contacts"].objects.exists()


def test_discarding_an_upload_deletes_its_records(analyst, upload):
    analyst.post(f"/records/{upload.pk}/confirm/", {"discard": "1"})
    assert not RecordUpload.objects.exists()
    assert not RECORD_MODELS["contacts"].objects.exists()


def open_upload(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    class Opened:
        def __enter__(self):
            return SimpleUploadedFile("annex-a.xlsx", data)

        def __exit__(self, *args):
            return False

    return Opened()


def contacts(count: int) -> list[list]:
    """List 1 with ``count`` contacts in September 2016, a child each (C0, C1, ...)."""
    rows = (
        [f"C{n}", "Jane Smith", "b) Female", "WBRI", "14/03/2010", "01/09/2016", "Police", "W"]
        for n in range(count)
    )
    return [CONTACTS[0], *rows]


def stored(user, **sheets: list[list]) -> RecordUpload:
    """A confirmed upload of Annex A's lists 1, 3 and 4, with ``sheets`` in their place."""
    intake = services.check_files([("a.xlsx", annex_a(**sheets))])
    upload = services.store_upload(intake=intake, filename="a.xlsx", data=b"x", user=user)
    services.confirm_upload(upload=upload, user=user)
    return upload


def test_the_records_page_heads_columns_in_words_and_writes_dates_as_the_portal(analyst, upload):
    response = analyst.get(f"/records/{upload.pk}/contacts/")
    page = response.content.decode()
    headings = re.findall(r'<th scope="col" class="govuk-table__header">([^<]*)</th>', page)
    assert headings == [
        "Row", "Child (pseudonym)", "Gender", "Ethnicity", "Month of birth", "Date of Contact",
        "Contact Source",
    ]  # fmt: skip
    assert "1 September 2016" in page and "March 2010" in page and "14 March 2010" not in page
    for pseudonym in RECORD_MODELS["contacts"].objects.values_list("child_id", flat=True):
        assert len(pseudonym) == 64  # shown shortened, and whole to a screen reader
        assert f'<span title="{pseudonym}" aria-hidden="true">{pseudonym[:12]}…</span>' in page
        assert f'<span class="govuk-visually-hidden">{pseudonym}</span>' in page


def test_the_records_page_reads_one_page_of_records_from_the_database(analyst, admin_user):
    upload = stored(admin_user, **{"List 1 - Contacts": contacts(120)})
    with CaptureQueriesContext(connection) as queries:
        response = analyst.get(f"/records/{upload.pk}/contacts/", {"page": 3})
    # contacts 101-120, in the sheet's rows 102-121
    assert [row[0].text for row in response.context["rows"]] == [str(n) for n in range(102, 122)]
    sql = [query["sql"] for query in queries.captured_queries]
    assert not any("COPY" in query for query in sql)
    count, records = [query for query in sql if 'FROM "records_contactrecord"' in query]
    assert "COUNT(*)" in count and records.endswith("LIMIT 20 OFFSET 100")


# The pages' query budgets, the same whatever the number of uploads, lists, records or
# indicators. Every page: the session, the user, the user's and their groups' permissions
# (2), and the groups the menu is drawn by.
UPLOADS_PAGE = 8  # and the last 20 uploads with their uploaders, the recount notice's 2
UPLOAD_PAGE = 8  # and the upload with its uploader, the recount notice's 2
RECORDS_PAGE = 9  # and the upload, the list's count, one page of its records, the trail
# and the upload, the indicators counted, the values held, the closed months, the population
# figures, the recount notice's 2; and one read of each list counted
FIGURES_PAGE = 12
# and the upload, the indicator, its values held, the closed months, the population figures,
# its list read once (to count, and for the records' own columns), the trail
TRACE_PAGE = 12


@pytest.mark.parametrize("count", [1, 5])
def test_the_uploads_page_keeps_its_budget(
    analyst, make_user, count, django_assert_max_num_queries
):
    for number in range(count):
        RecordUpload.objects.create(
            uploaded_by=make_user(), filename=f"{number}.xlsx", counts={"contacts": 1}
        )
    with django_assert_max_num_queries(UPLOADS_PAGE):
        page = analyst.get("/records/").content.decode()
    assert page.count(".xlsx</a>") == count


@pytest.mark.parametrize("lists", [["contacts"], ["contacts", "referrals", "assessments"]])
def test_an_uploads_page_keeps_its_budget(
    analyst, admin_user, lists, django_assert_max_num_queries
):
    upload = RecordUpload.objects.create(
        uploaded_by=admin_user, filename="a.xlsx", counts=dict.fromkeys(lists, 3)
    )
    with django_assert_max_num_queries(UPLOAD_PAGE):
        response = analyst.get(f"/records/{upload.pk}/")
    assert len(response.context["lists"]) == len(lists)


@pytest.mark.parametrize("count", [1, 120])
def test_the_records_page_keeps_its_budget(
    analyst, admin_user, count, django_assert_max_num_queries
):
    upload = stored(admin_user, **{"List 1 - Contacts": contacts(count)})
    with django_assert_max_num_queries(RECORDS_PAGE):
        response = analyst.get(f"/records/{upload.pk}/contacts/", {"page": 2})
    assert response.context["page"].paginator.count == count


@pytest.mark.parametrize("per_list", [1, 4])
def test_the_figures_page_keeps_its_budget(
    analyst, admin_user, per_list, django_assert_max_num_queries
):
    upload = stored(admin_user)
    definitions = ["contacts", "referrals", "assessments_completed"]  # one per list
    for definition in definitions:
        for number in range(per_list):
            indicator = make_indicator(f"{definition[:4].upper()}{number}")
            CountedIndicator.objects.create(indicator=indicator, definition=definition)
    with django_assert_max_num_queries(FIGURES_PAGE + len(definitions)):
        response = analyst.get(f"/records/{upload.pk}/figures/")
    assert len({row.indicator.ref for row in response.context["rows"]}) == 3 * per_list


@pytest.mark.parametrize("count", [1, 120])
def test_the_trace_page_keeps_its_budget(analyst, admin_user, count, django_assert_max_num_queries):
    upload = stored(admin_user, **{"List 1 - Contacts": contacts(count)})
    CountedIndicator.objects.create(indicator=make_indicator("M1"), definition="contacts")
    with django_assert_max_num_queries(TRACE_PAGE):
        response = analyst.get(f"/records/{upload.pk}/trace/", {"ref": "M1", "month": "2016-09"})
    assert response.context["page"].paginator.count == count
