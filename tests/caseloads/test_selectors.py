"""The caseload report's figures on a hand-built snapshot, and who sees whose name."""

from datetime import date
from decimal import Decimal

import pytest

from caseloads.models import Team
from caseloads.selectors import (
    IdentityRule,
    band_limits,
    caseload_report,
    distribution,
    identity_rule,
    load_figures,
    one_decimal,
    readable_months,
    report_for,
    snapshot_months,
)
from core import roles
from tests.caseloads.conftest import OCTOBER

pytestmark = pytest.mark.django_db

SEPTEMBER = date(2026, 9, 1)
ROWS = [
    ("A1", "SWF East 1", "SW", 20),  # exactly at the SWF threshold: at or over
    ("A2", "SWF East 1", "NQSW", 22),
    ("A3", "SWF East 1", "SW", 19),
    ("A4", "SWF East 2", "ASYE", 12),  # 12 is under the SWF threshold of 20
    ("A5", "YJS", "Youth justice officer", 12),  # exactly at the YJS threshold: at or over
    ("A6", "YJS", "Youth justice officer", 11),
]


@pytest.fixture
def october(snapshot):
    snapshot(ROWS)
    snapshot([("A1", "SWF East 1", "SW", 25), ("A3", "SWF East 1", "SW", 14)], month=SEPTEMBER)


def figures(row) -> tuple:
    return (row.name, row.practitioners, row.at_or_over, row.mean, row.median, row.max)


def test_overall_figures_count_a_load_exactly_at_the_threshold_as_at_or_over(october):
    report = caseload_report(month=OCTOBER, user_may_see_names=False)
    assert figures(report.overall) == (
        "All practitioners",
        6,
        3,
        Decimal("16.0"),
        Decimal("15.5"),
        22,
    )


def test_practitioners_at_or_over_are_listed_heaviest_first(october):
    report = caseload_report(month=OCTOBER, user_may_see_names=False)
    assert [(p.staff_id, p.allocations, p.threshold) for p in report.at_or_over] == [
        ("A2", 22, 20),
        ("A1", 20, 20),
        ("A5", 12, 12),
    ]
    assert [p.newly_qualified for p in report.at_or_over] == [True, False, False]


def test_figures_by_team(october):
    report = caseload_report(month=OCTOBER, user_may_see_names=False)
    assert [figures(row) for row in report.by_team] == [
        ("SWF East 1", 3, 2, Decimal("20.3"), Decimal("20.0"), 22),
        ("SWF East 2", 1, 0, Decimal("12.0"), Decimal("12.0"), 12),
        ("YJS", 2, 1, Decimal("11.5"), Decimal("11.5"), 12),
    ]


def test_figures_by_status_highlight_newly_qualified_over_threshold(october):
    report = caseload_report(month=OCTOBER, user_may_see_names=False)
    assert [(*figures(row), row.highlighted) for row in report.by_status] == [
        ("SW", 2, 1, Decimal("19.5"), Decimal("19.5"), 20, False),
        ("NQSW", 1, 1, Decimal("22.0"), Decimal("22.0"), 22, True),
        ("ASYE", 1, 0, Decimal("12.0"), Decimal("12.0"), 12, False),
        ("Youth justice officer", 2, 1, Decimal("11.5"), Decimal("11.5"), 12, False),
    ]


def test_distribution_per_service(october):
    report = caseload_report(month=OCTOBER, user_may_see_names=False)
    swf, yjs = report.by_service
    assert (swf.code, swf.threshold, yjs.code, yjs.threshold) == ("SWF", 20, "YJS", 12)
    assert [(b.label, b.practitioners, b.at_or_over) for b in swf.bands] == [
        ("0 to 4", 0, False),
        ("5 to 9", 0, False),
        ("10 to 14", 1, False),
        ("15 to 19", 1, False),
        ("20 to 24", 2, True),
        ("25 to 29", 0, True),
        ("30 or more", 0, True),
    ]
    assert [(b.label, b.practitioners) for b in yjs.bands if b.practitioners] == [
        ("9 to 11", 1),
        ("12 to 14", 1),
    ]


def test_trend_covers_twelve_months_with_gaps_where_no_snapshot(october):
    trend = caseload_report(month=OCTOBER, user_may_see_names=False).trend
    assert [point.month for point in trend][::11] == [date(2025, 11, 1), OCTOBER]
    assert len(trend) == 12
    assert (trend[-1].practitioners, trend[-1].mean, trend[-1].at_or_over) == (
        6,
        Decimal("16.0"),
        3,
    )
    assert (trend[-2].practitioners, trend[-2].mean, trend[-2].at_or_over) == (
        2,
        Decimal("19.5"),
        1,
    )
    assert (trend[-3].practitioners, trend[-3].mean) == (0, None)


def test_json_has_the_keys_the_issue_names(october):
    data = caseload_report(month=OCTOBER, user_may_see_names=False).as_json()
    assert {"practitioners", "at_or_over", "mean", "median", "max", "by_team", "by_status"} <= set(
        data
    )
    assert data["by_team"]["YJS"] == {
        "practitioners": 2,
        "at_or_over": 1,
        "mean": 11.5,
        "median": 11.5,
        "max": 12,
    }
    assert data["by_status"]["NQSW"]["at_or_over"] == 1


