"""The state machine of the return (``returns.services.workflow``): every step, from every
state, by everyone."""

from datetime import date
from decimal import Decimal

import pytest

from core import roles
from core.models import ReportingPeriod
from indicators import value_writes
from indicators.models import BlankReason, ChangeKind, Deputy, Hat, MonthlyValue, ValueState
from quality.models import Operator, ValidationRule
from returns.models import Action, ReturnEvent
from returns.services import periods, workflow
from tests.indicators.factories import add_values, make_indicator
from tests.returns.conftest import SEPTEMBER, make_indicators, publish, put, value_of

pytestmark = pytest.mark.django_db

ACTORS = (
    "reporter",
    "reporter_deputy",
    "owner",
    "owner_deputy",
    "other_reporter",
    "other_owner",
    "team",
    "viewer",
)
STEP_FUNCTIONS = {
    "pass": workflow.pass_to_owner,
    "submit": workflow.submit,
    "return_to_reporter": workflow.return_to_reporter,
    "accept": workflow.accept,
    "return_to_owner": workflow.return_to_owner,
}
# Written out by hand from the issue, not derived from the code under test.
ALLOWED = {
    ("pass", ValueState.DRAFT): {"reporter", "reporter_deputy", "team"},
    ("submit", ValueState.WITH_OWNER): {"owner", "owner_deputy", "team"},
    ("return_to_reporter", ValueState.WITH_OWNER): {"owner", "owner_deputy", "team"},
    ("accept", ValueState.SUBMITTED): {"team"},
    ("return_to_owner", ValueState.SUBMITTED): {"team"},
    ("return_to_owner", ValueState.ACCEPTED): {"team"},
}
TARGET = {
    "pass": ValueState.WITH_OWNER,
    "submit": ValueState.SUBMITTED,
    "return_to_reporter": ValueState.DRAFT,
    "accept": ValueState.ACCEPTED,
    "return_to_owner": ValueState.WITH_OWNER,
}
EDITORS = {
    ValueState.DRAFT: {"reporter", "reporter_deputy", "team"},
    ValueState.WITH_OWNER: {"owner", "owner_deputy", "team"},
    ValueState.SUBMITTED: {"team"},
    ValueState.ACCEPTED: {"team"},
}


def _step(name: str, *, user, monthly_value, reason: str = "Please check the figure."):
    options = {"reason": reason} if name.startswith("return") else {}
    return STEP_FUNCTIONS[name](user=user, monthly_values=[monthly_value], **options)


@pytest.mark.parametrize("state", ValueState.values)
@pytest.mark.parametrize("name", STEP_FUNCTIONS)
@pytest.mark.parametrize("actor", ACTORS)
def test_every_step_from_every_state_by_everyone(people, draft, name, state, actor):
    monthly_value = put(draft, state, value=Decimal(12))
    user = people[actor]
    if actor in ALLOWED.get((name, state), set()):
        _step(name, user=user, monthly_value=monthly_value)
        monthly_value.refresh_from_db()
        assert monthly_value.state == TARGET[name]
        assert monthly_value.version == 2 and monthly_value.updated_by == user
        event = ReturnEvent.objects.get(monthly_value=monthly_value)
        assert (event.from_state, event.to_state, event.actor) == (state, TARGET[name], user)
        record = monthly_value.history.first()
        assert record.history_user == user and record.state == TARGET[name]
        assert record.history_change_reason.startswith(event.get_action_display())
    else:
        with pytest.raises(workflow.ReturnRefused):
            _step(name, user=user, monthly_value=monthly_value)
        monthly_value.refresh_from_db()
        assert monthly_value.state == state and monthly_value.version == 1
        assert not ReturnEvent.objects.filter(monthly_value=monthly_value).exists()


@pytest.mark.parametrize("state", ValueState.values)
@pytest.mark.parametrize("actor", ACTORS)
def test_who_may_change_value_and_commentary_in_each_state(people, draft, state, actor):
    monthly_value = put(draft, state)
    save = {"value": Decimal(12), "commentary": "Up with the new term.", "version": 1}
    if actor in EDITORS[state]:
        workflow.save_value(user=people[actor], monthly_value=monthly_value, **save)
        stored = MonthlyValue.objects.get(pk=monthly_value.pk)
        assert (stored.value, stored.commentary, stored.version) == (12, save["commentary"], 2)
        assert stored.state == state
        record = stored.history.first()
        assert (record.history_user, record.commentary) == (people[actor], save["commentary"])
    else:
        with pytest.raises(workflow.ReturnRefused, match="only the"):
            workflow.save_value(user=people[actor], monthly_value=monthly_value, **save)
        assert MonthlyValue.objects.get(pk=monthly_value.pk).version == 1


