"""Where the checks meet the database: flags on values, the commentary rule, the import hook."""

import itertools
from datetime import date

import pytest

from core import roles
from imports.plans import Severity
from indicators.models import BlankReason, MonthlyValue, Unit, ValueState
from quality import checks
from quality.models import OutlierSetting
from quality.selectors import (
    commentary_refusals,
    flags_for,
    fraction_question,
    month_quality,
    problems_for_values,
)
from tests.indicators.factories import make_indicator
from tests.quality.conftest import SEPTEMBER, D, make_rule, september_of, with_history

pytestmark = pytest.mark.django_db


def test_an_error_rule_flags_both_values_it_is_on(contacts, referrals):
    make_rule(referrals, contacts, severity=checks.ERROR)
    m1 = september_of(with_history(contacts, "100"))
    m2 = september_of(with_history(referrals, "101"))
    flagged = flags_for(monthly_values=[m1, m2])
    assert [flag.kind for flag in flagged[m1.pk]] == ["rule"]
    assert flagged[m1.pk] == flagged[m2.pk]
    assert flagged[m1.pk][0].is_error
    assert "M2 should be at most M1, but M2 is 101 and M1 is 100" in flagged[m1.pk][0].message


def test_a_rule_reads_the_partner_value_from_the_database(contacts, referrals):
    make_rule(referrals, contacts)
    with_history(contacts, "100")
    m2 = september_of(with_history(referrals, "101"))
    assert [flag.refs for flag in flags_for(monthly_values=[m2])[m2.pk]] == [("M2", "M1")]


def test_inactive_rules_are_not_checked(contacts, referrals):
    make_rule(referrals, contacts, active=False)
    with_history(contacts, "100")
    m2 = september_of(with_history(referrals, "101"))
    assert flags_for(monthly_values=[m2]) == {m2.pk: []}


def test_an_outlier_is_flagged_and_an_ordinary_value_is_not(contacts, referrals):
    jump = september_of(with_history(contacts, "160"))
    ordinary = september_of(with_history(referrals, "103"))
    flagged = flags_for(monthly_values=[jump, ordinary])
    assert [flag.kind for flag in flagged[jump.pk]] == ["outlier"]
    assert flagged[ordinary.pk] == []


def test_the_outlier_setting_raises_the_floor_and_marks_seasons(contacts):
    jump = september_of(with_history(contacts, "160"))
    OutlierSetting.objects.create(indicator=contacts, minimum_change=D(100))
    assert flags_for(monthly_values=[jump]) == {jump.pk: []}


def test_the_value_being_typed_is_checked_before_it_is_saved(contacts):
    value = september_of(with_history(contacts, "100"))
    value.value = D(160)
    assert [flag.kind for flag in flags_for(monthly_values=[value])[value.pk]] == ["outlier"]


def test_flags_for_reads_in_constant_queries(django_assert_max_num_queries):
    def month_of(count: int, prefix: str):
        indicators = [make_indicator(f"{prefix}{n}") for n in range(count)]
        for indicator in indicators:
            with_history(indicator, "100")
        for left, right in itertools.pairwise(indicators):
            make_rule(left, right)
        return list(MonthlyValue.objects.filter(indicator__in=indicators, month=SEPTEMBER))

    for rows in (month_of(3, "A"), month_of(30, "B")):
        with django_assert_max_num_queries(3):
            flags_for(monthly_values=rows)


# --- The commentary rule -----------------------------------------------------------------


def _loaded(value: MonthlyValue) -> MonthlyValue:
    return MonthlyValue.objects.select_related("indicator").get(pk=value.pk)


def test_a_flagged_value_needs_commentary_before_it_is_passed_on(contacts):
    flagged = _loaded(september_of(with_history(contacts, "160")))
    (refusal,) = commentary_refusals(monthly_values=[flagged])
    assert refusal.startswith("M1, September 2016 is flagged: write commentary that explains it")
    assert "M1 is 160, far from its usual level" in refusal


def test_commentary_satisfies_the_rule(contacts):
    september_of(with_history(contacts, "160"))
    MonthlyValue.objects.filter(month=SEPTEMBER).update(commentary="A new contact route opened.")
    explained = _loaded(MonthlyValue.objects.get(month=SEPTEMBER))
    assert commentary_refusals(monthly_values=[explained]) == []


def test_an_unflagged_value_needs_no_commentary(contacts):
    quiet = _loaded(september_of(with_history(contacts, "101")))
    assert quiet.commentary == ""
    assert commentary_refusals(monthly_values=[quiet]) == []


