"""The lifecycle of a reporting month (``returns.services.periods``): opened with a draft for
every indicator due, locked, published and reopened by the performance team only."""

from datetime import date

import pytest

from core.models import AuditEvent, PeriodStatus
from indicators.models import MonthlyValue
from returns.models import Action, ReturnEvent
from returns.services import periods, workflow
from tests.indicators.factories import make_indicator
from tests.returns.conftest import SEPTEMBER

pytestmark = pytest.mark.django_db


class TestPeriods:
    def test_open_starts_a_draft_for_every_active_indicator(self, people):
        make_indicator("OLD", active_to=date(2016, 8, 1))
        make_indicator("NEW", active_from=date(2016, 9, 1))
        make_indicator("LATER", active_from=date(2016, 10, 1))
        period = periods.open_period(user=people.team, month=SEPTEMBER)
        assert period.due_date == date(2016, 10, 14)  # ten working days after 30 September
        assert period.status == PeriodStatus.OPEN
        started = MonthlyValue.objects.filter(month=SEPTEMBER)
        assert [row.indicator.ref for row in started] == ["NEW"]
        assert started.get().history.get().history_change_reason == periods.OPENED
        assert ReturnEvent.objects.get(period=period).action == Action.OPENED

    def test_opening_twice_is_refused(self, people, period):
        with pytest.raises(workflow.ReturnRefused, match="already open"):
            periods.open_period(user=people.team, month=SEPTEMBER)

    @pytest.mark.parametrize("actor", ["reporter", "owner", "viewer"])
    def test_only_the_team_opens_locks_publishes_and_reopens(self, people, period, actor):
        user = people[actor]
        with pytest.raises(workflow.ReturnRefused, match="performance team"):
            periods.open_period(user=user, month=date(2016, 10, 1))
        with pytest.raises(workflow.ReturnRefused, match="performance team"):
            periods.lock_period(user=user, period=period)
        locked = periods.lock_period(user=people.team, period=period)
        with pytest.raises(workflow.ReturnRefused, match="performance team"):
            periods.publish_period(user=user, period=locked)
        with pytest.raises(workflow.ReturnRefused, match="performance team"):
            periods.reopen_period(user=user, period=locked, reason="Late data")

    def test_lock_publish_reopen_in_order_with_their_events(self, people, period):
        with pytest.raises(workflow.ReturnRefused, match="cannot be published"):
            periods.publish_period(user=people.team, period=period)
        with pytest.raises(workflow.ReturnRefused, match="cannot be reopened"):
            periods.reopen_period(user=people.team, period=period, reason="Why not")
        period = periods.lock_period(user=people.team, period=period)
        with pytest.raises(workflow.ReturnRefused, match="cannot be locked"):
            periods.lock_period(user=people.team, period=period)
        period = periods.publish_period(user=people.team, period=period)
        assert period.status == PeriodStatus.PUBLISHED and period.was_published
        with pytest.raises(workflow.ReturnRefused, match="reason"):
            periods.reopen_period(user=people.team, period=period, reason=" ")
        period = periods.reopen_period(user=people.team, period=period, reason="Late data")
        assert period.status == PeriodStatus.OPEN and period.was_published
        trail = list(
            period.events.order_by("at", "pk").values_list(
                "action", "from_state", "to_state", "reason"
            )
        )
        assert trail == [
            (Action.OPENED, "", "open", ""),
            (Action.LOCKED, "open", "locked", ""),
            (Action.PUBLISHED, "locked", "published", ""),
            (Action.REOPENED, "published", "open", "Late data"),
        ]
        audit = AuditEvent.objects.filter(action=AuditEvent.Action.MONTH).order_by("pk")
        assert [(e.user, e.detail) for e in audit] == [
            (people.team, "September 2016: opened."),
            (people.team, "September 2016: locked."),
            (people.team, "September 2016: published."),
            (people.team, "September 2016: reopened. Reason: Late data"),
        ]
