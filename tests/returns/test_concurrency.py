"""Two people saving the same value at the same moment, on real connections: one wins."""

import threading
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection, connections

from returns.services import workflow
from tests.returns.conftest import value_of

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgresql("row locks between threads"),
]


@pytest.fixture
def roles_restored(serialized_database) -> None:
    """Roles and permissions as migrations made them (an earlier transactional test flushed)."""
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    connection.creation.deserialize_db_from_string(serialized_database)


def test_two_simultaneous_saves_at_the_same_version_cannot_both_win(roles_restored, people, draft):
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(actor: str, commentary: str) -> None:
        monthly_value = value_of(draft.indicator)  # each loads version 1 on its own connection
        start.wait()
        try:
            workflow.save_value(
                user=people[actor],
                monthly_value=monthly_value,
                version=1,
                value=Decimal(1),
                commentary=commentary,
            )
            outcomes[actor] = "saved"
        except workflow.StaleVersion:
            outcomes[actor] = "refused"
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=("reporter", "Rita's")),
        threading.Thread(target=save, args=("reporter_deputy", "Dora's")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes.values()) == ["refused", "saved"]
    winner = next(actor for actor, outcome in outcomes.items() if outcome == "saved")
    stored = value_of(draft.indicator)
    assert stored.version == 2 and stored.updated_by == people[winner]
    assert stored.history.count() == 2  # opened, and the one save that won
