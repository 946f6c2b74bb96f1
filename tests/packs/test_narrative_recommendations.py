"""The month's narrative (versioned with each build) and the panel's recommendations: their
pages and forms, and how every output of the pack shows them."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from audits.models import Answer, Audit, AuditCycle, Grade, ServiceArea, Status
from core import roles
from indicators.models import Area
from packs import selectors, services
from packs.builders.xlsx import LINE_HEIGHT, Sheet, _paragraph_rows
from packs.models import FileKind, Narrative, Recommendation, RecommendationStatus
from packs.selectors import pack_content
from tests.packs.conftest import MONTH
from tests.packs.test_content import build, path_of, pdf_text

pytestmark = pytest.mark.django_db


def recommendation(owner, *, made_on, due_date, status=RecommendationStatus.OPEN, text="Act."):
    return Recommendation.objects.create(
        text=text, owner=owner, made_on=made_on, due_date=due_date, status=status
    )


# --- Narrative -----------------------------------------------------------------------------


def test_narrative_opens_every_output_and_each_version_keeps_its_own(small_month, make_user):
    team = make_user(roles.PERFORMANCE_TEAM)
    services.save_narrative(month=MONTH, summary="Referrals rose.\n\nPlans fell.", user=team)
    first = build()
    services.save_narrative(month=MONTH, summary="Rewritten after the panel.", user=team)
    second = build()

    assert first.narrative == "Referrals rose.\n\nPlans fell."
    assert second.narrative == "Rewritten after the panel."
    body = path_of(first, FileKind.HTML).read_text()
    assert body.index("Referrals rose.") < body.index("About this pack")
    sheet = load_workbook(path_of(first, FileKind.XLSX))["Narrative"]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Referrals rose.",
        "Plans fell.",
    ]
    assert pdf_text(second)[1].startswith("The month in summary Rewritten after the panel.")
    assert "Rewritten" not in path_of(first, FileKind.HTML).read_text()


def test_narrative_form_is_for_the_performance_team_and_says_what_is_missing(
    small_month, client_as
):
    url = f"/packs/{MONTH:%Y-%m}/narrative/"
    assert client_as(roles.VIEWER).get(url).status_code == 403
    client = client_as(roles.PERFORMANCE_TEAM)
    empty = client.post(url, {"summary": "  "})
    assert "Enter the summary of the month" in empty.content.decode()
    assert "This field is required" not in empty.content.decode()
    assert client.post(url, {"summary": "A good month."}).status_code == 302
    assert selectors.narrative_of(MONTH).summary == "A good month."
    assert "A good month." in client.get(url).content.decode()  # the form shows the text


def areas_by_name() -> dict[str, int]:
    return dict(Area.objects.values_list("name", "pk"))


def test_an_areas_paragraph_opens_its_section_in_every_output_and_is_versioned(
    small_month, make_user
):
    team, area = make_user(roles.PERFORMANCE_TEAM), areas_by_name()
    mash = "Contacts rose with the new term.\n\nThe front door kept up."
    services.save_narrative(
        month=MONTH, summary="A month.", areas={area["MASH"]: mash, area["Child Protection"]: " "},
        user=team,
    )  # fmt: skip
    first = build()
    services.save_narrative(month=MONTH, summary="A month.", areas={}, user=team)
    second = build()

    assert first.area_narratives == {"MASH": mash} and second.area_narratives == {}
    body = path_of(first, FileKind.HTML).read_text()
    section = body[body.index('id="area-1"') : body.index('id="area-2"')]
    assert section.index("<p>The front door kept up.</p>") < section.index("<table")
    assert 'id="area-2-narrative"' not in body  # no paragraph, no box
    assert "Contacts rose with the new term." not in path_of(second, FileKind.HTML).read_text()
    assert "MASH Contacts rose with the new term. The front door kept up." in " ".join(
        pdf_text(first)
    )

    workbook = load_workbook(path_of(first, FileKind.XLSX))
    sheet = workbook["MASH"]
    assert [sheet.cell(row=row, column=1).value for row in (2, 3, 4)] == [
        "Contacts rose with the new term.", "The front door kept up.", "Ref",
    ]  # fmt: skip
    assert "A2:Q2" in {str(merged) for merged in sheet.merged_cells.ranges}  # to Sep 16
    assert sheet.row_dimensions[2].height >= 15
    assert sheet.freeze_panes == "C5" and sheet.print_title_rows == "$1:$4"
    assert {str(rule.sqref).split(":")[0] for rule in sheet.conditional_formatting} == {
        "R5",
        "T5",
    }  # fmt: skip: the judgement colours start at the first indicator
    assert workbook["Child Protection"].freeze_panes == "C3"


def test_a_long_paragraph_grows_its_row_to_fit():
    workbook = Workbook()
    sheet = Sheet(workbook.active)
    _paragraph_rows(sheet, "word " * 100 + "\n\nshort", columns=[50, 50])
    # 499 characters across 100 characters' width: five lines.
    assert sheet.worksheet.row_dimensions[1].height == 5 * LINE_HEIGHT
    assert sheet.worksheet.row_dimensions[2].height == LINE_HEIGHT


def test_the_narrative_form_offers_a_paragraph_per_area_of_the_month(small_month, client_as):
    area = areas_by_name()
    Area.objects.create(name="Youth Justice")  # no indicator running: no section, no box
    url = f"/packs/{MONTH:%Y-%m}/narrative/"
    client = client_as(roles.PERFORMANCE_TEAM)
    form = client.get(url).content.decode()
    assert "A paragraph on each area (optional)" in form
    assert f'name="area_{area["MASH"]}"' in form and f'name="area_{area["Child Protection"]}"'
    assert "Youth Justice" not in form

    too_long = client.post(url, {"summary": "A month.", f"area_{area['MASH']}": "x" * 1501})
    assert "The paragraph on MASH must be 1,500 characters or fewer" in too_long.content.decode()
    assert not Narrative.objects.exists()

    saved = client.post(url, {"summary": "A month.", f"area_{area['MASH']}": " Busy. "})
    assert saved.status_code == 302
    narrative = selectors.narrative_of(MONTH)
    assert narrative.areas == {str(area["MASH"]): "Busy."}
    assert "Busy.</textarea>" in client.get(url).content.decode()  # the form shows it
    client.post(url, {"summary": "A month.", f"area_{area['MASH']}": ""})
    assert selectors.narrative_of(MONTH).areas == {}
    assert [row.areas for row in narrative.history.order_by("history_date")] == [
        {str(area["MASH"]): "Busy."},
        {},
    ]  # fmt: skip: each version of the narrative, areas included, with who and when


# --- Recommendations -----------------------------------------------------------------------


def test_appendix_lists_recommendations_as_at_the_months_end_with_overdue_ones_marked(
    small_month, make_user
):
    owner = make_user(first_name="Jo", last_name="Cassey")
    overdue = recommendation(
        owner, made_on=date(2016, 6, 1), due_date=date(2016, 9, 30), text="Overdue one."
    )
    done = recommendation(
        owner, made_on=date(2016, 6, 1), due_date=date(2016, 7, 1),
        status=RecommendationStatus.DONE,
    )  # fmt: skip
    not_yet_due = recommendation(owner, made_on=date(2016, 9, 1), due_date=date(2016, 10, 1))
    recommendation(owner, made_on=date(2016, 10, 3), due_date=date(2016, 12, 1))  # made later
    services.add_update(recommendation=overdue, day=date(2016, 9, 20), text="Started.",
                        status=RecommendationStatus.IN_PROGRESS, user=None)  # fmt: skip
    services.add_update(recommendation=overdue, day=date(2016, 10, 20), text="Later news.",
                        status=RecommendationStatus.IN_PROGRESS, user=None)  # fmt: skip

    lines = selectors.recommendations_at(month=MONTH)
    assert [line.recommendation for line in lines] == [done, overdue, not_yet_due]
    assert [line.overdue for line in lines] == [False, True, False]
    assert lines[1].latest_update.text == "Started."  # not the October update

    pack = build()
    body = path_of(pack, FileKind.HTML).read_text()
    appendix = body[body.index('id="pack-recommendations"') :]
    assert appendix.count("Overdue</strong>") == 1 and "Jo Cassey" in appendix
    sheet = load_workbook(path_of(pack, FileKind.XLSX))["Recommendations"]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=4) if row[0].value}
    assert rows[overdue.text][5].value == "Overdue" and rows[overdue.text][0].fill.fgColor.rgb
    assert rows[overdue.text][6].value == "Started."


def test_recommendation_list_is_readable_by_every_role_in_a_fixed_number_of_queries(
    client_as, make_user
):
    owner = make_user(first_name="Jo", last_name="Cassey")
    for number in range(30):
        recommendation(owner, made_on=date(2016, 1, 1), due_date=date(2016, 2, number % 28 + 1))
    client = client_as(roles.VIEWER)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/packs/recommendations/")
    assert page.status_code == 200
    assert len(queries) <= 12
    content = page.content.decode()
    assert content.count("Jo Cassey") == 30 and content.count(">Overdue<") == 30
    assert "Add a recommendation" not in content


def test_adding_a_recommendation_explains_each_bad_input(client_as, make_user):
    owner = make_user(first_name="Jo", last_name="Cassey")
    client = client_as(roles.PERFORMANCE_TEAM)
    assert "Jo Cassey" in client.get("/packs/recommendations/add/").content.decode()
    bad = client.post(
        "/packs/recommendations/add/",
        {"text": "", "owner": "", "made_on_0": "31", "made_on_1": "2", "made_on_2": "2016",
         "due_date_0": "", "due_date_1": "", "due_date_2": "", "status": "open"},
    ).content.decode()  # fmt: skip
    for message in ("Enter the recommendation or action", "Choose the owner",
                    "Enter the date made as a real date", "Enter the due date"):  # fmt: skip
        assert message in bad
    for default in ("This field is required", "day is out of range"):
        assert default not in bad
    backwards = client.post(
        "/packs/recommendations/add/",
        {"text": "Act.", "owner": owner.pk, "made_on_0": "1", "made_on_1": "9",
         "made_on_2": "2016", "due_date_0": "1", "due_date_1": "8", "due_date_2": "2016",
         "status": "open"},
    ).content.decode()  # fmt: skip
    assert "The due date must be on or after the date it was made" in backwards
    assert not Recommendation.objects.exists()


def test_the_team_adds_a_recommendation_then_a_dated_update_that_moves_its_status(
    client_as, make_user
):
    owner = make_user(first_name="Jo", last_name="Cassey")
    client = client_as(roles.PERFORMANCE_TEAM)
    added = client.post(
        "/packs/recommendations/add/",
        {"text": "Audit repeat plans.", "owner": owner.pk, "made_on_0": "14",
         "made_on_1": "9", "made_on_2": "2016", "due_date_0": "28", "due_date_1": "12",
         "due_date_2": "2016", "status": "open"},
    )  # fmt: skip
    saved = Recommendation.objects.get()
    assert added.url == saved.get_absolute_url() and saved.due_date == date(2016, 12, 28)
    client.post(
        saved.get_absolute_url(),
        {"date_0": "3", "date_1": "10", "date_2": "2016", "text": "Sample chosen.",
         "status": RecommendationStatus.IN_PROGRESS},
    )  # fmt: skip
    saved.refresh_from_db()
    update = saved.updates.get()
    assert saved.status == RecommendationStatus.IN_PROGRESS
    assert (update.date, update.text, update.recorded_by.groups.get().name) == (
        date(2016, 10, 3), "Sample chosen.", roles.PERFORMANCE_TEAM,
    )  # fmt: skip
    assert saved.history.count() == 2  # created, then its status changed: who and when


def test_readers_see_a_recommendation_but_cannot_update_it(client_as, make_user):
    saved = recommendation(make_user(), made_on=date(2016, 9, 1), due_date=date(2016, 9, 2))
    client = client_as(roles.VIEWER)
    page = client.get(saved.get_absolute_url()).content.decode()
    assert "Overdue" in page and "Add an update" not in page
    refused = client.post(saved.get_absolute_url(), {"text": "x"})
    assert refused.status_code == 403 and not saved.updates.exists()


# --- Audit changes -------------------------------------------------------------------------


def test_audit_section_shows_rates_against_last_month_and_focus_5_counts(
    audits_and_caseloads, make_user
):
    """September: 3 of 3 completed, none discussed; August: 1 of 2 completed, discussed."""
    auditor = make_user()
    august = AuditCycle.objects.create(month=date(2016, 8, 1))
    swf = ServiceArea.objects.get(short_name="SWF")
    for number, status in enumerate((Status.COMPLETED, Status.ALLOCATED)):
        Audit.objects.create(
            cycle=august, service_area=swf, case_reference=f"CF00000{number}", auditor=auditor,
            status=status, grade=Grade.GOOD if status == Status.COMPLETED else "",
            practitioner_discussion=True,
        )  # fmt: skip
    Audit.objects.filter(cycle__month=MONTH).update(chronology=Answer.YES)
    changes = {row.name: row for row in pack_content(month=MONTH).audit_changes}
    swf_change = changes[swf.name]
    assert (swf_change.completion_rate, swf_change.previous_completion_rate) == (100, 50)
    assert swf_change.completion_change == 50 and swf_change.discussion_change == -100

    body = path_of(build(), FileKind.HTML).read_text()
    assert "+50.0 points" in body and "-100.0 points" in body
    assert "3 yes, 0 no" in body  # the chronology question's counts beside its share
