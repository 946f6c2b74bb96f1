"""What a search finds, and that it finds only what the reader may open."""

from datetime import date

import pytest

from core import roles
from search.selectors import MonthTerm, indicators, month_term, packs, people, search

pytestmark = pytest.mark.django_db


def refs(found) -> list[str]:
    return [indicator.ref for indicator in found]


@pytest.mark.parametrize(
    ("query", "term"),
    [
        ("September 2016", MonthTerm(month=date(2016, 9, 1))),
        ("sep 2016", MonthTerm(month=date(2016, 9, 1))),
        ("Sept 2016", MonthTerm(month=date(2016, 9, 1))),
        ("2016-09", MonthTerm(month=date(2016, 9, 1))),
        ("Sep-16", MonthTerm(month=date(2016, 9, 1))),
        ("2016", MonthTerm(year=2016)),
        ("september", MonthTerm(month_number=9)),
        ("M1", MonthTerm()),
        ("LAC10", MonthTerm()),  # letters and digits, but no month
        ("contacts", MonthTerm()),
    ],
)
def test_months_are_read_as_people_write_them(query, term):
    assert month_term(query) == term


def test_indicators_by_ref_the_exact_ref_first(make_user, catalogue):
    team = make_user(roles.PERFORMANCE_TEAM)
    assert refs(indicators(user=team, query="m1")) == ["M1", "M10"]
    assert refs(indicators(user=team, query="M10")) == ["M10"]


def test_indicators_by_every_word_of_the_title_in_any_order(make_user, catalogue):
    team = make_user(roles.PERFORMANCE_TEAM)
    assert refs(indicators(user=team, query="number")) == ["M1", "M2", "CP1"]
    assert refs(indicators(user=team, query="need referrals")) == ["M2"]
    assert refs(indicators(user=team, query="referrals nothing")) == []


def test_a_viewer_finds_only_the_indicators_of_published_packs(make_user, catalogue):
    viewer = make_user(roles.VIEWER)
    assert refs(indicators(user=viewer, query="number")) == ["M1", "CP1"]  # not M2


def test_people_by_name_with_what_they_own_and_report(make_user, catalogue):
    team = make_user(roles.PERFORMANCE_TEAM)
    (stuart,) = people(user=team, query="stuart webb")
    assert stuart.name == "Stuart Webb" and stuart.account_id is not None
    assert (refs(stuart.owns), refs(stuart.reports)) == ([], ["M1", "CP1"])
    (phil,) = people(user=team, query="Bullingham")
    assert (refs(phil.owns), refs(phil.reports)) == (["M1", "M2"], [])


def test_a_person_named_only_in_the_dataset_is_found_too(make_user, catalogue):
    (mary,) = people(user=make_user(roles.PERFORMANCE_TEAM), query="hardy")
    assert (mary.name, mary.account_id, refs(mary.reports)) == ("Mary Hardy", None, ["M2"])


def test_a_person_is_found_by_their_name_not_by_the_other_part_of_the_indicator(
    make_user, catalogue
):
    # M1's owner is Phil: a search for Phil does not list M1's reporter Stuart.
    found = people(user=make_user(roles.PERFORMANCE_TEAM), query="phil")
    assert [person.name for person in found] == ["Phil Bullingham"]


def test_a_viewer_finds_people_only_through_indicators_they_may_open(make_user, catalogue):
    viewer = make_user(roles.VIEWER)
    assert people(user=viewer, query="hardy") == []  # M2 is not published
    (phil,) = people(user=viewer, query="phil")
    assert refs(phil.owns) == ["M1"]


def _packs(user, query):
    return packs(user=user, query=query)


def test_packs_by_month_one_entry_a_month_its_newest_ready_version(make_user, built_packs):
    team = make_user(roles.PERFORMANCE_TEAM)
    (august,) = _packs(team, "August 2016")
    assert (august.month, august.version, august.name) == (date(2016, 8, 1), 2, "August 2016")
    assert august.published_at == built_packs["august 2"].published_at
    assert [pack.name for pack in _packs(team, "2016")] == ["September 2016", "August 2016"]
    assert [pack.name for pack in _packs(team, "september")] == ["September 2016"]
    assert _packs(team, "July 2016") == []  # its build failed: nothing to open


def test_a_viewer_finds_published_packs_only(make_user, built_packs):
    viewer = make_user(roles.VIEWER)
    assert [pack.name for pack in _packs(viewer, "2016")] == ["August 2016"]
    assert _packs(viewer, "sep 2016") == []


def test_a_user_without_a_role_finds_no_pack(make_user, built_packs):
    assert _packs(make_user(None), "2016") == []


def test_one_search_finds_every_kind(make_user, catalogue, built_packs):
    results = search(user=make_user(roles.PERFORMANCE_TEAM), query="September 2016")
    assert results.packs and not results.indicators and not results.people
    assert results.count == 1
