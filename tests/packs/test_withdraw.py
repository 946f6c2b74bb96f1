"""Withdrawing a published pack: the performance team gives a reason and confirms; who, when
and why are kept in the pack's trail; readers no longer see the version anywhere."""

from importlib import import_module

import pytest
from django.apps import apps
from django.db import IntegrityError
from django.utils import timezone

from core import dates, roles
from core.models import AuditEvent, PeriodStatus, ReportingPeriod
from packs import services
from packs.models import Pack, PackAction, PackEvent, Status
from tests.packs.conftest import MONTH
from tests.packs.test_content import build
from tests.packs.test_views import text

pytestmark = pytest.mark.django_db

URL = "/packs/2016-09/v1/withdraw/"
REASON = "The CP1 figure was for August."


@pytest.fixture
def published(small_month, make_user) -> Pack:
    return services.publish(pack=build(), user=make_user(roles.PERFORMANCE_TEAM))


def trail(pack: Pack) -> list[tuple]:
    return [(e.action, e.actor, e.reason) for e in pack.events.order_by("at", "pk")]


# --- The service ---------------------------------------------------------------------------


def test_withdrawing_keeps_who_when_and_why_and_the_version_may_be_published_again(
    published, make_user
):
    team = make_user(roles.PERFORMANCE_TEAM)
    before = timezone.now()
    withdrawn = services.withdraw(pack=published, user=team, reason=f"  {REASON}\n")
    assert not withdrawn.is_published and withdrawn.published_by is None
    assert withdrawn.status == Status.READY and withdrawn.files.count() == 3  # kept
    event = withdrawn.events.get(action=PackAction.WITHDRAWN)
    assert (event.actor, event.reason) == (team, REASON) and event.at >= before

    services.publish(pack=withdrawn, user=team)
    assert trail(withdrawn) == [
        (PackAction.PUBLISHED, published.published_by, ""),
        (PackAction.WITHDRAWN, team, REASON),
        (PackAction.PUBLISHED, team, ""),
    ]
    audit = AuditEvent.objects.filter(action=AuditEvent.Action.PUBLICATION).order_by("pk")
    assert [(e.user, e.detail) for e in audit] == [
        (published.published_by, "Pack of September 2016, version 1: published."),
        (team, f"Pack of September 2016, version 1: withdrawn. Reason: {REASON}"),
        (team, "Pack of September 2016, version 1: published."),
    ]


@pytest.mark.parametrize("reason", ["", "  \n "])
def test_a_withdrawal_without_a_reason_is_refused_and_changes_nothing(published, reason):
    with pytest.raises(services.PackRefused, match="Give the reason"):
        services.withdraw(pack=published, user=None, reason=reason)
    assert Pack.objects.get().is_published
    assert not PackEvent.objects.filter(action=PackAction.WITHDRAWN).exists()


def test_an_unpublished_version_cannot_be_withdrawn(small_month):
    pack = build()
    with pytest.raises(services.PackRefused, match="is not published"):
        services.withdraw(pack=pack, user=None, reason=REASON)
    assert not pack.events.exists()


def test_the_database_refuses_a_withdrawal_without_a_reason(published):
    with pytest.raises(IntegrityError):
        PackEvent.objects.create(pack=published, action=PackAction.WITHDRAWN, reason="")


def test_the_migration_records_the_versions_published_before_the_trail_and_only_those(
    published,
):
    migration = import_module("packs.migrations.0007_pack_events_data")
    PackEvent.objects.all().delete()  # as before the trail existed
    services.withdraw(pack=published, user=None, reason=REASON)
    services.publish(pack=published, user=None)
    PackEvent.objects.filter(action=PackAction.PUBLISHED).delete()
    migration.record_publications(apps, None)
    pack = Pack.objects.get()
    published_event = pack.events.get(action=PackAction.PUBLISHED)
    assert published_event.at == pack.published_at
    migration.forget_publications(apps, None)
    assert [event.action for event in pack.events.all()] == [PackAction.WITHDRAWN]