def test_a_return_needs_a_reason(people, with_owner):
    with pytest.raises(workflow.ReturnRefused, match="reason"):
        workflow.return_to_reporter(user=people.owner, monthly_values=[with_owner], reason="  ")
    assert value_of(with_owner.indicator).state == ValueState.WITH_OWNER


def test_the_item_goes_round_again_and_the_trail_tells_the_story(people, draft):
    workflow.save_value(
        user=people.reporter, monthly_value=draft, version=1, value=Decimal(5), commentary="x"
    )
    workflow.pass_to_owner(user=people.reporter, monthly_values=[draft])
    workflow.return_to_reporter(
        user=people.owner, monthly_values=[draft], reason="Commentary too short."
    )
    draft.refresh_from_db()
    workflow.save_value(
        user=people.reporter,
        monthly_value=draft,
        version=draft.version,
        value=Decimal(5),
        commentary="Contacts rose with the new school term.",
    )
    workflow.pass_to_owner(user=people.reporter, monthly_values=[draft])
    workflow.submit(user=people.owner, monthly_values=[draft])
    workflow.return_to_owner(user=people.team, monthly_values=[draft], reason="Check the count.")
    workflow.submit(user=people.owner_deputy, monthly_values=[draft])
    workflow.accept(user=people.team, monthly_values=[draft])
    trail = list(
        ReturnEvent.objects.filter(monthly_value=draft)
        .order_by("at", "pk")
        .values_list("action", "reason")
    )
    assert trail == [
        (Action.PASSED, ""),
        (Action.RETURNED_TO_REPORTER, "Commentary too short."),
        (Action.PASSED, ""),
        (Action.SUBMITTED, ""),
        (Action.RETURNED_TO_OWNER, "Check the count."),
        (Action.SUBMITTED, ""),
        (Action.ACCEPTED, ""),
    ]
    assert value_of(draft.indicator).state == ValueState.ACCEPTED


def test_bulk_steps_are_all_or_nothing_with_history_for_each(people, period):
    indicators = make_indicators(4, reporter=people.reporter, owner=people.owner, prefix="B")
    # The month was opened before these indicators existed: their values are added here.
    MonthlyValue.objects.bulk_create(
        MonthlyValue(indicator=i, month=SEPTEMBER, value=Decimal(5)) for i in indicators
    )
    values = list(MonthlyValue.objects.filter(indicator__in=indicators))
    put(values[3], ValueState.SUBMITTED)
    with pytest.raises(workflow.ReturnRefused, match="B003 is submitted"):
        workflow.pass_to_owner(user=people.reporter, monthly_values=values)
    assert MonthlyValue.objects.filter(state=ValueState.WITH_OWNER).count() == 0

    moved = workflow.pass_to_owner(user=people.reporter, monthly_values=values[:3])
    assert {row.state for row in moved} == {ValueState.WITH_OWNER}
    assert MonthlyValue.history.filter(state=ValueState.WITH_OWNER).count() == 3
    assert ReturnEvent.objects.filter(action=Action.PASSED).count() == 3


def test_a_step_over_a_newer_version_is_refused(people, draft):
    workflow.save_value(
        user=people.reporter, monthly_value=draft, version=1, value=Decimal(1), commentary="a"
    )
    with pytest.raises(workflow.ReturnRefused, match="changed after you opened it"):
        workflow.pass_to_owner(user=people.reporter, monthly_values=[draft], versions={draft.pk: 1})


def test_two_forms_at_the_same_version_only_the_first_save_wins(people, draft):
    first = value_of(draft.indicator)
    second = value_of(draft.indicator)
    workflow.save_value(
        user=people.reporter, monthly_value=first, version=1, value=Decimal(7), commentary="A"
    )
    with pytest.raises(workflow.StaleVersion):
        workflow.save_value(
            user=people.reporter_deputy,
            monthly_value=second,
            version=1,
            value=Decimal(8),
            commentary="B",
        )
    stored = value_of(draft.indicator)
    assert (stored.value, stored.commentary, stored.version) == (7, "A", 2)
    assert stored.history.count() == 2  # opened, then the first save


def test_saving_unchanged_text_writes_nothing(people, draft):
    workflow.save_value(
        user=people.reporter, monthly_value=draft, version=1, value=None, commentary=""
    )
    assert value_of(draft.indicator).version == 1
    assert draft.history.count() == 1


def test_save_then_pass_is_one_step(people, draft):
    workflow.save_value(
        user=people.reporter,
        monthly_value=draft,
        version=1,
        value=Decimal(3),
        commentary="Stable.",
        then="pass",
    )
    stored = value_of(draft.indicator)
    assert (stored.value, stored.state, stored.version) == (3, ValueState.WITH_OWNER, 3)


