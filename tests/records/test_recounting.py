"""A definition changed later: its figures are found stale, recounted beside the stored values
and stored with a reason (as revisions where the month is closed); a purged upload's figures
are named, not recounted; analysts alone open the page, the import permission stores."""

import dataclasses
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from core import roles
from core.models import AuditEvent, PeriodStatus, ReportingPeriod
from indicators.models import ChangeKind, MonthlyValue
from records import figures, recounting, selectors, services
from records.definitions import STANDARD_BY_KEY, AgeFilter
from records.models import CountedFigure, CountedIndicator
from tests.indicators.factories import make_indicator

pytestmark = pytest.mark.django_db
SEP, OCT = date(2016, 9, 1), date(2016, 10, 1)
# The test upload's contacts: two in September (children aged 6 and 3), one in October (6).
COUNTED = {SEP: Decimal(2), OCT: Decimal(1)}
UNDER_SIX = {SEP: Decimal(1), OCT: Decimal(0)}  # contacts version 2 below
REFERRALS = {SEP: Decimal(1), OCT: Decimal(0)}


@pytest.fixture
def counted(upload, admin_user):
    """M1 counted as contacts, its September and October values stored from ``upload``."""
    indicator = make_indicator("M1")
    CountedIndicator.objects.create(indicator=indicator, definition="contacts")
    figures.apply_counts(upload=upload, user=admin_user)
    return indicator


def raise_contacts_version(monkeypatch):
    """A release changed the contacts definition: children under six only, version 2."""
    changed = dataclasses.replace(
        STANDARD_BY_KEY["contacts"], filters=(AgeFilter(0, 5),), version=2
    )
    monkeypatch.setitem(STANDARD_BY_KEY, "contacts", changed)


@pytest.fixture
def contacts_v2(counted, monkeypatch):
    """``counted``'s figures, then the contacts definition changed."""
    raise_contacts_version(monkeypatch)


def stored(indicator) -> dict[date, Decimal | None]:
    return dict(MonthlyValue.objects.filter(indicator=indicator).values_list("month", "value"))


def test_applying_counts_marks_each_value_with_its_upload_and_definition(upload, counted):
    marks = CountedFigure.objects.select_related("monthly_value")
    assert {
        (m.monthly_value.month, m.upload_id, m.definition, m.version, m.figure) for m in marks
    } == {(month, upload.pk, "contacts", 1, value) for month, value in COUNTED.items()}
    assert selectors.stale_marks() == []


def test_a_raised_version_makes_the_figures_stale(upload, counted, contacts_v2):
    [group] = recounting.stale_figures()
    assert group.indicator == counted and group.differences == 2
    assert [
        (f.month, f.stored, f.mark.version, f.current.version, f.recount.value, f.differs)
        for f in group.figures
    ] == [
        (SEP, COUNTED[SEP], 1, 2, UNDER_SIX[SEP], True),
        (OCT, COUNTED[OCT], 1, 2, UNDER_SIX[OCT], True),
    ]


def test_remapping_an_indicator_makes_its_figures_stale(upload, counted):
    CountedIndicator.objects.filter(indicator=counted).update(definition="referrals")
    [group] = recounting.stale_figures()
    assert [(f.mark.definition, f.current.key, f.recount.value) for f in group.figures] == [
        ("contacts", "referrals", REFERRALS[SEP]),
        ("contacts", "referrals", REFERRALS[OCT]),
    ]


def test_a_value_changed_since_or_no_longer_mapped_is_not_stale(upload, counted, contacts_v2):
    MonthlyValue.objects.filter(indicator=counted, month=SEP).update(value=9)
    assert [f.month for f in recounting.stale_figures()[0].figures] == [OCT]
    CountedIndicator.objects.filter(indicator=counted).delete()
    assert recounting.stale_figures() == []


def test_differences_come_first(upload, counted, admin_user, monkeypatch):
    same = make_indicator("A1")  # before M1 by ref, but the same figures by the new rule
    CountedIndicator.objects.create(indicator=same, definition="referrals")
    figures.apply_counts(upload=upload, user=admin_user)
    raise_contacts_version(monkeypatch)
    CountedFigure.objects.filter(definition="referrals").update(version=0)
    assert [(g.indicator.ref, g.differences) for g in recounting.stale_figures()] == [
        ("M1", 2),
        ("A1", 0),
    ]


def test_recount_writes_revisions_with_the_reason_and_the_new_version(
    upload, counted, contacts_v2, admin_user
):
    ReportingPeriod.objects.create(month=SEP, due_date=OCT, status=PeriodStatus.PUBLISHED)
    done = recounting.recount(user=admin_user, reason="Release 4.2: under-sixes only")
    assert (done.changed, done.revised, done.confirmed, done.not_recounted) == (2, 1, 0, [])
    assert stored(counted) == UNDER_SIX
    words = (
        f"Recounted from records, upload {upload.pk}, definition contacts version 2: "
        "Release 4.2: under-sixes only"
    )
    history = MonthlyValue.history.filter(indicator=counted).order_by("month", "-history_id")
    latest = {row.month: row for row in reversed(history)}
    assert {month: (row.history_change_reason, row.history_change_kind) for month, row in
            latest.items()} == {
        SEP: (words, ChangeKind.IMPORT_REVISION),  # its month is published
        OCT: (words, ChangeKind.IMPORTED),
    }  # fmt: skip
    assert set(CountedFigure.objects.values_list("version", "figure")) == {
        (2, value) for value in UNDER_SIX.values()
    }
    assert recounting.stale_figures() == []
    assert AuditEvent.objects.filter(detail__startswith="Figures recounted from records").exists()


