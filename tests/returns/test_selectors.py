"""Who reads which values, and the history of every change shown on the indicator page."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from indicators.models import REVISED_BY_IMPORT, ChangeKind, MonthlyValue, ValueState
from indicators.selectors import value_history
from indicators.value_writes import update_values
from returns.selectors import month_overview
from returns.services import periods, workflow
from tests.indicators.factories import make_indicator
from tests.returns.conftest import open_month, put

pytestmark = pytest.mark.django_db


class TestRestrict:
    def test_the_people_of_an_indicator_read_and_change_its_values(self, people, draft):
        for actor in ("reporter", "reporter_deputy", "owner", "owner_deputy", "team"):
            for action in ("view", "change"):
                assert list(MonthlyValue.objects.restrict(people[actor], action)) == [draft]

    def test_others_see_only_accepted_values_of_published_months(self, people, period, draft):
        outsiders = ("other_reporter", "other_owner", "viewer")
        for actor in outsiders:
            assert not MonthlyValue.objects.restrict(people[actor], "view").exists()
        put(draft, ValueState.ACCEPTED)
        periods.lock_period(user=people.team, period=period)
        for actor in outsiders:
            assert not MonthlyValue.objects.restrict(people[actor], "view").exists()
        periods.publish_period(user=people.team, period=period)
        for actor in outsiders:
            assert list(MonthlyValue.objects.restrict(people[actor], "view")) == [draft]
            assert not MonthlyValue.objects.restrict(people[actor], "change").exists()

    def test_nobody_signed_out_reads_anything(self, draft):
        assert not MonthlyValue.objects.restrict(AnonymousUser(), "view").exists()


class TestValueHistory:
    def test_every_change_with_who_when_old_and_new(self, people, draft):
        workflow.save_value(
            user=people.reporter, monthly_value=draft, version=1, value=Decimal(5), commentary="Up"
        )
        workflow.pass_to_owner(user=people.reporter, monthly_values=[draft])
        changes = value_history(indicator=draft.indicator, user=people.owner)
        passed, edited, opened = changes
        assert [(c.label, c.before, c.after) for c in passed.changes] == [
            ("State", "Draft", "With owner")
        ]
        assert passed.by == "Rita Reporter" and passed.reason == "Passed to the owner"
        assert [(c.label, c.before, c.after) for c in edited.changes] == [
            ("Value", None, Decimal(5)),
            ("Commentary", "", "Up"),
        ]
        assert opened.by == "Tess Team" and opened.reason == periods.OPENED
        assert not any(change.is_revision for change in changes)

    def test_who_is_the_full_name_else_the_username(self, people, draft):
        reporter = people.reporter
        workflow.save_value(
            user=reporter, monthly_value=draft, version=1, value=Decimal(5), commentary="Up"
        )
        for first, last, shown in (("", "Reporter", "Reporter"), ("", "", reporter.username)):
            reporter.first_name, reporter.last_name = first, last
            reporter.save()
            edited = value_history(indicator=draft.indicator, user=people.owner)[0]
            assert edited.by == shown == (reporter.get_full_name() or reporter.username)

    def test_imports_and_revisions_are_in_it(self, people, period, draft):
        update_values(
            [(draft.pk, Decimal(9), "Imported text", draft.version)],
            user=None,
            reason=REVISED_BY_IMPORT,
            kind=ChangeKind.IMPORT_REVISION,
        )
        (imported, _) = value_history(indicator=draft.indicator, user=people.team)
        assert imported.by == "An import or job" and imported.is_revision
        assert [c.label for c in imported.changes] == ["Value", "Commentary"]

    def test_only_for_values_the_reader_may_see(self, people, draft):
        assert value_history(indicator=draft.indicator, user=people.other_reporter) == []


def test_the_month_overview_groups_people_without_an_account_by_their_stored_names(people):
    make_indicator("M1", owner_name="Julian Watkins", reporter_name="Mary Hardy")
    make_indicator("M2")
    period = open_month(people.team)
    overview = month_overview(period=period, user=people.team, today=period.month)
    assert [p.label for p in overview.by_reporter] == ["Mary Hardy", "No reporter"]
    assert [p.label for p in overview.by_owner] == ["Julian Watkins", "No owner"]