class TestLockingAndRevisions:
    @pytest.mark.parametrize("actor", ["reporter", "owner", "team"])
    def test_a_locked_month_refuses_every_change(self, people, period, draft, actor):
        periods.lock_period(user=people.team, period=period)
        with pytest.raises(workflow.ReturnRefused, match="September 2016 is locked"):
            workflow.save_value(
                user=people[actor], monthly_value=draft, version=1, value=1, commentary="x"
            )
        with pytest.raises(workflow.ReturnRefused, match="September 2016 is locked"):
            workflow.pass_to_owner(user=people[actor], monthly_values=[draft])
        assert value_of(draft.indicator).version == 1

    def test_no_step_without_a_reporting_period(self, people, indicator):
        MonthlyValue.objects.create(indicator=indicator, month=SEPTEMBER)
        row = value_of(indicator)
        with pytest.raises(workflow.ReturnRefused, match="not open for returns"):
            workflow.pass_to_owner(user=people.reporter, monthly_values=[row])

    @pytest.mark.parametrize("actor", ["reporter", "owner"])
    def test_published_values_are_corrected_only_by_the_team(self, people, period, draft, actor):
        publish(people.team, period, draft)
        with pytest.raises(workflow.ReturnRefused, match="published: ask the performance team"):
            workflow.save_value(
                user=people[actor], monthly_value=draft, version=1, value=1, commentary="x"
            )

    def test_a_correction_after_publication_is_a_revision_with_its_reason(
        self, people, period, draft
    ):
        publish(people.team, period, draft)
        with pytest.raises(workflow.ReturnRefused, match="reason for the revision"):
            workflow.save_value(
                user=people.team, monthly_value=draft, version=1, value=40, commentary="x"
            )
        workflow.save_value(
            user=people.team,
            monthly_value=draft,
            version=1,
            value=Decimal(41),
            commentary="Late referrals added.",
            reason="Late data from the MASH log",
        )
        stored = value_of(draft.indicator)
        assert (stored.value, stored.state) == (41, ValueState.ACCEPTED)
        record = stored.history.first()
        assert record.history_change_reason == (
            "Revised after publication: Late data from the MASH log"
        )
        event = ReturnEvent.objects.get(monthly_value=draft, action=Action.REVISED)
        assert (event.reason, event.actor) == ("Late data from the MASH log", people.team)

    def test_changes_in_a_reopened_month_are_revisions_too(self, people, period, draft):
        period = publish(people.team, period, draft)
        periods.reopen_period(user=people.team, period=period, reason="Late data")
        workflow.return_to_owner(user=people.team, monthly_values=[draft], reason="Fix it")
        workflow.return_to_reporter(user=people.owner, monthly_values=[draft], reason="Fix it")
        draft.refresh_from_db()
        with pytest.raises(workflow.ReturnRefused, match="reason for the revision"):
            workflow.save_value(
                user=people.reporter,
                monthly_value=draft,
                version=draft.version,
                value=Decimal(2),
                commentary="",
            )
        workflow.save_value(
            user=people.reporter,
            monthly_value=draft,
            version=draft.version,
            value=Decimal(2),
            commentary="",
            reason="Two referrals were missed",
        )
        assert ReturnEvent.objects.filter(
            monthly_value=draft, action=Action.REVISED, actor=people.reporter
        ).exists()


def test_a_reporter_group_member_deputising_as_owner_still_cannot_submit(people, with_owner):
    Deputy.objects.create(indicator=with_owner.indicator, hat=Hat.OWNER, user=people.reporter)
    with pytest.raises(workflow.ReturnRefused, match="only its owner"):
        workflow.submit(user=people.reporter, monthly_values=[with_owner])


def test_a_flagged_value_needs_commentary_before_it_is_passed_on(make_user):
    """Issue 11: "explain this movement" - a value breaking a rule goes on with commentary."""
    reporter = make_user(roles.REPORTER)
    contacts = make_indicator("Q1", reporter=reporter)
    referrals = make_indicator("Q2", reporter=reporter)
    ValidationRule.objects.create(
        left=referrals, operator=Operator.AT_MOST, right_indicator=contacts, severity="error",
        message="Referrals cannot exceed contacts.",
    )  # fmt: skip
    month = date(2016, 9, 1)
    ReportingPeriod.objects.create(month=month, due_date=date(2016, 10, 14))
    add_values(contacts, {month: "10"})
    [flagged] = add_values(referrals, {month: "12"})
    with pytest.raises(workflow.ReturnRefused, match="write commentary that explains it"):
        workflow.pass_to_owner(user=reporter, monthly_values=[flagged])
    flagged.commentary = "A data-entry backlog was cleared this month."
    flagged.save()
    workflow.pass_to_owner(user=reporter, monthly_values=[flagged])
    flagged.refresh_from_db()
    assert flagged.state == "with_owner"


