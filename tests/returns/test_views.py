"""The pages of the return: who may open them, what they show, and what they do."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from core import roles
from core.models import PeriodStatus, ReportingPeriod
from indicators.models import (
    COMMENTARY_MAX_LENGTH,
    BlankReason,
    Indicator,
    MonthlyValue,
    Unit,
    ValueState,
)
from packs.builders.web import render_body
from packs.selectors import pack_content
from quality.models import Operator, ValidationRule
from returns.models import Action, ReturnEvent
from returns.services import periods, workflow
from tests.indicators.factories import add_values, months_from
from tests.returns.conftest import (
    SEPTEMBER,
    make_indicators,
    open_month,
    publish,
    put,
    value_of,
)

pytestmark = pytest.mark.django_db

WORKLISTS = {
    "/returns/my-month/": "returns.enter_values",
    "/returns/to-submit/": "returns.submit_values",
    "/returns/overview/": "returns.accept_values",
    "/returns/overview/values/": "returns.accept_values",
    "/returns/periods/": "returns.manage_periods",
    "/returns/periods/open/": "returns.manage_periods",
}


def _value_url(monthly_value) -> str:
    return reverse("returns:value", kwargs={"pk": monthly_value.pk})


class TestPermissions:
    def test_every_page_asks_for_sign_in(self, client, draft):
        urls = [
            *WORKLISTS,
            "/returns/",
            _value_url(draft),
            "/returns/step/?step=return_to_reporter",
            "/returns/periods/2016-09/reopen/",
        ]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 302 and response["Location"].startswith("/login/"), url
        response = client.post("/returns/periods/2016-09/lock/")
        assert response.status_code == 302 and response["Location"].startswith("/login/")

    @pytest.mark.parametrize("role", roles.ROLES)
    def test_each_worklist_opens_only_with_its_permission(self, client_as, role, django_user_model):
        client = client_as(role)
        user = django_user_model.objects.get(pk=client.session["_auth_user_id"])
        for url, permission in WORKLISTS.items():
            expected = 200 if user.has_perm(permission) else 403
            assert client.get(url).status_code == expected, (role, url)

    @pytest.mark.parametrize("role", [roles.VIEWER, roles.QA_UNIT, None])
    def test_roles_outside_the_return_are_refused_every_page(self, client_as, draft, role):
        client = client_as(role)
        assert client.get("/returns/").status_code == 403
        assert client.get(_value_url(draft)).status_code == 403
        assert client.post("/returns/step/", {"step": "pass"}).status_code == 403
        assert client.post("/returns/periods/2016-09/lock/").status_code == 403
        assert client.get("/returns/periods/2016-09/reopen/").status_code == 403

    @pytest.mark.parametrize("actor", ["other_reporter", "other_owner"])
    def test_nobody_opens_the_value_page_of_someone_elses_indicator(
        self, client, people, draft, actor
    ):
        client.force_login(people[actor])
        assert client.get(_value_url(draft)).status_code == 404
        response = client.post(_value_url(draft), {"value": "1", "commentary": "x", "version": 1})
        assert response.status_code == 404
        assert value_of(draft.indicator).version == 1

    def test_steps_on_someone_elses_values_change_nothing(self, client, people, draft):
        client.force_login(people.other_reporter)
        response = client.post(
            "/returns/step/", {"step": "pass", "monthly_values": [draft.pk]}, follow=True
        )
        assert "Nothing was changed. Choose at least one indicator." in response.content.decode()
        assert value_of(draft.indicator).state == ValueState.DRAFT

    @pytest.mark.parametrize("actor", ["reporter", "reporter_deputy", "owner", "team"])
    def test_the_people_of_an_indicator_open_its_value_page(self, client, people, draft, actor):
        client.force_login(people[actor])
        assert client.get(_value_url(draft)).status_code == 200

    def test_returns_index_takes_each_role_to_its_worklist(self, client, people):
        for actor, url in [
            ("reporter", "/returns/my-month/"),
            ("owner", "/returns/to-submit/"),
            ("team", "/returns/overview/"),
        ]:
            client.force_login(people[actor])
            assert client.get("/returns/")["Location"] == url


def _share_of_two_counts(people) -> tuple[list[Indicator], Indicator]:
    """C000 and C001, counts Rita reports, and S000: C000 as a percentage of C001 (derived)."""
    counts = make_indicators(2, reporter=people.reporter, owner=people.owner, prefix="C")
    (share,) = make_indicators(
        1, reporter=people.reporter, owner=people.owner, prefix="S", unit=Unit.PERCENTAGE,
        numerator=counts[0], denominator=counts[1], scale=Decimal(100),
    )  # fmt: skip
    return counts, share


class TestMyMonth:
    def test_lists_the_reporters_indicators_with_computed_columns(self, client, people, period):
        mine = make_indicators(2, reporter=people.reporter, owner=people.owner, prefix="A")
        make_indicators(1, reporter=people.other_reporter, owner=people.owner, prefix="Z")
        MonthlyValue.objects.bulk_create(
            [
                MonthlyValue(indicator=mine[0], month=date(2016, 8, 1), value=20, commentary="Aug"),
                MonthlyValue(indicator=mine[0], month=SEPTEMBER, value=25),
                MonthlyValue(indicator=mine[1], month=SEPTEMBER),
            ]
        )
        client.force_login(people.reporter)
        response = client.get("/returns/my-month/")
        lines = response.context["table"].data.data
        assert [line.indicator.ref for line in lines] == ["A000", "M000", "A001"]  # by position
        html = response.content.decode()
        assert "↑ +25.0%" in html  # 25 after 20
        assert "Aug" in html  # last month's commentary
        assert "Due" in html and "14 October 2016" in html
        assert "Z000" not in html

    def test_a_derived_indicator_shows_its_computed_value(self, client, people, period):
        counts, share = _share_of_two_counts(people)
        MonthlyValue.objects.bulk_create(
            [
                MonthlyValue(indicator=counts[0], month=SEPTEMBER, value=7),
                MonthlyValue(indicator=counts[1], month=SEPTEMBER, value=28),
                MonthlyValue(indicator=share, month=SEPTEMBER),  # commentary only, if any
            ]
        )
        client.force_login(people.reporter)
        table = client.get("/returns/my-month/").context["table"]
        shown = {row.record.indicator.ref: row.get_cell("value") for row in table.rows}
        assert shown == {"M000": "-", "C000": "7", "C001": "28", "S000": "25%"}  # 7 of 28
        (line,) = [line for line in table.data.data if line.indicator == share]
        assert line.monthly_value.value is None  # worked out, not stored

    def test_a_derived_value_page_shows_the_figures_worked_out_and_their_inputs(
        self, client, people, period
    ):
        counts, share = _share_of_two_counts(people)
        august = date(2016, 8, 1)
        MonthlyValue.objects.bulk_create(
            [
                MonthlyValue(indicator=counts[0], month=august, value=5),
                MonthlyValue(indicator=counts[0], month=SEPTEMBER, value=7),
                MonthlyValue(indicator=counts[1], month=august, value=20),
                MonthlyValue(indicator=counts[1], month=SEPTEMBER, value=20),
                MonthlyValue(indicator=share, month=SEPTEMBER, commentary="Up"),
            ]
        )
        client.force_login(people.reporter)
        page = client.get(f"/returns/values/{value_of(share).pk}/").content.decode()
        assert "S000 is worked out from C000 and C001: enter those" in page
        assert "25%" in page and "35%" in page  # August's 5 of 20, September's 7 of 20

    def test_a_deputy_sees_the_indicators_they_cover(self, client, people, draft):
        client.force_login(people.reporter_deputy)
        lines = client.get("/returns/my-month/").context["table"].data.data
        assert [line.monthly_value for line in lines] == [draft]

    def test_a_returned_value_shows_its_reason_to_the_reporter(self, client, people, with_owner):
        workflow.return_to_reporter(
            user=people.owner, monthly_values=[with_owner], reason="Check the count."
        )
        client.force_login(people.reporter)
        assert "Reason: Check the count." in client.get("/returns/my-month/").content.decode()
        page = client.get(_value_url(with_owner)).content.decode()
        assert "Returned to the reporter by Olive Owner" in page
        assert "Check the count." in page

    def test_pass_the_selected_and_pass_all(self, client, people, period):
        indicators = make_indicators(3, reporter=people.reporter, owner=people.owner, prefix="P")
        MonthlyValue.objects.update(value=1)  # M000's: a blank would need its reason
        MonthlyValue.objects.bulk_create(
            MonthlyValue(indicator=i, month=SEPTEMBER, value=1) for i in indicators
        )
        values = list(MonthlyValue.objects.filter(indicator__in=indicators))
        client.force_login(people.reporter)
        assert len(client.get("/returns/my-month/").context["everything"]) == 4  # with M000
        response = client.post(
            "/returns/step/",
            {"step": "pass", "monthly_values": [values[0].pk], "next": "/returns/my-month/"},
        )
        assert response["Location"] == "/returns/my-month/"
        assert value_of(values[0].indicator).state == ValueState.WITH_OWNER
        everything = client.get("/returns/my-month/").context["everything"]
        assert len(everything) == 3  # two P drafts and M000
        data = {"step": "pass", "monthly_values": everything, "confirm": "1"}
        client.post("/returns/step/", data)
        assert set(MonthlyValue.objects.values_list("state", flat=True)) == {ValueState.WITH_OWNER}

    def test_exports_the_worklist_as_text(self, client, people, with_owner):
        workflow.return_to_reporter(
            user=people.owner, monthly_values=[with_owner], reason="Check it"
        )
        client.force_login(people.reporter)
        csv_text = client.get("/returns/my-month/", {"_export": "csv"}).content.decode()
        assert "M000" in csv_text and "Draft (returned: Check it)" in csv_text
        assert "2016-10-14 overdue" in csv_text and "Select" not in csv_text

    def test_a_locked_month_shows_no_selection_and_says_so(self, client, people, period, draft):
        periods.lock_period(user=people.team, period=period)
        client.force_login(people.reporter)
        html = client.get("/returns/my-month/").content.decode()
        assert "September 2016 is locked" in html
        assert 'name="monthly_values"' not in html


class TestValuePage:
    def _post(self, client, monthly_value, **data):
        return client.post(_value_url(monthly_value), {"version": 1, **data})

    def test_save_keeps_the_value_and_commentary_with_who_and_when(self, client, people, draft):
        client.force_login(people.reporter)
        response = self._post(client, draft, value="28", commentary="New school term")
        assert response.status_code == 302
        stored = value_of(draft.indicator)
        assert (stored.value, stored.commentary, stored.updated_by) == (
            28,
            "New school term",
            people.reporter,
        )

    @pytest.mark.parametrize(
        ("unit", "typed", "stored"), [("count", "1,480", 1480), ("percentage", "28%", 28)]
    )
    def test_values_are_taken_as_people_type_them(self, client, people, draft, unit, typed, stored):
        type(draft.indicator).objects.filter(pk=draft.indicator_id).update(unit=unit)
        client.force_login(people.reporter)
        assert self._post(client, draft, value=typed, commentary="x").status_code == 302
        assert value_of(draft.indicator).value == stored

    def test_an_unreadable_value_is_explained_with_an_example(self, client, people, draft):
        client.force_login(people.reporter)
        page = self._post(client, draft, value="about 12", commentary="x").content.decode()
        assert "Enter the value as a number, for example" in page
        assert "Enter a number." not in page

    def test_a_commentary_over_the_limit_is_refused_with_its_length(self, client, people, draft):
        client.force_login(people.reporter)
        long = "x" * (COMMENTARY_MAX_LENGTH + 1)
        page = self._post(client, draft, value="3", commentary=long).content.decode()
        assert "Commentary must be 5,000 characters or fewer: it has 5001 characters." in page
        assert value_of(draft.indicator).commentary == ""

    def test_a_longer_commentary_stored_before_the_limit_still_shows(self, client, people, draft):
        long = "y" * (COMMENTARY_MAX_LENGTH + 10)
        MonthlyValue.objects.filter(pk=draft.pk).update(commentary=long)
        client.force_login(people.reporter)
        page = client.get(_value_url(draft))
        assert page.status_code == 200 and long in page.content.decode()

    def test_the_form_shows_the_value_as_typed_and_the_state_in_words(self, client, people, draft):
        MonthlyValue.objects.filter(pk=draft.pk).update(value=Decimal("27.50"))
        client.force_login(people.reporter)
        page = client.get(_value_url(draft))
        assert page.context["form"]["value"].value() == "27.5"
        assert '<strong class="govuk-tag govuk-tag--grey">Draft</strong>' in page.content.decode()

    def test_save_and_pass_goes_back_to_the_worklist(self, client, people, draft):
        client.force_login(people.reporter)
        response = self._post(
            client, draft, value="3", commentary="x", then="pass", next="/returns/my-month/"
        )
        assert response["Location"] == "/returns/my-month/"
        assert value_of(draft.indicator).state == ValueState.WITH_OWNER

    @pytest.mark.parametrize(
        ("unit", "typed", "message"),
        [
            ("count", "12.5", "A count must be a whole number"),
            ("percentage", "2850", "A percentage cannot be over 100"),
            ("rate_per_10000", "-1", "cannot be negative"),
        ],
    )
    def test_unit_aware_validation(self, client, people, draft, unit, typed, message):
        draft.indicator.unit = unit
        draft.indicator.save()
        client.force_login(people.reporter)
        response = self._post(client, draft, value=typed, commentary="Kept")
        html = response.content.decode()
        assert response.status_code == 200 and message in html
        assert "govuk-error-summary" in html and "\nKept</textarea>" in html
        assert value_of(draft.indicator).version == 1

    def test_an_empty_value_is_missing_not_zero(self, client, people, draft):
        put(draft, ValueState.DRAFT)
        MonthlyValue.objects.filter(pk=draft.pk).update(value=5)
        client.force_login(people.reporter)
        self._post(client, draft, value="", commentary="Not available this month")
        assert value_of(draft.indicator).value is None

    def test_the_second_of_two_concurrent_saves_is_refused_and_its_text_kept(
        self, client, people, draft
    ):
        client.force_login(people.reporter)
        first_form = client.get(_value_url(draft)).context["form"]
        client.force_login(people.reporter_deputy)
        second_form = client.get(_value_url(draft)).context["form"]
        assert first_form["version"].value() == second_form["version"].value() == 1

        client.force_login(people.reporter)
        assert self._post(client, draft, value="10", commentary="Rita's words").status_code == 302
        client.force_login(people.reporter_deputy)
        response = self._post(client, draft, value="11", commentary="Dora's careful words")

        assert response.status_code == 200
        html = response.content.decode()
        assert "Someone else saved this value after you opened it" in html
        assert "\nDora&#x27;s careful words</textarea>" in html  # her text is still there
        assert 'value="11"' in html
        assert "The version saved now" in html and "Rita&#x27;s words" in html
        assert response.context["form"]["version"].value() == 2  # saving again is deliberate
        stored = value_of(draft.indicator)
        assert (stored.value, stored.commentary) == (10, "Rita's words")

        assert (
            self._post(
                client, draft, value="11", commentary="Dora's careful words", version=2
            ).status_code
            == 302
        )
        assert value_of(draft.indicator).commentary == "Dora's careful words"

    def test_a_locked_month_refuses_edits_with_a_clear_message(self, client, people, draft, period):
        periods.lock_period(user=people.team, period=period)
        client.force_login(people.reporter)
        page = client.get(_value_url(draft))
        assert page.context["form"] is None
        assert "September 2016 is locked" in page.content.decode()
        response = self._post(client, draft, value="1", commentary="x")
        assert "September 2016 is locked" in response.content.decode()
        assert value_of(draft.indicator).version == 1

    def test_a_reporter_cannot_edit_once_passed_on(self, client, people, with_owner):
        client.force_login(people.reporter)
        page = client.get(_value_url(with_owner))
        assert page.context["form"] is None
        assert "only the owner can change it now" in page.content.decode()

    def test_as_above_copies_the_companions_commentary(self, client, people, draft, period):
        (companion,) = make_indicators(1, reporter=people.reporter, owner=people.owner, prefix="C")
        MonthlyValue.objects.create(
            indicator=companion, month=SEPTEMBER, commentary="Contacts rose in September."
        )
        draft.indicator.companion = companion
        draft.indicator.save()
        client.force_login(people.reporter)
        assert "Contacts rose in September." in client.get(_value_url(draft)).content.decode()
        response = self._post(client, draft, value="4", commentary="", as_above="1")
        html = response.content.decode()
        assert "\nAs above (C000): Contacts rose in September.</textarea>" in html
        assert 'value="4"' in html  # the typed value stays
        assert value_of(draft.indicator).version == 1  # nothing saved until Save

    def test_revision_of_a_published_value_asks_for_a_reason(self, client, people, draft, period):
        publish(people.team, period, draft)
        client.force_login(people.team)
        response = self._post(client, draft, value="9", commentary="Late data")
        assert "Enter the reason for the revision" in response.content.decode()
        self._post(client, draft, value="9", commentary="Late data", reason="Late MASH data")
        assert ReturnEvent.objects.get(action=Action.REVISED).reason == "Late MASH data"


class TestReturnsAndBulk:
    def test_owner_returns_one_with_a_reason(self, client, people, with_owner):
        client.force_login(people.owner)
        url = f"/returns/step/?step=return_to_reporter&monthly_values={with_owner.pk}"
        page = client.get(url)
        assert page.status_code == 200 and "M000" in page.content.decode()
        data = {
            "step": "return_to_reporter",
            "monthly_values": [with_owner.pk],
            "confirm": "1",
            "next": "/returns/to-submit/",
        }
        missing = client.post("/returns/step/", {**data, "reason": ""})
        assert "Answer the question: Why are you returning it?" in missing.content.decode()
        response = client.post("/returns/step/", {**data, "reason": "Wrong month's figure"})
        assert response["Location"] == "/returns/to-submit/"
        stored = value_of(with_owner.indicator)
        assert stored.state == ValueState.DRAFT
        assert stored.events.get().reason == "Wrong month's figure"

    def test_the_reason_says_honestly_who_is_e_mailed_it(self, client, people, with_owner):
        client.force_login(people.owner)
        url = f"/returns/step/?step=return_to_reporter&monthly_values={with_owner.pk}"
        hint = "It is shown with the value and e-mailed to Dora Deputy and Rita Reporter."
        assert hint in client.get(url).content.decode()
        people.reporter.email = ""
        people.reporter.save()
        page = client.get(url).content.decode()
        assert (
            "e-mailed to Dora Deputy. Rita Reporter has no e-mail address in the portal, "
            "so is not e-mailed: they see it on their worklist." in page
        )
        people.reporter_deputy.email = ""
        people.reporter_deputy.save()
        page = client.get(url).content.decode()
        assert (
            "It is shown with the value. Dora Deputy and Rita Reporter have no e-mail "
            "address in the portal, so are not e-mailed" in page
        )
        assert "e-mailed to" not in page

    def test_returning_nothing_says_so_and_leads_back(self, client, people, period):
        client.force_login(people.team)
        html = client.post("/returns/step/", {"step": "return_to_owner"}).content.decode()
        assert "Choose at least one indicator to return." in html
        assert '<a class="govuk-link" href="/returns/">Go back</a>' in html

    def test_a_forward_step_is_not_taken_by_a_link(self, client, people, draft):
        client.force_login(people.reporter)
        assert client.get(f"/returns/step/?step=pass&monthly_values={draft.pk}").status_code == 404
        assert client.post("/returns/step/", {"step": "fly"}).status_code == 404

    def test_owner_submits_in_bulk_and_the_team_accepts_in_bulk(self, client, people, period):
        indicators = make_indicators(3, reporter=people.reporter, owner=people.owner, prefix="S")
        MonthlyValue.objects.bulk_create(
            MonthlyValue(indicator=i, month=SEPTEMBER, state=ValueState.WITH_OWNER, value=1)
            for i in indicators
        )
        client.force_login(people.owner)
        everything = client.get("/returns/to-submit/").context["everything"]
        assert len(everything) == 3
        confirm = {"monthly_values": everything, "confirm": "1"}
        client.post("/returns/step/", {"step": "submit", **confirm})
        client.force_login(people.team)
        page = client.get("/returns/overview/values/", {"state": "submitted"})
        assert page.context["everything"] == everything
        client.post("/returns/step/", {"step": "accept", **confirm})
        assert MonthlyValue.objects.filter(state=ValueState.ACCEPTED).count() == 3
        assert ReturnEvent.objects.filter(action=Action.ACCEPTED).count() == 3

    def test_a_refused_bulk_step_says_why_and_changes_nothing(self, client, people, with_owner):
        client.force_login(people.team)
        response = client.post(
            "/returns/step/", {"step": "accept", "monthly_values": [with_owner.pk]}, follow=True
        )
        assert "M000 is with owner, so it cannot be accepted." in response.content.decode()
        assert value_of(with_owner.indicator).state == ValueState.WITH_OWNER


class TestPeriodPages:
    def test_open_a_month_with_its_working_day_due_date(self, client_as):
        client = client_as(roles.PERFORMANCE_TEAM)
        response = client.post(
            "/returns/periods/open/", {"month": "2016-12", "due_date_0": "", "due_date_1": ""}
        )
        assert response["Location"] == "/returns/overview/?month=2016-12"
        period = ReportingPeriod.objects.get()
        assert period.due_date == date(2017, 1, 16)  # 2 January 2017 is a bank holiday

    def test_opening_a_month_twice_is_refused_on_the_form(self, client_as, people, period):
        client = client_as(roles.PERFORMANCE_TEAM)
        response = client.post("/returns/periods/open/", {"month": "2016-09"})
        assert "September 2016 is already open for returns." in response.content.decode()

    def test_lock_publish_and_reopen_from_the_overview(self, client, people, period):
        client.force_login(people.team)
        assert "Lock September 2016" in client.get("/returns/overview/").content.decode()
        client.post("/returns/periods/2016-09/lock/", {"confirm": "1"})
        assert "Publish September 2016" in client.get("/returns/overview/").content.decode()
        client.post("/returns/periods/2016-09/publish/", {"confirm": "1"})
        assert ReportingPeriod.objects.get().status == PeriodStatus.PUBLISHED
        assert (
            "Answer the question: Why are you reopening it?"
            in client.post("/returns/periods/2016-09/reopen/", {"reason": ""}).content.decode()
        )
        client.post("/returns/periods/2016-09/reopen/", {"reason": "Late CP data"})
        period.refresh_from_db()
        assert period.status == PeriodStatus.OPEN
        assert period.events.get(action=Action.REOPENED).reason == "Late CP data"

    @pytest.mark.parametrize("step", ["lock", "publish"])
    def test_locking_and_publishing_show_what_is_provisional_and_ask_to_confirm(
        self, client, people, period, draft, step
    ):
        if step == "publish":
            periods.lock_period(user=people.team, period=period)
        client.force_login(people.team)
        response = client.post(f"/returns/periods/2016-09/{step}/")
        page = response.content.decode()
        assert response.status_code == 200
        assert f"{step.capitalize()} September 2016?" in page
        assert "Accepted so far: 0 of 1 value of September 2016." in page
        assert "Still provisional (1)" in page and draft.indicator.ref in page
        assert 'name="confirm"' in page
        period.refresh_from_db()
        assert period.status == (PeriodStatus.OPEN if step == "lock" else PeriodStatus.LOCKED)
        client.post(f"/returns/periods/2016-09/{step}/", {"confirm": "1"})
        period.refresh_from_db()
        assert period.status == (PeriodStatus.LOCKED if step == "lock" else PeriodStatus.PUBLISHED)

    def test_a_period_step_out_of_order_is_explained(self, client, people, period):
        client.force_login(people.team)
        response = client.post("/returns/periods/2016-09/publish/", follow=True)
        assert "September 2016 is open: it cannot be published now." in response.content.decode()

    def test_an_owner_cannot_lock_a_month(self, client, people, period):
        client.force_login(people.owner)
        assert client.post("/returns/periods/2016-09/lock/").status_code == 403
        assert ReportingPeriod.objects.get().status == PeriodStatus.OPEN


class TestOverview:
    def test_progress_by_area_and_person_and_what_is_missing(self, client, people, period, draft):
        MonthlyValue.objects.filter(pk=draft.pk).update(value=Decimal(4))
        more = make_indicators(2, reporter=people.other_reporter, owner=people.owner, prefix="O")
        MonthlyValue.objects.create(
            indicator=more[0], month=SEPTEMBER, value=1, commentary="Fine", state="submitted"
        )
        client.force_login(people.team)
        response = client.get("/returns/overview/")
        overview = response.context["overview"]
        # Every value expected is counted, the one not started too.
        assert (overview.total.counts["total"], overview.total.counts["draft"]) == (3, 1)
        assert (overview.counts["submitted"], overview.counts["not_started"]) == (1, 1)
        assert [(p.label, p.counts["total"]) for p in overview.by_reporter] == [
            ("Rita Reporter", 1),
            ("Rob Other", 2),
        ]
        assert [(gap.indicator.ref, gap.what) for gap in overview.missing] == [
            ("M000", "Commentary missing"),
            ("O001", "No value or commentary started"),
        ]
        html = response.content.decode()
        assert "What is missing (2)" in html

    def test_a_derived_indicator_is_not_expected(self, client, people, period, draft):
        """Its value is worked out from its inputs and its page takes no entry: it is
        neither counted nor missing (issue 26: the month has one count)."""
        MonthlyValue.objects.filter(pk=draft.pk).update(value=Decimal(4), commentary="Fine")
        derived = make_indicators(
            2, reporter=people.reporter, owner=people.owner, prefix="D",
            numerator=draft.indicator, scale=Decimal(10_000),
        )  # fmt: skip
        MonthlyValue.objects.bulk_create(
            [
                MonthlyValue(indicator=derived[0], month=SEPTEMBER, commentary="Rate rose"),
                MonthlyValue(indicator=derived[1], month=SEPTEMBER),
            ]
        )
        client.force_login(people.team)
        overview = client.get("/returns/overview/").context["overview"]
        assert overview.missing == []
        assert (overview.expected, overview.counts["draft"]) == (1, 1)  # M000 alone

    def test_an_ended_measure_is_not_expected_after_its_end(self, client, people, period, draft):
        """Issue 26: EH1 "ended July 2016" was counted, overdue, missing and provisional in
        September through the draft it kept."""
        (ended,) = make_indicators(1, reporter=people.reporter, owner=people.owner, prefix="E")
        Indicator.objects.filter(pk=ended.pk).update(active_to=date(2016, 7, 1))
        stray = MonthlyValue.objects.create(indicator=ended, month=SEPTEMBER)
        ReportingPeriod.objects.filter(pk=period.pk).update(due_date=SEPTEMBER)  # overdue
        client.force_login(people.team)
        overview = client.get("/returns/overview/").context["overview"]
        assert (overview.expected, overview.counts["overdue"]) == (1, 1)  # M000 alone
        assert [gap.indicator.ref for gap in overview.missing] == ["M000"]
        assert stray not in overview.provisional
        client.force_login(people.reporter)
        lines = client.get("/returns/my-month/").context["table"].data.data
        assert {line.indicator.ref: line.overdue for line in lines} == {
            "M000": True,
            "E000": False,
        }


def _many(people, count: int) -> ReportingPeriod:
    """``count`` indicators of one reporter and owner, with a year of history, spread over
    every state of the month, a few of them returned."""
    indicators = make_indicators(count, reporter=people.reporter, owner=people.owner, prefix="Q")
    MonthlyValue.objects.bulk_create(
        MonthlyValue(indicator=indicator, month=date(2016, month, 1), value=month, commentary="c")
        for indicator in indicators
        for month in range(1, 9)
    )
    period = open_month(people.team)
    values = list(MonthlyValue.objects.filter(month=SEPTEMBER))
    states = [ValueState.DRAFT, ValueState.WITH_OWNER, ValueState.SUBMITTED, ValueState.ACCEPTED]
    for index, state in enumerate(states):
        MonthlyValue.objects.filter(pk__in=[row.pk for row in values[index::4]]).update(state=state)
    returned = MonthlyValue.objects.filter(state=ValueState.WITH_OWNER)[:1]
    workflow.return_to_reporter(user=people.owner, monthly_values=returned, reason="Check it")
    return period


@pytest.mark.parametrize("count", [10, 300])
@pytest.mark.parametrize(
    ("actor", "url", "budget"),
    [
        ("reporter", "/returns/my-month/", 13),
        ("owner", "/returns/to-submit/", 16),
        ("team", "/returns/overview/", 9),
        ("team", "/returns/overview/values/", 19),
    ],
)
def test_worklists_run_a_constant_number_of_queries(
    client, people, django_assert_max_num_queries, count, actor, url, budget
):
    _many(people, count)
    client.force_login(people[actor])
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200
    if "table" in response.context:
        assert response.context["table"].rows  # the page did list values


def test_the_owner_sees_a_values_flags_before_submitting_it(client, people):
    contacts, referrals = make_indicators(2, reporter=people.reporter, owner=people.owner)
    ValidationRule.objects.create(
        left=referrals, operator=Operator.AT_MOST, right_indicator=contacts, severity="error",
        message="Referrals cannot exceed contacts.",
    )  # fmt: skip
    open_month(people.team)
    MonthlyValue.objects.filter(indicator=contacts).update(value=10)
    MonthlyValue.objects.filter(indicator=referrals).update(value=12, commentary="Backlog.")
    put(value_of(referrals), ValueState.WITH_OWNER)
    client.force_login(people.owner)
    html = client.get("/returns/to-submit/").content.decode()
    assert "Referrals cannot exceed contacts." in html


def test_missing_commentary_shows_as_nothing(client, people, draft):
    MonthlyValue.objects.filter(pk=draft.pk).update(commentary="")
    client.force_login(people.team)
    response = client.get("/returns/overview/values/")
    table = response.context["table"]
    (row,) = table.rows
    assert row.get_cell("commentary") == ""
    assert ">None<" not in response.content.decode()


class TestBlankValues:
    """Issue 26: a blank value goes on only with the reason it is blank, and the pack says it."""

    def _post(self, client, monthly_value, **data):
        version = value_of(monthly_value.indicator).version
        return client.post(_value_url(monthly_value), {"version": version, **data})

    def test_a_cleared_value_passes_on_with_its_reason_and_the_pack_shows_it(
        self, client, people, draft
    ):
        add_values(draft.indicator, {date(2016, 8, 1): "40"}, state=ValueState.ACCEPTED)
        MonthlyValue.objects.filter(pk=draft.pk).update(value=12, commentary="Up")
        client.force_login(people.reporter)
        refused = self._post(client, draft, value="", commentary="", then="pass")
        assert refused.status_code == 200
        assert "M000, September 2016 has no value: choose why it is blank" in (
            refused.content.decode()
        )
        assert refused.context["form"].has_error("blank_reason")
        stored = value_of(draft.indicator)
        assert (stored.value, stored.commentary, stored.state) == (12, "Up", ValueState.DRAFT)

        passed = self._post(
            client, draft, value="", commentary="", blank_reason="not_yet_available", then="pass"
        )
        assert passed.status_code == 302
        stored = value_of(draft.indicator)
        assert (stored.value, stored.blank_reason, stored.state) == (
            None, BlankReason.NOT_YET_AVAILABLE, ValueState.WITH_OWNER,
        )  # fmt: skip
        assert stored.history.filter(blank_reason=BlankReason.NOT_YET_AVAILABLE).exists()

        client.force_login(people.owner)
        client.post("/returns/step/", {"step": "submit", "monthly_values": [draft.pk]})
        read_only = client.get(_value_url(draft)).content.decode()  # submitted: the team's now
        assert "No value: not yet available." in read_only
        client.force_login(people.team)
        client.post("/returns/step/", {"step": "accept", "monthly_values": [draft.pk]})
        assert value_of(draft.indicator).state == ValueState.ACCEPTED
        body = render_body(
            content=pack_content(month=SEPTEMBER), version=1, built_at=timezone.now()
        )
        assert "No value: not yet available." in body
        assert "1 of them blank (0 without a reason)" in body

    def test_another_reason_is_written_and_a_figure_takes_the_reason_away(
        self, client, people, draft
    ):
        client.force_login(people.reporter)
        page = self._post(client, draft, value="", blank_reason="other")
        assert "Write why the value is blank" in page.content.decode()
        self._post(client, draft, value="", blank_reason_text="System change over")
        stored = value_of(draft.indicator)
        assert (stored.blank_reason, stored.blank_reason_words) == (
            BlankReason.OTHER, "System change over",
        )  # fmt: skip
        self._post(client, draft, value="7", blank_reason="not_collected")
        stored = value_of(draft.indicator)
        assert (stored.value, stored.blank_reason, stored.blank_reason_text) == (7, "", "")

    def test_bulk_steps_refuse_a_blank_without_a_reason_and_name_it(self, client, people, draft):
        (other,) = make_indicators(1, reporter=people.reporter, owner=people.owner, prefix="F")
        MonthlyValue.objects.create(indicator=other, month=SEPTEMBER, value=3)
        client.force_login(people.reporter)
        everything = client.get("/returns/my-month/").context["everything"]
        data = {"step": "pass", "monthly_values": everything, "confirm": "1"}
        response = client.post("/returns/step/", data, follow=True)
        shown = [str(message) for message in response.context["messages"]]
        # The blank without its reason stays, named; the other goes on (issue 26).
        assert any("1 left as it was: M000, September 2016 has no value" in m for m in shown)
        assert value_of(draft.indicator).state == ValueState.DRAFT
        assert value_of(other).state == ValueState.WITH_OWNER

    def test_a_percentage_typed_as_a_fraction_is_questioned_until_confirmed(
        self, client, people, draft
    ):
        Indicator.objects.filter(pk=draft.indicator_id).update(unit=Unit.PERCENTAGE)
        history = months_from(date(2016, 3, 1), ["22", "25", "31", "28", "26", "30"])
        add_values(draft.indicator, history, state=ValueState.ACCEPTED)
        client.force_login(people.reporter)
        asked = self._post(client, draft, value="0.28", commentary="Fewer")
        assert asked.status_code == 200
        assert "did you mean 28%?" in asked.content.decode()
        assert "confirm_value" in asked.context["form"].fields
        assert value_of(draft.indicator).value is None

        corrected = self._post(client, draft, value="28", commentary="Fewer")
        assert corrected.status_code == 302 and value_of(draft.indicator).value == 28
        confirmed = self._post(client, draft, value="0.28", commentary="Fewer", confirm_value="on")
        assert confirmed.status_code == 302
        assert value_of(draft.indicator).value == Decimal("0.28")


# --- Issue 26: one count of a month, the next step, bulk steps confirmed with counts -------


def _a_month_in_every_state(people) -> dict[str, MonthlyValue]:
    """Two accepted, one submitted, one with the owner, one draft, one not started; an ended
    measure's stray draft and a derived indicator's row, neither of them expected."""
    refs = ("A0", "A1", "S0", "W0", "D0", "N0")
    made = {
        ref: make_indicators(1, reporter=people.reporter, owner=people.owner, prefix=ref)[0]
        for ref in (*refs, "E0", "R0")
    }
    Indicator.objects.filter(pk=made["E0"].pk).update(active_to=date(2016, 7, 1))
    Indicator.objects.filter(pk=made["R0"].pk).update(numerator=made["A0"], scale=100)
    period = open_month(people.team)  # drafts every expected one
    MonthlyValue.objects.filter(indicator=made["N0"]).delete()  # not started
    for ref in ("E0", "R0"):
        MonthlyValue.objects.create(indicator=made[ref], month=SEPTEMBER)
    states = {"A0": "accepted", "A1": "accepted", "S0": "submitted", "W0": "with_owner"}
    for ref, state in states.items():
        put(value_of(made[ref]), state, value=5, commentary="Why")
    return period


def test_every_page_counts_the_month_alike(client, people):
    """The overview, the lock and publish confirmations, the team's home page, the pack's
    cover and summary: 2 of 6 accepted, 4 not yet (issue 26 found four different counts)."""
    from packs import services as pack_services
    from packs.builders.common import data_status
    from packs.models import Pack

    period = _a_month_in_every_state(people)
    client.force_login(people.team)
    overview = client.get("/returns/overview/").content.decode()
    assert "2 of 6 values expected are accepted; 4 are not yet accepted." in overview
    home = client.get("/").content.decode()
    assert 'id="glance-accepted">2 of 6</dd>' in home
    lock = client.post("/returns/periods/2016-09/lock/").content.decode()
    assert "Accepted so far: 2 of 6 values of September 2016." in lock
    assert "4 of 6 values are not yet accepted" in lock
    pack_services.request_build(month=SEPTEMBER)
    pack = Pack.objects.get()
    assert pack.provisional_count == 4
    publish_page = client.post("/packs/2016-09/v1/publish/").content.decode()
    assert "Accepted so far: 2 of 6 values of September 2016" in publish_page
    assert "4 of 6 values are not yet accepted" in publish_page
    content = pack_content(month=SEPTEMBER)
    assert data_status(content).startswith("Provisional: 4 of 6 values are not yet accepted")
    body = render_body(content=content, version=1, built_at=timezone.now())
    assert "Returns: 2 of 6 values accepted, 4 not yet accepted (1 submitted" in body
    assert content.completeness.total.expected == 6  # the table by area counts the same
    assert period.status == PeriodStatus.OPEN


class TestNextStep:
    def _primary(self, html: str) -> list[str]:
        """The texts of the primary buttons of the page's next-step group."""
        import re

        group = html[html.index('id="next-step"') :]
        group = group[: group.index("</div>")]
        return [
            re.sub(r"\s+", " ", text).strip()
            for text in re.findall(r'class="govuk-button"[^>]*>([^<]+)<', group)
        ]

    def test_the_overview_offers_each_step_of_the_cycle_in_turn(self, client, people, draft):
        client.force_login(people.team)
        put(draft, ValueState.SUBMITTED, value=1, commentary="Why")
        page = client.get("/returns/overview/").content.decode()
        assert self._primary(page) == ["Accept or return the submitted values (1)"]
        put(draft, ValueState.ACCEPTED)
        assert self._primary(client.get("/returns/overview/").content.decode()) == [
            "Lock September 2016"
        ]
        client.post("/returns/periods/2016-09/lock/", {"confirm": "1"})
        assert self._primary(client.get("/returns/overview/").content.decode()) == [
            "Publish September 2016"
        ]
        client.post("/returns/periods/2016-09/publish/", {"confirm": "1"})
        page = client.get("/returns/overview/").content.decode()
        assert self._primary(page) == ["Build the pack"]
        assert "Accept or return" not in page and "/packs/build/?month=2016-09" in page
        assert "Open October 2016" in page
        client.post("/returns/periods/open/", {"month": "2016-10"})
        assert ReportingPeriod.objects.filter(month=date(2016, 10, 1)).exists()
        page = client.get("/returns/overview/?month=2016-09").content.decode()
        assert "Open October 2016" not in page

    def test_saving_and_moving_on_is_the_primary_button_save_is_secondary(
        self, client, people, with_owner
    ):
        client.force_login(people.owner)
        page = client.get(_value_url(with_owner)).content.decode()
        primary = page.index('class="govuk-button" name="then" value="submit"')
        secondary = page.index('class="govuk-button govuk-button--secondary" name="then" value=""')
        assert primary < secondary