# --- The page ------------------------------------------------------------------------------


def test_the_team_gives_a_reason_confirms_and_sees_the_trail(published, client_as):
    client = client_as(roles.PERFORMANCE_TEAM, first_name="Ann", last_name="Lee")
    page = text(client.get("/packs/2016-09/v1/"))
    assert f'href="{URL}"' in page and "Withdraw this version" in page

    form = client.get(URL).content.decode()
    assert "<title>Withdraw September 2016, version 1? - " in form
    assert "Why are you withdrawing it?" in form and "Yes, withdraw September 2016" in form
    assert Pack.objects.get().is_published  # asking is not withdrawing

    refused = client.post(URL, {"reason": " "}).content.decode()
    assert "<title>Error: Withdraw" in refused and "govuk-error-summary" in refused
    assert "Answer the question: Why are you withdrawing it?" in refused
    assert Pack.objects.get().is_published

    response = client.post(URL, {"reason": REASON}, follow=True)
    assert response.redirect_chain[-1][0] == "/packs/2016-09/v1/"
    page = text(response)
    assert "is withdrawn: readers no longer see it" in page
    assert "Ready, withdrawn" in page and "Publish the pack" in page
    assert "Withdrawn</strong> " in page and f"by Ann Lee: {REASON}" in page
    assert not Pack.objects.get().is_published
    listed = client.get("/packs/").content.decode()
    assert f"Withdrawn {dates.day(timezone.localtime())} at " in listed


def test_the_page_points_to_reopening_a_published_month(published, client_as):
    ReportingPeriod.objects.create(
        month=MONTH, due_date=MONTH.replace(day=28), status=PeriodStatus.PUBLISHED
    )
    form = client_as(roles.PERFORMANCE_TEAM).get(URL).content.decode()
    assert "stay published" in form and 'href="/returns/periods/2016-09/reopen/"' in form


def test_a_version_not_published_has_nothing_to_withdraw(small_month, client_as):
    build()
    response = client_as(roles.PERFORMANCE_TEAM).get(URL, follow=True)
    assert response.redirect_chain[-1][0] == "/packs/2016-09/v1/"
    assert "is not published: there is nothing to withdraw" in text(response)


@pytest.mark.parametrize("role", [roles.VIEWER, roles.REPORTER, roles.OWNER, roles.QA_UNIT])
def test_only_those_who_may_publish_may_withdraw(published, client_as, role):
    client = client_as(role)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"reason": REASON}).status_code == 403
    assert Pack.objects.get().is_published
    assert "Withdraw this version" not in text(client.get("/packs/2016-09/v1/"))
    assert "Published and withdrawn" not in text(client.get("/packs/2016-09/v1/"))


# --- What readers see afterwards -----------------------------------------------------------


def test_readers_no_longer_see_a_withdrawn_version_anywhere(published, client_as, make_user):
    viewer = client_as(roles.VIEWER)
    assert viewer.get("/packs/2016-09/v1/").status_code == 200
    services.withdraw(pack=published, user=None, reason=REASON)
    assert viewer.get("/packs/").context["table"].paginator.count == 0
    for url in ("/packs/2016-09/", "/packs/2016-09/v1/", "/packs/2016-09/v1/pdf/",
                "/packs/2016-09/v1/status/"):  # fmt: skip
        assert viewer.get(url).status_code == 404, url
    home = viewer.get("/").content.decode()
    assert "No pack has been published yet." in home
    assert REASON not in home


def test_the_home_page_falls_back_to_the_version_still_published(published, client_as):
    second = services.publish(pack=build(), user=None)
    viewer = client_as(roles.VIEWER)
    assert "version 2, published" in viewer.get("/").content.decode().lower()
    services.withdraw(pack=second, user=None, reason=REASON)
    assert viewer.get("/packs/2016-09/").context["pack"] == published
    assert "version 1, published" in viewer.get("/").content.decode().lower()