# --- A blank value and its reason (issue 26) ----------------------------------------------

FORWARD = [
    ("pass", ValueState.DRAFT, "reporter", "passed to the owner"),
    ("submit", ValueState.WITH_OWNER, "owner", "submitted"),
    ("accept", ValueState.SUBMITTED, "team", "accepted"),
]


@pytest.mark.parametrize(("name", "state", "actor", "done"), FORWARD)
def test_a_blank_goes_on_only_with_its_reason(people, draft, name, state, actor, done):
    blank = put(draft, state)
    with pytest.raises(workflow.ReturnRefused) as refused:
        _step(name, user=people[actor], monthly_value=blank)
    assert str(refused.value) == (
        "M000, September 2016 has no value: choose why it is blank (not yet available, not "
        "collected this month, measure ended, or another reason, written) before it can be "
        f"{done}."
    )
    assert value_of(draft.indicator).state == state
    _step(name, user=people[actor], monthly_value=put(draft, state, blank_reason="not_collected"))
    assert value_of(draft.indicator).state == TARGET[name]


def test_a_derived_indicators_row_is_never_blank_by_anyones_hand(people, draft):
    (rate,) = make_indicators(
        1, reporter=people.reporter, owner=people.owner, prefix="N",
        numerator=draft.indicator, scale=Decimal(10_000),
    )  # fmt: skip
    row = MonthlyValue.objects.create(indicator=rate, month=SEPTEMBER, commentary="Rate rose")
    workflow.pass_to_owner(user=people.reporter, monthly_values=[row])
    assert value_of(rate).state == ValueState.WITH_OWNER


def test_the_reason_is_saved_in_the_history_and_a_figure_takes_it_away(people, draft):
    workflow.save_value(
        user=people.reporter, monthly_value=draft, version=1, value=None, commentary="",
        blank_reason=BlankReason.OTHER, blank_reason_text="New recording system",
    )  # fmt: skip
    stored = value_of(draft.indicator)
    assert (stored.blank_reason_words, stored.version) == ("New recording system", 2)
    record = stored.history.first()
    assert (record.blank_reason, record.blank_reason_text, record.history_change_reason) == (
        BlankReason.OTHER, "New recording system", "Edited",
    )  # fmt: skip
    workflow.save_value(
        user=people.reporter, monthly_value=stored, version=2, value=Decimal(4), commentary="",
        blank_reason=BlankReason.OTHER, blank_reason_text="New recording system",
    )  # fmt: skip
    stored = value_of(draft.indicator)
    assert (stored.value, stored.blank_reason, stored.blank_reason_text) == (4, "", "")
    assert stored.history.first().blank_reason == ""


def test_an_import_over_a_blank_takes_its_reason_away_and_a_blank_keeps_it(people, draft):
    """The one writer of values (imports too) keeps a reason with a blank only."""
    blank = put(draft, ValueState.DRAFT, blank_reason=BlankReason.MEASURE_ENDED)
    value_writes.update_values([(blank.pk, None, "Still none", 1)], user=None, reason="Imported",
                               kind=ChangeKind.IMPORTED)  # fmt: skip
    assert value_of(draft.indicator).blank_reason == BlankReason.MEASURE_ENDED
    value_writes.update_values([(blank.pk, Decimal(9), "", 2)], user=None, reason="Imported",
                               kind=ChangeKind.IMPORTED)  # fmt: skip
    assert value_of(draft.indicator).blank_reason == ""


def test_each_write_of_the_return_names_its_kind_in_the_history(people, period, draft):
    """Issue 27: the code reads a history record's kind, never the start of its reason."""
    workflow.save_value(
        user=people.reporter, monthly_value=draft, version=1, value=Decimal(5), commentary="Up"
    )
    workflow.pass_to_owner(user=people.reporter, monthly_values=[value_of(draft.indicator)])
    stored = value_of(draft.indicator)
    workflow.submit(user=people.owner, monthly_values=[stored])
    workflow.accept(user=people.team, monthly_values=[value_of(draft.indicator)])
    publish(people.team, period)
    workflow.save_value(
        user=people.team,
        monthly_value=value_of(draft.indicator),
        version=5,
        value=Decimal(6),
        commentary="Up",
        reason="Late data",
    )
    kinds = list(
        value_of(draft.indicator)
        .history.order_by("history_date", "history_id")
        .values_list("history_change_kind", "history_change_reason")
    )
    assert kinds == [
        (ChangeKind.OPENED, periods.OPENED),
        (ChangeKind.ENTERED, "Edited"),
        (ChangeKind.STEP, "Passed to the owner"),
        (ChangeKind.STEP, "Submitted"),
        (ChangeKind.STEP, "Accepted"),
        (ChangeKind.REVISION, "Revised after publication: Late data"),
    ]