def test_figures_of_nobody_are_empty_not_zero():
    assert figures(load_figures("Empty", [])) == ("Empty", 0, 0, None, None, None)


def test_means_round_halves_up():
    assert load_figures("x", [(10, 20), (10, 20), (10, 20), (11, 20)]).mean == Decimal("10.3")
    assert one_decimal(Decimal("0.05")) == Decimal("0.1")


@pytest.mark.parametrize(
    ("threshold", "limits"),
    [
        (20, [0, 5, 10, 15, 20, 25, 30]),
        (12, [0, 3, 6, 9, 12, 15, 18]),
        (15, [0, 6, 9, 12, 15, 18, 21]),
        (1, [0, 1, 2, 3]),
    ],
)
def test_the_threshold_always_starts_a_band(threshold, limits):
    assert band_limits(threshold) == limits
    bands = distribution([threshold, threshold - 1], threshold=threshold)
    assert [b.at_or_over for b in bands if b.practitioners] == [False, True]


def test_snapshot_months_newest_first(october):
    assert snapshot_months() == [OCTOBER, SEPTEMBER]


# --- Which months a reader may read (Caseload.objects.restrict(user, "report")) ----------


@pytest.mark.parametrize(
    ("role", "months"),
    [
        (roles.PERFORMANCE_TEAM, [OCTOBER, SEPTEMBER]),
        (roles.OWNER, [OCTOBER, SEPTEMBER]),
        (roles.VIEWER, [SEPTEMBER]),  # October's return is not published yet
        (roles.REPORTER, []),
        (None, []),
    ],
)
def test_readable_months_of_each_role(october, published, make_user, role, months):
    published(SEPTEMBER)
    assert list(readable_months(user=make_user(role))) == months


def test_a_viewer_reads_no_month_before_its_return_is_published(october, make_user):
    assert list(readable_months(user=make_user(roles.VIEWER))) == []


def test_a_viewer_gets_no_figures_of_an_unpublished_month(october, published, make_user):
    published(SEPTEMBER)
    report = report_for(month=OCTOBER, user=make_user(roles.VIEWER))
    assert report.overall.practitioners == 0 and report.by_team == ()


def test_a_viewers_trend_leaves_out_unpublished_months(october, published, make_user):
    published(OCTOBER)  # September's return is still open
    trend = report_for(month=OCTOBER, user=make_user(roles.VIEWER)).trend
    assert (trend[-1].practitioners, trend[-2].practitioners) == (6, 0)
    team_trend = report_for(month=OCTOBER, user=make_user(roles.PERFORMANCE_TEAM)).trend
    assert (team_trend[-1].practitioners, team_trend[-2].practitioners) == (6, 2)


# --- Who sees whose name ------------------------------------------------------------------


def names_seen(report) -> dict[str, str]:
    return {p.staff_id: p.name for p in report.at_or_over}


def test_the_performance_team_sees_every_name(october, make_user):
    report = report_for(month=OCTOBER, user=make_user(roles.PERFORMANCE_TEAM))
    assert names_seen(report) == {"A2": "Name of A2", "A1": "Name of A1", "A5": "Name of A5"}


def test_a_manager_sees_the_names_of_their_team_only(october, make_user):
    manager = make_user(roles.OWNER)
    manager.managed_teams.add(Team.objects.get(name="SWF East 1"))
    report = report_for(month=OCTOBER, user=manager)
    assert names_seen(report) == {"A2": "Name of A2", "A1": "Name of A1", "A5": ""}


def test_an_owner_who_manages_no_team_sees_staff_identifiers_only(october, make_user):
    report = report_for(month=OCTOBER, user=make_user(roles.OWNER))
    assert names_seen(report) == {"A2": "", "A1": "", "A5": ""}
    assert not report.names_shown


def test_the_scrutiny_panel_sees_aggregates_only(october, published, make_user):
    published(OCTOBER)
    viewer = make_user(roles.VIEWER)
    viewer.managed_teams.add(Team.objects.get(name="SWF East 1"))  # still aggregates only
    report = report_for(month=OCTOBER, user=viewer)
    assert report.aggregates_only and report.at_or_over == ()
    assert report.overall.at_or_over == 3


def test_the_pack_report_shows_identifiers_without_names(october):
    report = caseload_report(month=OCTOBER, user_may_see_names=False)
    assert names_seen(report) == {"A2": "", "A1": "", "A5": ""}
    assert names_seen(caseload_report(month=OCTOBER, user_may_see_names=True))["A5"] == "Name of A5"


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (roles.PERFORMANCE_TEAM, (True, False)),
        (roles.OWNER, (False, False)),
        (roles.VIEWER, (False, True)),
        (roles.REPORTER, (False, True)),
        (roles.QA_UNIT, (False, True)),
    ],
)
def test_identity_rule_by_role(make_user, role, expected):
    rule = identity_rule(make_user(role))
    assert (rule.user_may_see_names, rule.aggregates_only) == expected
    assert rule.named_team_ids == frozenset()


def test_identity_rule_names_the_teams_a_user_manages(make_user, team):
    owner = make_user(roles.OWNER)
    managed = team("SWF West 3")
    team("SWF West 4")
    owner.managed_teams.add(managed)
    assert identity_rule(owner) == IdentityRule(named_team_ids=frozenset({managed.pk}))