# --- The import preview's hook -----------------------------------------------------------


def test_an_error_rule_is_an_error_of_the_import_on_the_files_row_and_column(contacts, referrals):
    make_rule(referrals, contacts, severity=checks.ERROR)
    with_history(contacts, "100")
    with_history(referrals, "90")
    (problem,) = problems_for_values(
        month_values={("M2", SEPTEMBER): D(101)},
        locations={("M2", SEPTEMBER): (7, "Sep 16")},
    )
    assert problem.severity == Severity.ERROR
    assert (problem.line, problem.column, problem.context) == (
        7,
        "Sep 16",
        "M2, M1, September 2016",
    )
    assert "M2 is 101 and M1 is 100" in problem.message


def test_warning_rules_and_outliers_are_warnings(contacts, referrals):
    make_rule(referrals, contacts)
    with_history(contacts, "100")
    problems = problems_for_values(
        month_values={("M1", SEPTEMBER): D(40), ("M2", SEPTEMBER): D(50)}
    )
    assert {(problem.severity, problem.context) for problem in problems} == {
        (Severity.WARNING, "M1, September 2016"),  # 40 after a steady 100: an outlier
        (Severity.WARNING, "M2, M1, September 2016"),
    }


def test_only_what_the_file_changes_is_checked(contacts, referrals):
    make_rule(referrals, contacts, severity=checks.ERROR)
    with_history(contacts, "100")
    with_history(referrals, "150")  # already broken in the database: not this file's doing
    assert problems_for_values(month_values={("M2", SEPTEMBER): D(150)}) == []
    assert problems_for_values(month_values={("M1", SEPTEMBER): D(100)}) == []
    (problem,) = problems_for_values(month_values={("M1", SEPTEMBER): D(99)})
    assert problem.severity == Severity.ERROR


def test_values_of_indicators_not_in_the_catalogue_are_left_alone(contacts):
    assert problems_for_values(month_values={("NEW1", SEPTEMBER): D(5)}) == []
    assert problems_for_values(month_values={}) == []


# --- The month's page --------------------------------------------------------------------


def test_month_quality_lists_flagged_values_errors_first(make_user, contacts, referrals):
    make_rule(referrals, contacts, severity=checks.ERROR)
    other = make_indicator("CP1")
    with_history(other, "160")  # an outlier, a warning
    with_history(contacts, "100")
    with_history(referrals, "101")
    quality = month_quality(month=SEPTEMBER, user=make_user(roles.PERFORMANCE_TEAM))
    assert quality.checked == 3
    assert [item.monthly_value.indicator.ref for item in quality.flagged] == ["M1", "M2", "CP1"]
    assert (quality.errors, quality.unexplained) == (2, 3)


def test_month_quality_shows_only_values_the_user_may_read(make_user, contacts):
    with_history(contacts, "160", state=ValueState.DRAFT)
    viewer = make_user(roles.VIEWER)
    assert month_quality(month=SEPTEMBER, user=viewer).flagged == []
    assert month_quality(month=date(2016, 8, 1), user=viewer).checked == 0


def test_month_quality_counts_blank_values_with_and_without_a_reason(make_user, contacts):
    """Issue 26: blanks are counted; a derived indicator's value is computed, never blank."""
    with_history(contacts, None)
    with_history(make_indicator("M4"), None)
    MonthlyValue.objects.filter(indicator__ref="M4", month=SEPTEMBER).update(
        blank_reason=BlankReason.NOT_YET_AVAILABLE
    )
    with_history(make_indicator("M5"), "7")
    with_history(make_indicator("M1-NI", numerator=contacts, scale=D(10_000)), None)
    quality = month_quality(month=SEPTEMBER, user=make_user(roles.PERFORMANCE_TEAM))
    assert (quality.blank, quality.blank_without_reason) == (2, 1)


def test_a_fraction_typed_for_a_percentage_is_questioned_before_it_is_saved(db):
    share = make_indicator("M3", unit=Unit.PERCENTAGE)
    typed = september_of(with_history(share, "28", steady=["22", "25", "31", "28"] * 3))
    assert fraction_question(monthly_value=typed, value=D("0.28")).startswith(
        "M3 is 0.28%, but its last 12 values were 22% to 31%: did you mean 28%?"
    )
    assert fraction_question(monthly_value=typed, value=D("27")) is None
    assert typed.value == 28  # the value itself is left as it is
