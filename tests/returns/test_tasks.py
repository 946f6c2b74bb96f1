"""E-mail reminders and return messages: to the right people, each only once."""

from datetime import date
from unittest import mock

import pytest
from django.conf import settings
from django.db import IntegrityError
from django.utils import timezone

from core.models import ReportingPeriod
from indicators.models import MonthlyValue, ValueState
from kpi_portal.celery import app
from returns import tasks
from returns.models import Action, ReminderKind, ReturnNotice, SentReminder
from returns.services import periods, reminders, workflow
from tests.packs.conftest import use_broker  # noqa: F401 (a fixture of the worker tests)
from tests.packs.test_worker import CLOSED_PORT
from tests.returns.conftest import SEPTEMBER, make_indicators, open_month, put

pytestmark = pytest.mark.django_db

BEFORE_REMINDERS = date(2016, 10, 10)  # due Friday 14 October; reminders from Tuesday 11th
REMINDER_DAY = date(2016, 10, 11)


@pytest.fixture(autouse=True)
def _three_working_days(settings):
    settings.RETURN_REMINDER_WORKING_DAYS = 3
    settings.PORTAL_URL = "https://kpi.example.org"


def _to(mailoutbox) -> list[str]:
    return sorted(address for message in mailoutbox for address in message.to)


def test_no_reminder_before_the_reminder_date(draft, mailoutbox):
    assert reminders.send_due_reminders(today=BEFORE_REMINDERS) == 0
    assert mailoutbox == []


def test_reporters_with_drafts_are_reminded_once(people, draft, mailoutbox):
    assert reminders.send_due_reminders(today=REMINDER_DAY) == 2
    assert _to(mailoutbox) == ["dora@example.org", "rita@example.org"]  # reporter and deputy
    message = mailoutbox[0]
    assert message.subject == "Reminder: 1 draft for September 2016, due 14 October 2016"
    assert "M000: Indicator M000" in message.body
    assert "https://kpi.example.org/returns/my-month/" in message.body

    assert reminders.send_due_reminders(today=date(2016, 10, 12)) == 0
    assert len(mailoutbox) == 2
    assert SentReminder.objects.filter(kind=ReminderKind.DRAFTS_DUE).count() == 2


def test_owners_with_values_waiting_are_reminded_and_reporters_are_not(
    people, with_owner, mailoutbox
):
    reminders.send_due_reminders(today=REMINDER_DAY)
    assert _to(mailoutbox) == ["olive@example.org", "otto@example.org"]
    assert mailoutbox[0].subject.startswith("Reminder: 1 value for September 2016 waiting")
    assert "https://kpi.example.org/returns/to-submit/" in mailoutbox[0].body


def test_one_reminder_lists_all_of_a_persons_drafts(people, period, draft, mailoutbox):
    indicators = make_indicators(2, reporter=people.reporter, owner=people.owner, prefix="D")
    MonthlyValue.objects.bulk_create(MonthlyValue(indicator=i, month=SEPTEMBER) for i in indicators)
    reminders.send_due_reminders(today=REMINDER_DAY)
    (to_rita,) = [message for message in mailoutbox if message.to == ["rita@example.org"]]
    assert to_rita.subject.startswith("Reminder: 3 drafts")
    assert all(ref in to_rita.body for ref in ("M000", "D000", "D001"))


def test_no_reminders_for_a_locked_month_or_values_already_passed(
    people, period, draft, mailoutbox
):
    put(draft, ValueState.SUBMITTED)
    assert reminders.send_due_reminders(today=REMINDER_DAY) == 0
    put(draft, ValueState.DRAFT)
    periods.lock_period(user=people.team, period=period)
    assert reminders.send_due_reminders(today=REMINDER_DAY) == 0
    assert mailoutbox == []


def test_someone_without_an_address_is_skipped_and_not_marked_sent(people, draft, mailoutbox):
    people.reporter_deputy.email = ""
    people.reporter_deputy.save()
    reminders.send_due_reminders(today=REMINDER_DAY)
    assert _to(mailoutbox) == ["rita@example.org"]
    assert not SentReminder.objects.filter(user=people.reporter_deputy).exists()


def test_a_failed_send_is_not_marked_sent_so_it_is_tried_again(
    people, draft, mailoutbox, monkeypatch
):
    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(reminders, "send_mail", broken)
    with pytest.raises(OSError):
        reminders.send_due_reminders(today=REMINDER_DAY)
    assert not SentReminder.objects.exists()
    monkeypatch.undo()
    assert reminders.send_due_reminders(today=REMINDER_DAY) == 2


def test_the_database_refuses_a_second_record_of_the_same_reminder(people, period):
    SentReminder.objects.create(kind=ReminderKind.DRAFTS_DUE, period=period, user=people.reporter)
    with pytest.raises(IntegrityError):
        SentReminder.objects.create(
            kind=ReminderKind.DRAFTS_DUE, period=period, user=people.reporter
        )


def test_the_beat_task_runs_eagerly_for_today(people, indicator, mailoutbox):
    open_month(people.team)  # due 14 October 2016: long past, so reminders are due
    assert tasks.send_due_reminders.delay().get() == 2
    assert len(mailoutbox) == 2
    schedule = settings.CELERY_BEAT_SCHEDULE["returns-reminders"]
    assert schedule["task"] == tasks.send_due_reminders.name
    assert schedule["task"] in app.tasks


