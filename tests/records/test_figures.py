"""A month computed from records: figures beside held values, stored through the value writes,
revisions only with a reason, and every figure traced to its records."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import roles
from core.models import AuditEvent
from indicators.models import MonthlyValue, Unit, ValueState
from records import figures, services
from records.models import CountedIndicator
from tests.indicators.factories import make_indicator
from tests.records.files import csv_bytes

pytestmark = pytest.mark.django_db
SEP, OCT = date(2016, 9, 1), date(2016, 10, 1)


def test_figures_beside_held_values_differences_first(upload, m1):
    MonthlyValue.objects.create(indicator=m1, month=SEP, value=2)  # the same as counted
    timely = make_indicator("EH3", unit=Unit.PERCENTAGE)
    CountedIndicator.objects.create(indicator=timely, definition="assessments_45_days")
    rows = figures.count_upload(upload=upload)
    assert [(r.indicator.ref, r.month, r.value, r.held_value, r.differs) for r in rows] == [
        ("EH3", SEP, Decimal("100.0000"), None, True),  # 1 of 1 within 45 working days
        ("M1", OCT, Decimal(1), None, True),
        ("EH3", OCT, None, None, False),  # no assessment authorised: no figure to store
        ("M1", SEP, Decimal(2), Decimal(2), False),
    ]


def test_no_figure_never_blanks_a_held_value(upload, admin_user):
    timely = make_indicator("EH3", unit=Unit.PERCENTAGE)
    CountedIndicator.objects.create(indicator=timely, definition="assessments_45_days")
    held = MonthlyValue.objects.create(indicator=timely, month=OCT, value=87)
    figures.apply_counts(upload=upload, user=admin_user)
    held.refresh_from_db()
    assert (held.value, held.version) == (87, 1)
    assert MonthlyValue.objects.get(indicator=timely, month=SEP).value == 100


def test_a_month_that_has_not_ended_is_not_counted(settings, client, analyst_user, upload, m1):
    settings.PORTAL_TODAY = "2016-10-20"  # the lists reach 3 October: October is not over
    assert [row.month for row in figures.count_upload(upload=upload)] == [SEP]
    client.force_login(analyst_user)
    page = client.get(f"/records/{upload.pk}/figures/").content.decode()
    assert "October 2016 has not ended, so it is not counted" in page


def test_a_confirm_stores_nothing_when_a_value_moved_since_the_page(
    client, analyst_user, upload, m1
):
    client.force_login(analyst_user)
    page = client.get(f"/records/{upload.pk}/figures/")
    seen = page.context["form"]["seen"].value()
    MonthlyValue.objects.create(indicator=m1, month=OCT, value=4)  # a reporter saves it
    response = client.post(
        f"/records/{upload.pk}/figures/", {"revision_reason": "", "seen": seen}, follow=True
    )
    assert figures.MOVED in response.content.decode().replace("&#x27;", "'")
    assert not MonthlyValue.objects.filter(indicator=m1, month=SEP).exists()
    assert MonthlyValue.objects.get(indicator=m1, month=OCT).value == 4
    fresh = response.context["form"]["seen"].value()
    client.post(f"/records/{upload.pk}/figures/", {"revision_reason": "", "seen": fresh})
    assert MonthlyValue.objects.get(indicator=m1, month=SEP).value == 2


def test_confirm_stores_through_the_value_writes_with_its_history(upload, m1, admin_user):
    draft = MonthlyValue.objects.create(indicator=m1, month=SEP, value=7)
    applied = figures.apply_counts(upload=upload, user=admin_user)
    assert (applied.created, applied.changed, applied.revised) == (1, 1, 0)
    draft.refresh_from_db()
    assert draft.value == 2 and draft.version == 2
    october = MonthlyValue.objects.get(indicator=m1, month=OCT)
    assert october.value == 1
    reason = f"Counted from records, upload {upload.pk}, definition contacts version 1"
    assert draft.history.latest().history_change_reason == reason
    assert october.history.latest().history_change_reason == reason
    upload.refresh_from_db()
    assert upload.state == "applied"
    assert AuditEvent.objects.filter(detail__startswith="Figures counted from records").exists()


def test_a_submitted_value_is_revised_only_with_a_reason(upload, m1, admin_user):
    accepted = MonthlyValue.objects.create(
        indicator=m1, month=SEP, value=7, state=ValueState.ACCEPTED
    )
    applied = figures.apply_counts(upload=upload, user=admin_user)
    assert [row.month for row in applied.held_back] == [SEP]
    accepted.refresh_from_db()
    assert accepted.value == 7
    figures.apply_counts(upload=upload, user=admin_user, revision_reason="Counted, not typed")
    accepted.refresh_from_db()
    assert accepted.value == 2
    assert accepted.history.latest().history_change_reason.endswith("; revised: Counted, not typed")


def test_a_measure_not_yet_started_is_not_counted(upload):
    indicator = make_indicator("M9", active_from=OCT)
    CountedIndicator.objects.create(indicator=indicator, definition="contacts")
    assert [row.month for row in figures.count_upload(upload=upload)] == [OCT]


def test_an_analyst_traces_a_figure_to_its_records(client, analyst_user, upload, m1):
    client.force_login(analyst_user)
    figures_page = client.get(f"/records/{upload.pk}/figures/")
    page = figures_page.content.decode()
    assert "M1" in page and "none held" in page
    response = client.get(f"/records/{upload.pk}/trace/?ref=M1&month=2016-09")
    text = response.content.decode()
    assert "contact on 01/09/2016, in September 2016" in text
    assert "contact on 15/09/2016, in September 2016" in text
    download = client.get(f"/records/{upload.pk}/trace/?ref=M1&month=2016-09&format=csv")
    lines = b"".join(download.streaming_content).decode().splitlines()
    assert lines[0].startswith("row,child_id,outcome,reason,gender")
    assert len(lines) == 3 and all(",counted," in line for line in lines[1:])
    assert AuditEvent.objects.filter(
        detail=f"Downloaded the records behind M1, September 2016, records upload {upload.pk} "
        "as CSV."
    ).exists()
    seen = figures_page.context["form"]["seen"].value()
    client.post(f"/records/{upload.pk}/figures/", {"revision_reason": "", "seen": seen})
    assert MonthlyValue.objects.get(indicator=m1, month=SEP).value == 2


@pytest.mark.parametrize("role", roles.JOB_ROLES)
def test_no_other_role_sees_figures_or_traces(client_as, role, upload, m1):
    client = client_as(role)
    assert client.get(f"/records/{upload.pk}/figures/").status_code == 403
    assert client.get(f"/records/{upload.pk}/trace/?ref=M1&month=2016-09").status_code == 403


def test_an_analyst_without_the_import_permission_cannot_store_figures(
    client, make_user, upload, m1
):
    viewer = make_user(roles.VIEWER)
    viewer.groups.add(Group.objects.get(name=roles.RECORDS_ANALYST))
    client.force_login(viewer)
    assert client.get(f"/records/{upload.pk}/figures/").status_code == 200
    assert client.post(f"/records/{upload.pk}/figures/", {}).status_code == 403
    assert not MonthlyValue.objects.filter(indicator=m1).exists()


EPISODES = [
    ["CHILD", "DECOM", "RNE", "LS", "PLACE", "DEC"],
    ["101", "01/03/2016", "S", "C2", "U1", "01/05/2016"],
    ["101", "01/05/2016", "P", "C2", "U3", "01/08/2016"],
    ["101", "01/08/2016", "P", "C2", "U4", ""],
    ["102", "01/02/2016", "S", "V2", "U1", "01/04/2016"],
    ["102", "01/04/2016", "L", "C2", "U1", ""],
]
LIST_8 = [
    ["Child Unique ID", "Date Started to be Looked After",
     "Number of Placements in the Last 12 months"],
    ["201", "01/01/2016", "4"],
]  # fmt: skip


def test_placements_are_counted_from_the_episodes_when_they_came(admin_user):
    stability = make_indicator("LAC3", unit=Unit.PERCENTAGE)
    CountedIndicator.objects.create(indicator=stability, definition="cic_3_placements")
    uploads = {}
    for name, files in {
        "episodes": [("Episodes.csv", csv_bytes(EPISODES))],
        "list 8": [("List 8.csv", csv_bytes(LIST_8))],
    }.items():
        intake = services.check_files(files)
        uploads[name] = services.store_upload(
            intake=intake, filename=name, data=b"", user=admin_user
        )
    # each upload covers the month of its latest date: August 2016, January 2016
    row, records = figures.trace(upload=uploads["episodes"], ref="LAC3", month=date(2016, 8, 1))
    # child 101: 3 placements; child 102: a change of legal status only, 1
    assert (row.figure.numerator, row.figure.denominator) == (1, 2)
    counted = records.filter(records["outcome"] == "counted")
    assert counted.select("row", "rne", "placement_type").rows() == [(4, "P", "U4")]
    assert counted["reason"][0].endswith("(903 episodes: 3 begun in them)")
    row, records = figures.trace(upload=uploads["list 8"], ref="LAC3", month=date(2016, 1, 1))
    assert (row.figure.numerator, row.figure.denominator) == (1, 1)
    assert records["reason"][0].endswith("(Annex A list 8's count; no episodes came)")


@pytest.mark.postgresql(reason="counts the COPY reads of the records")
def test_a_confirm_reads_the_records_once(client, analyst_user, upload, m1):
    client.force_login(analyst_user)
    seen = client.get(f"/records/{upload.pk}/figures/").context["form"]["seen"].value()
    with CaptureQueriesContext(connection) as queries:
        client.post(f"/records/{upload.pk}/figures/", {"revision_reason": "", "seen": seen})
    reads = [query for query in queries.captured_queries if query["sql"].startswith("COPY (")]
    assert len(reads) == 1  # M1's list, contacts, counted once inside the confirm
    assert MonthlyValue.objects.get(indicator=m1, month=SEP).value == 2
