"""Pages: who may open what, recording and allocating through the forms, lists' queries."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from audits.models import Audit, AuditCycle, Grade, ServiceArea, Status
from core import roles
from core.navigation import menu_for

pytestmark = pytest.mark.django_db

COMPLETE = {
    "status": "completed",
    "grade": "good",
    "practitioner_discussion": "True",
    "chronology": "yes",
    "case_summary": "yes",
    "genogram": "na",
    "supervision_in_timescale": "no",
    "visit_in_timescale": "yes",
    "good_practice": "Clear plan.",
    "improvement": "Update the summary.",
}


def report_url(cycle: AuditCycle) -> str:
    return reverse("audits:report", kwargs={"month": cycle.month})


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (roles.QA_UNIT, 200),
        (roles.PERFORMANCE_TEAM, 403),
        (roles.OWNER, 403),
        (roles.VIEWER, 403),
        (None, 403),
    ],
)
def test_the_audit_list_is_the_qa_units(client_as, role, status):
    assert client_as(role).get(reverse("audits:list")).status_code == status


def test_pages_need_sign_in(client, cycle):
    for url in [reverse("audits:list"), reverse("audits:mine"), report_url(cycle)]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_my_audits_lists_only_the_users_own(client, make_audit, make_user):
    mine = make_audit(case_reference="CD100001")
    make_audit(case_reference="CD100002", auditor=make_user())
    client.force_login(mine.auditor)
    html = client.get(reverse("audits:mine")).content.decode()
    assert "CD100001" in html and "CD100002" not in html


def test_a_practice_managers_home_page_counts_their_audits(
    client_as, make_audit, django_user_model
):
    client = client_as(roles.PRACTICE_MANAGER)
    manager = django_user_model.objects.get(pk=client.session["_auth_user_id"])
    make_audit(auditor=manager)
    make_audit(auditor=manager)
    make_audit(auditor=manager, status=Status.COMPLETED)
    make_audit()  # another auditor's
    panel = client.get("/").context["panels"]
    mine = next(item["mine"] for item in panel if "mine" in item)
    assert (mine.to_record, mine.completed, mine.not_completed) == (2, 1, 0)
    assert 'href="/audits/mine/">Record your audits' in client.get("/").content.decode()


def test_an_auditor_records_their_audit(client, make_audit):
    audit = make_audit()
    client.force_login(audit.auditor)
    url = reverse("audits:record", kwargs={"pk": audit.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, COMPLETE)
    assert response.status_code == 302 and response["Location"] == reverse("audits:mine")
    audit.refresh_from_db()
    assert (audit.status, audit.grade, audit.practitioner_discussion) == (
        Status.COMPLETED,
        Grade.GOOD,
        True,
    )
    assert (audit.genogram, audit.supervision_in_timescale) == ("na", "no")
    assert audit.recorded_by == audit.auditor and audit.completed_on is not None


def test_another_auditors_audit_is_not_found(client, make_audit, make_user):
    audit = make_audit()
    client.force_login(make_user())
    url = reverse("audits:record", kwargs={"pk": audit.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, COMPLETE).status_code == 404
    audit.refresh_from_db()
    assert audit.status == Status.ALLOCATED


def test_a_draft_is_saved_half_filled(client, make_audit):
    audit = make_audit()
    client.force_login(audit.auditor)
    url = reverse("audits:record", kwargs={"pk": audit.pk})
    response = client.post(url, {"status": "allocated", "chronology": "yes", "grade": "good"})
    assert response.status_code == 302
    audit.refresh_from_db()
    assert (audit.status, audit.chronology, audit.grade) == (Status.ALLOCATED, "yes", "good")


def test_completing_needs_a_grade_and_every_answer(client, make_audit):
    audit = make_audit()
    client.force_login(audit.auditor)
    url = reverse("audits:record", kwargs={"pk": audit.pk})
    response = client.post(url, {"status": "completed"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and "<title>Error: " in html
    assert "A completed audit needs a grade." in html
    assert "To complete the audit, answer: Cultural genogram." in html
    audit.refresh_from_db()
    assert audit.status == Status.ALLOCATED


def test_a_not_completed_audit_cannot_have_a_grade(client, make_audit):
    audit = make_audit()
    client.force_login(audit.auditor)
    url = reverse("audits:record", kwargs={"pk": audit.pk})
    response = client.post(url, {"status": "not_completed", "grade": "good"})
    assert "An audit that was not completed cannot have a grade." in response.content.decode()


def test_the_qa_unit_allocates_many_audits_at_once(client_as, make_user, area):
    auditor = make_user()
    response = client_as(roles.QA_UNIT).post(
        reverse("audits:allocate"),
        {
            "month": "2024-04",
            "service_area": area("SWF").pk,
            "auditor": auditor.pk,
            "case_references": "CD000001\r\ncd000002\r\n\r\nCD000003",
        },
    )
    assert response.status_code == 302
    audits = Audit.objects.filter(cycle__month=date(2024, 4, 1), auditor=auditor)
    assert sorted(audits.values_list("case_reference", flat=True)) == [
        "CD000001",
        "CD000002",
        "CD000003",
    ]


def test_allocation_refuses_a_name_saying_why_and_allocates_nothing(client_as, make_user, area):
    response = client_as(roles.QA_UNIT).post(
        reverse("audits:allocate"),
        {
            "month": "2024-04",
            "service_area": area("SWF").pk,
            "auditor": make_user().pk,
            "case_references": "CD000001\nJane Smith",
        },
    )
    html = response.content.decode()
    assert "Line 2: This looks like a person&#x27;s name" in html
    assert not Audit.objects.exists()


def test_allocation_refuses_a_case_already_allocated(client_as, make_audit, make_user, area):
    make_audit(case_reference="CD000001")
    response = client_as(roles.QA_UNIT).post(
        reverse("audits:allocate"),
        {
            "month": "2024-03",
            "service_area": area("BIT").pk,
            "auditor": make_user().pk,
            "case_references": "CD000001\nCD000009",
        },
    )
    assert "Already allocated in March 2024: CD000001." in response.content.decode()
    assert Audit.objects.count() == 1


@pytest.mark.parametrize("role", [roles.OWNER, roles.VIEWER, None])
def test_only_the_qa_unit_allocates_and_edits_allocations(client_as, make_audit, role):
    audit = make_audit()
    client = client_as(role)
    assert client.get(reverse("audits:allocate")).status_code == 403
    assert client.get(reverse("audits:allocation", kwargs={"pk": audit.pk})).status_code == 403


def test_the_qa_unit_edits_an_allocation(client_as, make_audit, make_user, area):
    audit = make_audit()
    other = make_user()
    response = client_as(roles.QA_UNIT).post(
        reverse("audits:allocation", kwargs={"pk": audit.pk}),
        {"service_area": area("CWD").pk, "case_reference": "cd999999", "auditor": other.pk},
    )
    assert response.status_code == 302
    audit.refresh_from_db()
    assert (audit.service_area.short_name, audit.case_reference, audit.auditor) == (
        "CWD",
        "CD999999",
        other,
    )


@pytest.mark.parametrize("role", [roles.QA_UNIT, roles.PERFORMANCE_TEAM, roles.OWNER])
def test_report_readers_read_any_cycle(client_as, cycle, make_audit, role):
    make_audit(service_area="BIT", status=Status.COMPLETED, grade=Grade.GOOD)
    response = client_as(role).get(report_url(cycle))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Percentages are of <strong>completed audits</strong>" in html
    assert "no completed audits" in html  # the other areas
    assert html.count("<h1") == 1


def test_viewers_read_only_published_reports(client_as, cycle):
    client = client_as(roles.VIEWER)
    assert client.get(report_url(cycle)).status_code == 404
    assert "March 2024" not in client.get(reverse("audits:cycles")).content.decode()
    cycle.published_at = "2024-04-02T09:00Z"
    cycle.save()
    assert client.get(report_url(cycle)).status_code == 200
    assert "March 2024" in client.get(reverse("audits:cycles")).content.decode()


def test_a_viewers_trend_leaves_out_cycles_not_yet_published(client_as, cycle, make_audit):
    april = AuditCycle.objects.create(month=date(2024, 4, 1), published_at="2024-05-02T09:00Z")
    make_audit(status=Status.COMPLETED, grade=Grade.INADEQUATE)  # March, not published
    make_audit(cycle=april, status=Status.COMPLETED, grade=Grade.GOOD)
    trend = client_as(roles.VIEWER).get(report_url(april)).context["report"].trend
    assert [point.month for point in trend] == [april.month]
    trend = client_as(roles.QA_UNIT).get(report_url(april)).context["report"].trend
    assert [point.month for point in trend] == [cycle.month, april.month]


def test_users_without_a_role_cannot_read_reports(client_as, cycle):
    assert client_as(None).get(report_url(cycle)).status_code == 403


def test_the_qa_unit_publishes_a_cycle_once_it_confirms(client_as, cycle):
    url = reverse("audits:cycle-publish", kwargs={"month": cycle.month})
    assert client_as(roles.OWNER).post(url, {"publish": "yes"}).status_code == 403
    qa = client_as(roles.QA_UNIT)
    asked = qa.post(url, {"publish": "yes"})
    page = asked.content.decode()
    assert asked.status_code == 200 and f"Publish the audit analysis of {cycle.label}?" in page
    assert "Completed so far:" in page and "Yes, publish it" in page
    cycle.refresh_from_db()
    assert not cycle.is_published  # nothing changes until it is confirmed
    assert qa.post(url, {"publish": "yes", "confirm": "1"}).status_code == 302
    cycle.refresh_from_db()
    assert cycle.is_published
    withdraw = qa.post(url, {"publish": "no"}).content.decode()
    assert "Withdraw the audit analysis" in withdraw and "Yes, withdraw it" in withdraw
    cycle.refresh_from_db()
    assert cycle.is_published
    qa.post(url, {"publish": "no", "confirm": "1"})
    cycle.refresh_from_db()
    assert not cycle.is_published


def test_audit_import_and_caseload_pages_have_breadcrumbs(client_as, cycle):
    """The way back to the page above, named as the menu names it."""
    qa = client_as(roles.QA_UNIT)
    report = qa.get(report_url(cycle)).content.decode()
    assert 'aria-label="Breadcrumb"' in report
    assert f'href="{reverse("audits:cycles")}">Audit analysis</a>' in report
    audit_import = qa.get(reverse("audits:import")).content.decode()
    assert f'href="{reverse("audits:list")}">Audits</a>' in audit_import
    team = client_as(roles.PERFORMANCE_TEAM)
    dataset = team.get(reverse("dataset_import:import")).content.decode()
    assert f'href="{reverse("indicators:list")}">Indicators</a>' in dataset
    caseloads = team.get(reverse("caseloads:list")).content.decode()
    assert f'href="{reverse("caseloads:report")}">Caseloads</a>' in caseloads


def test_the_qa_unit_adds_a_cycle_and_sets_its_theme(client_as):
    client = client_as(roles.QA_UNIT)
    response = client.post(reverse("audits:cycle-create"), {"month": "2024-06", "theme": "Neglect"})
    assert response.status_code == 302
    cycle = AuditCycle.objects.get(month=date(2024, 6, 1))
    edit = reverse("audits:cycle-edit", kwargs={"month": cycle.month})
    client.post(edit, {"theme": "Voice of the child", "notes": "Small sample."})
    cycle.refresh_from_db()
    assert (cycle.theme, cycle.notes) == ("Voice of the child", "Small sample.")


def test_an_impossible_month_is_not_found(client_as):
    assert client_as(roles.QA_UNIT).get("/audits/cycles/2024-13/report/").status_code == 404


def test_the_qa_unit_edits_service_areas(client_as):
    client = client_as(roles.QA_UNIT)
    client.post(
        reverse("audits:service-area-create"),
        {"short_name": "YJS", "name": "Youth Justice Service", "active": "on"},
    )
    yjs = ServiceArea.objects.get(short_name="YJS")
    assert yjs.active
    client.post(
        reverse("audits:service-area-edit", kwargs={"pk": yjs.pk}),
        {"short_name": "YJS", "name": "Youth Justice Service"},
    )
    yjs.refresh_from_db()
    assert not yjs.active
    assert client_as(roles.OWNER).get(reverse("audits:service-areas")).status_code == 403


def test_export_in_the_import_layout(client_as, make_audit):
    make_audit(case_reference="CD123456", status=Status.COMPLETED, grade=Grade.GOOD)
    make_audit(case_reference="CD654321", service_area="BIT")
    response = client_as(roles.QA_UNIT).get(
        reverse("audits:export"), {"format": "csv", "service_area": make_audit().service_area.pk}
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert response["Content-Disposition"] == 'attachment; filename="audits.csv"'
    assert list(rows[0])[:4] == ["month", "service_area", "case_reference", "auditor"]
    assert {row["case_reference"] for row in rows} == {"CD123456", "CD000003"}
    first = next(row for row in rows if row["case_reference"] == "CD123456")
    assert (first["month"], first["status"], first["grade"]) == ("2024-03", "Completed", "Good")


def test_export_is_the_qa_units(client_as):
    assert client_as(roles.OWNER).get(reverse("audits:export")).status_code == 403


def test_the_menu_offers_the_audit_pages_by_permission(make_user):
    qa_links = {item["label"] for item in menu_for(make_user(roles.QA_UNIT))}
    viewer_links = {item["label"] for item in menu_for(make_user(roles.VIEWER))}
    assert {"Audits", "Audit analysis", "Service areas"} <= qa_links
    assert "Audit analysis" in viewer_links and "Audits" not in viewer_links


def _audits(count: int, cycle: AuditCycle, auditor) -> None:
    areas = list(ServiceArea.objects.all())
    Audit.objects.bulk_create(
        Audit(
            cycle=cycle,
            service_area=areas[index % len(areas)],
            case_reference=f"CD{index:06d}",
            auditor=auditor,
            recorded_by=auditor,
            status=Status.COMPLETED if index % 2 else Status.ALLOCATED,
            grade=Grade.GOOD if index % 2 else "",
            good_practice="Clear plan." if index % 2 else "",
        )
        for index in range(count)
    )


@pytest.mark.parametrize("count", [10, 300])
@pytest.mark.parametrize(
    ("url_name", "role", "budget"),
    [
        # each page that shows case references also writes its audit-trail record
        ("audits:list", roles.QA_UNIT, 11),
        ("audits:mine", None, 9),
        ("audits:cycles", roles.VIEWER, 7),
    ],
)
def test_lists_run_a_fixed_number_of_queries(
    client, make_user, cycle, django_assert_max_num_queries, count, url_name, role, budget
):
    user = make_user(role)
    cycle.published_at = "2024-04-02T09:00Z"
    cycle.save()
    _audits(count, cycle, user)
    client.force_login(user)
    with django_assert_max_num_queries(budget):
        response = client.get(reverse(url_name))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [10, 300])
def test_the_report_page_runs_a_fixed_number_of_queries(
    client, make_user, cycle, django_assert_max_num_queries, count
):
    user = make_user(roles.OWNER)
    _audits(count, cycle, user)
    client.force_login(user)
    with django_assert_max_num_queries(14):
        response = client.get(report_url(cycle))
    assert response.status_code == 200
    assert response.context["report"].overall.allocated == count
