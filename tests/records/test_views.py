"""Records pages: analysts alone reach a record, by page or download; each look is in the trail."""

import pytest
from django.contrib.auth.models import Group

from core import roles
from core.models import AuditEvent
from records import services
from records.models import RECORD_MODELS, RecordUpload
from tests.records.files import CONTACTS, annex_a

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(client, make_user):
    user = make_user(roles.PERFORMANCE_TEAM)
    user.groups.add(Group.objects.get(name=roles.RECORDS_ANALYST))
    client.force_login(user)
    return client


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