class TestReturnMessages:
    def test_the_reporter_and_deputy_hear_why_a_value_came_back(
        self, people, with_owner, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            workflow.return_to_reporter(
                user=people.owner, monthly_values=[with_owner], reason="Use the MASH log figure."
            )
        assert _to(mailoutbox) == ["dora@example.org", "rita@example.org"]
        message = mailoutbox[0]
        assert message.subject == "1 value returned to you for September 2016"
        assert "Olive Owner returned this value to you" in message.body
        assert "M000 (September 2016): Use the MASH log figure." in message.body

    def test_the_owner_hears_when_the_team_returns_and_each_message_goes_once(
        self, people, draft, mailoutbox, django_capture_on_commit_callbacks
    ):
        put(draft, ValueState.SUBMITTED)
        with django_capture_on_commit_callbacks(execute=True):
            workflow.return_to_owner(user=people.team, monthly_values=[draft], reason="Recheck.")
        assert _to(mailoutbox) == ["olive@example.org", "otto@example.org"]
        assert "https://kpi.example.org/returns/to-submit/" in mailoutbox[0].body
        notice = ReturnNotice.objects.get()
        assert notice.events.get().action == Action.RETURNED_TO_OWNER
        assert tasks.send_notice.delay(notice_id=notice.pk).get() == 0
        assert reminders.notify_returned(event_ids=[notice.events.get().pk]) == 0
        assert len(mailoutbox) == 2

    def test_a_bulk_return_is_one_message_per_person(
        self, people, period, mailoutbox, django_capture_on_commit_callbacks
    ):
        indicators = make_indicators(2, reporter=people.reporter, owner=people.owner, prefix="W")
        MonthlyValue.objects.bulk_create(
            MonthlyValue(indicator=i, month=SEPTEMBER, state=ValueState.WITH_OWNER)
            for i in indicators
        )
        values = MonthlyValue.objects.filter(indicator__in=indicators)
        with django_capture_on_commit_callbacks(execute=True):
            workflow.return_to_reporter(user=people.owner, monthly_values=values, reason="Both")
        assert _to(mailoutbox) == ["rita@example.org"]
        assert mailoutbox[0].subject == "2 values returned to you for September 2016"
        assert SentReminder.objects.filter(kind=ReminderKind.RETURNED).count() == 2

    def test_forward_steps_send_no_message(
        self, people, draft, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            workflow.pass_to_owner(
                user=people.reporter, monthly_values=[put(draft, draft.state, value=1)]
            )
        assert callbacks == [] and mailoutbox == []


class TestTheOutbox:
    """A return records its e-mails with itself; the broker only hurries them along."""

    def test_with_the_broker_down_the_email_is_kept_and_the_drain_sends_it(
        self, client, people, with_owner, mailoutbox, django_capture_on_commit_callbacks,
        use_broker,  # noqa: F811 (the fixture imported above)
    ):  # fmt: skip
        use_broker(CLOSED_PORT)
        client.force_login(people.owner)
        data = {"step": "return_to_reporter", "monthly_values": [with_owner.pk],
                "confirm": "1", "reason": "Use the MASH log figure."}  # fmt: skip
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/returns/step/", data, follow=True)
        assert "Returned to the reporter: M000." in response.content.decode()
        assert mailoutbox == []  # the broker refused the task ...
        notice = ReturnNotice.objects.get()  # ... but the e-mail owed is kept
        assert notice.sent_at is None
        assert list(notice.events.values_list("reason", flat=True)) == ["Use the MASH log figure."]

        assert tasks.send_pending_notices.apply().get() == 2  # the beat task, on a worker
        assert _to(mailoutbox) == ["dora@example.org", "rita@example.org"]
        notice.refresh_from_db()
        assert notice.sent_at is not None and notice.attempts == 1
        assert tasks.send_pending_notices.apply().get() == 0  # sent once only
        assert len(mailoutbox) == 2

    def test_a_mail_server_down_counts_an_attempt_and_the_next_drain_sends(
        self, people, with_owner, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
    ):
        def broken(*args, **kwargs):
            raise OSError("mail server down")

        monkeypatch.setattr(reminders, "send_mail", broken)
        with django_capture_on_commit_callbacks(execute=True):
            workflow.return_to_reporter(
                user=people.owner, monthly_values=[with_owner], reason="Recheck."
            )
        notice = ReturnNotice.objects.get()
        assert notice.sent_at is None and notice.attempts == 1
        assert "OSError: mail server down" in notice.last_error
        assert not SentReminder.objects.exists()
        monkeypatch.undo()
        later = timezone.now() + reminders.NOTICE_RETRY_AFTER
        assert reminders.send_pending_notices(now=timezone.now()) == 0  # not before its time
        assert reminders.send_pending_notices(now=later) == 2
        notice.refresh_from_db()
        assert notice.sent_at is not None and notice.attempts == 2 and notice.last_error == ""

    def test_the_drain_is_on_the_beat_schedule(self):
        schedule = settings.CELERY_BEAT_SCHEDULE["returns-send-pending-notices"]
        assert schedule["task"] == tasks.send_pending_notices.name
        assert schedule["task"] in app.tasks


def test_the_monthly_task_opens_the_month_that_ended_once(people, indicator):
    """Issue 26: after September is published nothing opened October; the beat task opens
    the month just ended on the first of the next, with its drafts, unless it is open."""
    with mock.patch.object(timezone, "localdate", return_value=date(2016, 11, 1)):
        assert tasks.open_ended_month.delay().get() == "October 2016"
        assert tasks.open_ended_month.delay().get() == ""  # already open: nothing to do
    period = ReportingPeriod.objects.get(month=date(2016, 10, 1))
    assert period.due_date == date(2016, 11, 14)  # ten working days after it ended
    assert MonthlyValue.objects.filter(month=period.month, indicator=indicator).exists()
    assert period.events.get().actor is None  # the task, not a person
    schedule = settings.CELERY_BEAT_SCHEDULE["returns-open-ended-month"]
    assert schedule["task"] == tasks.open_ended_month.name and schedule["task"] in app.tasks