class TestBulkSteps:
    def _drafts(self, people, count: int) -> list[MonthlyValue]:
        indicators = make_indicators(
            count, reporter=people.reporter, owner=people.owner, prefix="B"
        )
        return [
            MonthlyValue.objects.create(indicator=i, month=SEPTEMBER, value=1, commentary="c")
            for i in indicators
        ]

    def test_a_bulk_step_asks_first_with_its_counts(self, client, people, period):
        drafts = self._drafts(people, 3)
        client.force_login(people.reporter)
        everything = client.get("/returns/my-month/").context["everything"]
        data = {"step": "pass", "monthly_values": everything, "next": "/returns/my-month/"}
        page = client.post("/returns/step/", data).content.decode()
        assert "Pass to the owner: 3 values?" in page
        assert "3 values will be passed to the owner:" in page
        assert "Yes, pass to the owner: 3 values" in page
        assert "1 cannot be passed to the owner now" in page  # M000: blank, no reason
        assert not MonthlyValue.objects.filter(state=ValueState.WITH_OWNER).exists()
        client.post("/returns/step/", {**data, "confirm": "1"})
        assert {value_of(d.indicator).state for d in drafts} == {ValueState.WITH_OWNER}

    def test_passing_all_leaves_a_flagged_draft_and_passes_the_rest(self, client, people, period):
        drafts = self._drafts(people, 2)
        ValidationRule.objects.create(
            left=drafts[0].indicator, operator=Operator.AT_MOST, constant=Decimal(0),
            message="Check the count.",
        )  # fmt: skip
        MonthlyValue.objects.filter(pk=drafts[0].pk).update(commentary="")
        client.force_login(people.reporter)
        data = {"step": "pass", "monthly_values": [d.pk for d in drafts], "confirm": "1"}
        response = client.post("/returns/step/", data, follow=True)
        shown = " ".join(str(message) for message in response.context["messages"])
        assert "B000, September 2016 is flagged" in shown
        assert value_of(drafts[0].indicator).state == ValueState.DRAFT
        assert value_of(drafts[1].indicator).state == ValueState.WITH_OWNER

    def test_a_returned_draft_is_not_passed_again_until_it_is_touched(self, client, people, period):
        drafts = self._drafts(people, 2)
        put(drafts[0], ValueState.WITH_OWNER)
        workflow.return_to_reporter(
            user=people.owner, monthly_values=[drafts[0]], reason="Wrong month"
        )
        client.force_login(people.reporter)
        data = {"step": "pass", "monthly_values": [d.pk for d in drafts]}
        page = client.post("/returns/step/", data).content.decode()
        assert "1 value will be passed to the owner:" in page
        assert "B000, September 2016 was returned to the reporter" in page
        assert "Wrong month" in page
        client.post("/returns/step/", {**data, "confirm": "1"})
        assert value_of(drafts[0].indicator).state == ValueState.DRAFT
        returned = value_of(drafts[0].indicator)
        workflow.save_value(
            user=people.reporter, monthly_value=returned, version=returned.version,
            value=Decimal(2), commentary="Corrected",
        )  # fmt: skip
        client.post("/returns/step/", {**data, "confirm": "1"})
        assert value_of(drafts[0].indicator).state == ValueState.WITH_OWNER


def test_due_dates_and_overdue_marks_read_as_the_portals_today(client, people, draft, settings):
    """The demo's ``PORTAL_TODAY`` (core.clock) decides what is overdue, not the real date."""
    client.force_login(people.reporter)
    settings.PORTAL_TODAY = "2016-10-10"
    assert "Overdue" not in client.get("/returns/my-month/").content.decode()
    settings.PORTAL_TODAY = "2016-10-17"
    assert "14 October 2016 <strong" in client.get("/returns/my-month/").content.decode()
