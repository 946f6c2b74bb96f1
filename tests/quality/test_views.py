"""The data-quality, completeness and validation rule pages, by role."""

import html
import itertools

import pytest
from django.urls import reverse

from core import roles
from quality import checks
from quality.models import ValidationRule
from tests.indicators.factories import make_indicator
from tests.quality.conftest import SEPTEMBER, make_rule, with_history

pytestmark = pytest.mark.django_db
PAGES = ("quality:month", "quality:completeness", "quality:rules", "quality:rule-create")


@pytest.mark.parametrize("url_name", PAGES)
@pytest.mark.parametrize("role", [roles.OWNER, roles.REPORTER, roles.QA_UNIT, roles.VIEWER])
def test_only_the_performance_team_opens_the_pages(client_as, url_name, role):
    assert client_as(role).get(reverse(url_name)).status_code == 403


@pytest.mark.parametrize("url_name", PAGES)
def test_anonymous_is_sent_to_sign_in(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_month_page_lists_flagged_values_with_their_messages(client_as, contacts, referrals):
    make_rule(referrals, contacts, severity=checks.ERROR)
    with_history(contacts, "100")
    with_history(referrals, "101")
    response = client_as(roles.PERFORMANCE_TEAM).get(reverse("quality:month") + "?month=2016-09")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Data quality: September 2016" in page
    assert "M2 should be at most M1, but M2 is 101 and M1 is 100." in page
    assert page.count("Not written") == 2 and ">Error<" in page


def test_the_month_page_counts_blank_values(client_as, contacts, referrals):
    with_history(contacts, None)
    with_history(referrals, None)
    referrals.values.filter(month=SEPTEMBER).update(blank_reason="measure_ended")
    response = client_as(roles.PERFORMANCE_TEAM).get(reverse("quality:month") + "?month=2016-09")
    assert "Blank values" in response.content.decode()
    assert response.context["quality"].blank == 2
    assert ">2, 1 of them without a reason<" in response.content.decode()


def test_a_malformed_month_is_not_found(client_as):
    client = client_as(roles.PERFORMANCE_TEAM)
    assert client.get(reverse("quality:month") + "?month=2016-13").status_code == 404


def test_the_completeness_page_names_who_to_chase(client_as, make_user, contacts):
    contacts.reporter = make_user(roles.REPORTER, first_name="Rita", last_name="Reporter")
    contacts.save()
    response = client_as(roles.PERFORMANCE_TEAM).get(
        reverse("quality:completeness") + "?month=2016-09"
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Completeness: September 2016" in page
    assert "Rita Reporter" in page and "enter and pass on" in page
    assert "<svg" in page and "Twelve-month trend" in page


def test_adding_a_rule_records_who(client_as, contacts, referrals):
    client = client_as(roles.PERFORMANCE_TEAM)
    response = client.post(
        reverse("quality:rule-create"),
        {
            "left": referrals.pk,
            "left_factor": "1",
            "operator": checks.AT_MOST,
            "right_indicator": contacts.pk,
            "right_factor": "1",
            "right_divisor": "1",
            "severity": checks.ERROR,
            "message": "Referrals cannot exceed contacts",
            "active": "on",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("quality:rules")
    rule = ValidationRule.objects.get()
    assert str(rule) == "M2 \u2264 M1"
    assert rule.updated_by.username.startswith("performance")
    assert rule.history.get().history_user == rule.updated_by


def test_a_within_rule_without_its_n_is_refused_with_a_reason(client_as, contacts, referrals):
    response = client_as(roles.PERFORMANCE_TEAM).post(
        reverse("quality:rule-create"),
        {
            "left": referrals.pk,
            "left_factor": "1",
            "operator": checks.WITHIN,
            "right_indicator": contacts.pk,
            "right_factor": "1",
            "right_divisor": "1",
            "severity": checks.WARNING,
            "message": "Rates agree",
        },
    )
    assert response.status_code == 200
    assert 'Give N (0 or more) for "is within N % of"' in html.unescape(response.content.decode())
    assert not ValidationRule.objects.exists()


def test_editing_a_rule(client_as, contacts, referrals):
    rule = make_rule(referrals, contacts)
    client = client_as(roles.PERFORMANCE_TEAM)
    page = client.get(reverse("quality:rule-edit", args=[rule.pk]))
    assert page.status_code == 200 and 'value="1"' in page.content.decode()
    client.post(
        reverse("quality:rule-edit", args=[rule.pk]),
        {
            "left": referrals.pk,
            "left_factor": "1",
            "operator": checks.LESS_THAN,
            "right_indicator": contacts.pk,
            "right_factor": "1",
            "right_divisor": "1",
            "severity": checks.WARNING,
            "message": "Referrals are fewer than contacts",
        },
    )
    rule.refresh_from_db()
    assert (rule.operator, rule.active) == (checks.LESS_THAN, False)


def test_the_rule_list_in_constant_queries(client_as, django_assert_max_num_queries):
    client = client_as(roles.PERFORMANCE_TEAM)
    client.get(reverse("quality:rules"))  # sessions and permissions are read once
    for count, prefix in ((3, "A"), (40, "B")):
        indicators = [make_indicator(f"{prefix}{n}") for n in range(count + 1)]
        for left, right in itertools.pairwise(indicators):
            make_rule(left, right)
        with django_assert_max_num_queries(7):
            response = client.get(reverse("quality:rules"))
        assert response.status_code == 200
