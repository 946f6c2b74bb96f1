"""The monthly audit analysis on a hand-built cycle, and its fixed number of queries."""

from datetime import date

import pytest

from audits.models import Answer, AuditCycle, Grade, Status
from audits.selectors import audit_report, share

pytestmark = pytest.mark.django_db


@pytest.fixture
def hand_built(make_audit, cycle):
    """SWF: 4 completed (1 outstanding, 2 good, 1 RI), 1 not completed, 1 still allocated.
    BIT: 1 completed (inadequate). CWD: 2 allocated, none completed."""
    for grade, discussion, chronology in [
        (Grade.OUTSTANDING, True, Answer.YES),
        (Grade.GOOD, True, Answer.YES),
        (Grade.GOOD, False, Answer.NO),
        (Grade.REQUIRES_IMPROVEMENT, False, Answer.NOT_APPLICABLE),
    ]:
        make_audit(
            status=Status.COMPLETED,
            grade=grade,
            practitioner_discussion=discussion,
            chronology=chronology,
            good_practice=f"Good: {grade}",
        )
    make_audit(status=Status.NOT_COMPLETED)
    make_audit()
    make_audit(
        service_area="BIT",
        status=Status.COMPLETED,
        grade=Grade.INADEQUATE,
        practitioner_discussion=True,
        chronology=Answer.NO,
        improvement="Chronology missing.",
    )
    make_audit(service_area="CWD")
    make_audit(service_area="CWD")
    return cycle


def by_area(report):
    return {area.short_name: area for area in report.by_service_area}


def test_overall_figures(hand_built):
    overall = audit_report(cycle=hand_built).overall
    assert (overall.allocated, overall.completed, overall.not_completed) == (9, 5, 1)
    assert overall.still_allocated == 3
    assert float(overall.completion_rate) == pytest.approx(5 / 9 * 100)
    assert overall.grades == {
        "outstanding": 1,
        "good": 2,
        "requires_improvement": 1,
        "inadequate": 1,
    }
    assert float(overall.grade_shares["good"]) == pytest.approx(40.0)
    assert float(overall.good_or_better_share) == pytest.approx(60.0)
    assert float(overall.discussion_share) == pytest.approx(60.0)


def test_figures_per_service_area(hand_built):
    areas = by_area(audit_report(cycle=hand_built))
    swf, bit = areas["SWF"], areas["BIT"]
    assert (swf.allocated, swf.completed, swf.not_completed) == (6, 4, 1)
    assert float(swf.good_or_better_share) == pytest.approx(75.0)
    assert float(swf.discussion_share) == pytest.approx(50.0)
    assert float(swf.grade_shares["requires_improvement"]) == pytest.approx(25.0)
    assert bit.good_or_better_share == 0.0
    assert float(bit.grade_shares["inadequate"]) == pytest.approx(100.0)


def test_an_area_with_no_completed_audits_has_no_shares_not_a_division_error(hand_built):
    areas = by_area(audit_report(cycle=hand_built))
    cwd, adoption = areas["CWD"], areas["Adoption"]
    assert (cwd.allocated, cwd.completed, cwd.completion_rate) == (2, 0, 0.0)
    assert cwd.good_or_better_share is None and cwd.discussion_share is None
    assert set(cwd.grade_shares.values()) == {None}
    assert adoption.allocated == 0 and adoption.completion_rate is None


def test_focus_5_compliance_leaves_out_not_applicable(hand_built):
    areas = by_area(audit_report(cycle=hand_built))
    chronology = areas["SWF"].focus_5[0]
    assert (chronology.yes, chronology.no, chronology.not_applicable) == (2, 1, 1)
    assert float(chronology.compliance) == pytest.approx(2 / 3 * 100)
    assert areas["BIT"].focus_5[0].compliance == 0.0
    assert areas["BIT"].focus_5[1].compliance is None  # no yes-or-no answer


def test_points_grouped_by_service_area(hand_built):
    points = {p.service_area: p for p in audit_report(cycle=hand_built).points}
    assert sorted(points) == ["BIT", "SWF"]
    assert len(points["SWF"].good_practice) == 4 and points["SWF"].improvement == []
    assert points["BIT"].improvement == ["Chronology missing."]


def test_json_keys_per_the_issue(hand_built):
    data = audit_report(cycle=hand_built).as_dict()
    keys = {
        "allocated",
        "completed",
        "not_completed",
        "completion_rate",
        "grades",
        "grade_shares",
        "good_or_better_share",
        "discussion_share",
    }
    assert keys <= set(data)
    assert keys <= set(data["by_service_area"]["SWF"])
    assert data["completion_rate"] == 55.6
    assert data["by_service_area"]["CWD"]["good_or_better_share"] is None


def test_trend_covers_the_last_twelve_cycles_up_to_the_report(make_audit):
    cycles = [AuditCycle.objects.create(month=date(2023, month, 1)) for month in range(1, 13)]
    cycles.append(AuditCycle.objects.create(month=date(2024, 1, 1)))
    later = AuditCycle.objects.create(month=date(2024, 2, 1))
    make_audit(cycle=cycles[-1], status=Status.COMPLETED, grade=Grade.GOOD)
    make_audit(cycle=cycles[-1], status=Status.COMPLETED, grade=Grade.INADEQUATE)
    make_audit(cycle=later, status=Status.COMPLETED, grade=Grade.GOOD)
    trend = audit_report(cycle=cycles[-1]).trend
    assert [point.month for point in trend] == [c.month for c in cycles[1:]]
    assert trend[-1].grade_shares["good"] == pytest.approx(50.0)
    assert trend[0].completed == 0 and trend[0].good_or_better_share is None


def test_share():
    assert share(1, 4) == 25.0
    assert share(3, 0) is None


@pytest.mark.parametrize("per_area", [1, 34])
def test_report_queries_do_not_grow_with_audits(
    make_audit, cycle, django_assert_max_num_queries, per_area
):
    for area in ["SWF", "BIT", "CWD", "YPS", "PTC", "ICAS", "Adoption", "Fostering", "C&FF"]:
        for _ in range(per_area):
            make_audit(service_area=area, status=Status.COMPLETED, good_practice="Clear plan.")
    assert AuditCycle.objects.get().audits.count() == 9 * per_area
    with django_assert_max_num_queries(5):
        report = audit_report(cycle=cycle)
    assert report.overall.completed == 9 * per_area