def test_a_figure_the_same_by_the_new_rule_only_has_its_mark_brought_up_to_date(
    upload, counted, admin_user, monkeypatch
):
    monkeypatch.setitem(
        STANDARD_BY_KEY, "contacts", dataclasses.replace(STANDARD_BY_KEY["contacts"], version=3)
    )
    versions = dict(MonthlyValue.objects.values_list("month", "version"))
    done = recounting.recount(user=admin_user, reason="Wording of the source only")
    assert (done.changed, done.confirmed) == (0, 2)
    assert dict(MonthlyValue.objects.values_list("month", "version")) == versions
    assert set(CountedFigure.objects.values_list("version", flat=True)) == {3}


def test_a_purged_upload_is_named_and_not_recounted(upload, counted, contacts_v2, admin_user):
    services.purge_records(upload=upload, reason="retention")
    [group] = recounting.stale_figures()
    assert [(f.recount, f.why_not) for f in group.figures] == [
        (None, "cannot be recounted: its records were purged")
    ] * 2
    done = recounting.recount(user=admin_user, reason="Release 4.2")
    assert (done.changed, len(done.not_recounted)) == (0, 2)
    assert stored(counted) == COUNTED


def test_a_blank_reason_stores_nothing(upload, counted, contacts_v2, admin_user):
    with pytest.raises(ValueError, match="Give the reason for recounting"):
        recounting.recount(user=admin_user, reason="   ")
    assert stored(counted) == COUNTED


def test_the_command_recounts_one_indicator(upload, counted, admin_user, monkeypatch, capsys):
    other = make_indicator("M2")
    CountedIndicator.objects.create(indicator=other, definition="contacts")
    figures.apply_counts(upload=upload, user=admin_user)
    raise_contacts_version(monkeypatch)
    call_command("recount_records", "--reason", "Release 4.2", "--indicator", "M1")
    assert stored(counted) == UNDER_SIX
    assert stored(other) == COUNTED  # stale still: not named
    assert "2 values changed" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Give the reason for recounting"):
        call_command("recount_records", "--reason", " ")


# The page


def test_an_analyst_sees_stale_figures_and_recounts_with_a_reason(
    analyst, upload, counted, contacts_v2
):
    index = analyst.get("/records/").content.decode()
    assert 'href="/records/recount/"' in index and "2 stored figures were counted" in index
    page = analyst.get("/records/recount/").content.decode()
    assert "M1: Indicator M1" in page and "contacts version 1, upload" in page
    assert "Now counted by Contacts received (contacts version 2)" in page
    blank = analyst.post("/records/recount/", {"reason": ""})
    assert blank.status_code == 200
    assert "Give the reason for recounting" in blank.content.decode()
    assert stored(counted) == COUNTED
    response = analyst.post("/records/recount/", {"reason": "Release 4.2"})
    assert response.status_code == 302
    assert stored(counted) == UNDER_SIX
    after = analyst.get(response["Location"]).content.decode()
    assert "Recounted: 2 values changed" in after and 'id="recount-none"' in after
    assert 'href="/records/recount/"' not in analyst.get("/records/").content.decode()


def test_the_page_names_a_purged_upload(analyst, upload, counted, contacts_v2):
    services.purge_records(upload=upload, reason="retention")
    page = analyst.get("/records/recount/").content.decode()
    assert page.count("Cannot be recounted: its records were purged") == 2


@pytest.mark.parametrize("role", roles.JOB_ROLES)
def test_no_other_role_opens_the_recount_page(client_as, role, upload, counted, contacts_v2):
    client = client_as(role)
    assert client.get("/records/recount/").status_code == 403
    assert client.post("/records/recount/", {"reason": "x"}).status_code == 403
    assert stored(counted) == COUNTED


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/records/recount/")
    assert response.status_code == 302 and "/login" in response["Location"]


def test_an_analyst_without_the_import_permission_cannot_recount(
    client, make_user, upload, counted, contacts_v2
):
    user = make_user(roles.VIEWER)
    user.groups.add(Group.objects.get(name="Records analyst"))
    client.force_login(user)
    assert client.get("/records/recount/").status_code == 200
    assert client.post("/records/recount/", {"reason": "Release 4.2"}).status_code == 403
    assert stored(counted) == COUNTED


QUERIES = 12  # session, user, permissions, mappings, stale figures, one upload's count, groups


@pytest.mark.parametrize("indicators", [1, 6])
def test_the_page_takes_as_many_queries_however_many_figures(
    analyst, upload, admin_user, monkeypatch, indicators, django_assert_max_num_queries
):
    for number in range(indicators):
        indicator = make_indicator(f"M{number}")
        CountedIndicator.objects.create(indicator=indicator, definition="contacts")
    figures.apply_counts(upload=upload, user=admin_user)
    raise_contacts_version(monkeypatch)
    with django_assert_max_num_queries(QUERIES):
        page = analyst.get("/records/recount/").content.decode()
    assert page.count("contacts version 1, upload") == 2 * indicators
