"""The search box on every page and its results page: who may search, what each finds,
plain words for a query too long, and a constant number of queries."""

import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from core import roles
from indicators.models import Area, Indicator
from packs.models import Pack, Status

pytestmark = pytest.mark.django_db

SEARCH = reverse("search:results")


def test_signing_in_comes_first(client):
    assert client.get(SEARCH, {"q": "M1"})["Location"].startswith("/login/")


def test_the_search_box_is_in_the_header_of_every_signed_in_page(client_as, client):
    assert 'id="site-search"' not in client.get("/login/").content.decode()
    signed_in = client_as(roles.VIEWER)
    for url in ("/", "/accessibility/", SEARCH):
        html = signed_in.get(url).content.decode()
        header = html.split("<header", 1)[1].split("</header>", 1)[0]
        assert 'role="search"' in header and f'action="{SEARCH}"' in header
        assert '<label class="govuk-visually-hidden" for="site-search">' in header


@pytest.mark.parametrize("role", [*roles.ROLES, None])
def test_every_signed_in_user_may_search(client_as, role):
    assert client_as(role).get(SEARCH, {"q": "anything"}).status_code == 200


def test_an_empty_search_shows_the_box_and_no_error(client_as):
    html = client_as(roles.VIEWER).get(SEARCH, {"q": "  "}).content.decode()
    assert '<h1 class="govuk-heading-l">Search</h1>' in html
    assert "govuk-error-summary" not in html and "Found" not in html


def test_the_performance_team_finds_indicators_people_and_packs(client_as, catalogue, built_packs):
    client = client_as(roles.PERFORMANCE_TEAM)
    html = client.get(SEARCH, {"q": "m1"}).content.decode()
    assert "Search results for “m1”" in html
    assert f'href="/indicators/{catalogue.m1.pk}/">M1: Number of contacts received' in html
    assert f'href="/indicators/{catalogue.m10.pk}/">M10:' in html
    html = client.get(SEARCH, {"q": "Mary Hardy"}).content.decode()
    assert '<h3 class="govuk-heading-s">Mary Hardy</h3>' in html
    assert f'href="/indicators/{catalogue.m2.pk}/" title="Number of new referrals' in html
    html = client.get(SEARCH, {"q": "sep 2016"}).content.decode()
    assert 'href="/packs/2016-09/">Performance pack: September 2016</a>' in html
    assert "version 1, not published" in html


def test_a_viewer_finds_nothing_they_could_not_open(client_as, catalogue, built_packs):
    client = client_as(roles.VIEWER)
    html = client.get(SEARCH, {"q": "number"}).content.decode()
    assert f"/indicators/{catalogue.m1.pk}/" in html
    assert f"/indicators/{catalogue.m2.pk}/" not in html  # not in a published pack
    html = client.get(SEARCH, {"q": "2016"}).content.decode()
    assert "/packs/2016-08/" in html and "/packs/2016-09/" not in html
    # Every result opens for them.
    for url in (f"/indicators/{catalogue.m1.pk}/", "/packs/2016-08/"):
        assert client.get(url).status_code == 200
    html = client.get(SEARCH, {"q": "Mary Hardy"}).content.decode()
    assert "Nothing you may open matches “Mary Hardy”" in html


def test_a_query_too_long_is_refused_in_plain_words(client_as):
    response = client_as(roles.VIEWER).get(SEARCH, {"q": "x" * 101})
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Search for 100 characters or fewer: the search box holds 101" in html
    assert response.context["results"] is None


def test_a_query_is_shown_as_text(client_as, catalogue):
    html = client_as(roles.PERFORMANCE_TEAM).get(SEARCH, {"q": "<b>M1</b>"}).content.decode()
    assert "<b>M1</b>" not in html and "&lt;b&gt;M1&lt;/b&gt;" in html


def test_past_fifty_indicators_the_reader_is_asked_to_narrow_the_search(client_as, catalogue):
    area = Area.objects.get(name="MASH")
    Indicator.objects.bulk_create(
        Indicator(ref=f"X{n}", title=f"Extra {n}", area=area) for n in range(60)
    )
    html = client_as(roles.PERFORMANCE_TEAM).get(SEARCH, {"q": "extra"}).content.decode()
    assert len(re.findall(r'href="/indicators/\d+/"', html)) == 50
    assert "More than 50 indicators match." in html
    assert 'href="/indicators/?q=extra">Every indicator' in html


def _many(count: int) -> None:
    """``count`` indicators, each with its own owner and reporter, and ``count`` packs."""
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"person{n}", first_name="Pat", last_name=f"Person{n}")
        for n in range(2 * count)
    )
    area = Area.objects.get_or_create(name="MASH")[0]
    Indicator.objects.bulk_create(
        Indicator(
            ref=f"P{n}", title=f"Pat's measure {n}", area=area,
            owner=users[2 * n], reporter=users[2 * n + 1],
        )
        for n in range(count)
    )  # fmt: skip
    Pack.objects.bulk_create(
        Pack(month=date(2000 + n // 12, n % 12 + 1, 1), version=1, status=Status.READY)
        for n in range(count)
    )


@pytest.mark.parametrize("count", [5, 200])
@pytest.mark.parametrize("role", [roles.PERFORMANCE_TEAM, roles.VIEWER])
@pytest.mark.parametrize("query", ["pat", "2005", "p1"])
def test_the_results_page_runs_a_constant_number_of_queries(
    client_as, django_assert_max_num_queries, count, role, query
):
    _many(count)
    client = client_as(role)
    # The session, the user, their permissions (2) and role; one query a kind.
    with django_assert_max_num_queries(8):
        response = client.get(SEARCH, {"q": query})
    assert response.status_code == 200
    if role == roles.PERFORMANCE_TEAM and query == "pat":
        assert len(response.context["results"].people) == min(2 * count, 51)
