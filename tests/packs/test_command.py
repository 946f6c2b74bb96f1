"""``manage.py build_pack``: queue (here: build in-process) and, with --wait, report."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from packs.models import Pack

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("build_pack", *args, stdout=out)
    return out.getvalue()


def test_build_and_wait_prints_the_outcome_and_the_files(small_month, make_user):
    make_user(username="performance")
    output = run("--month", "2016-09", "--wait", "--user", "performance")
    lines = output.splitlines()
    assert lines[0] == "Queued: September 2016, version 1."
    assert lines[1].startswith("September 2016, version 1 is ready (data ")
    assert lines[2] == "Provisional values: 2"
    files = [Path(line.split("  ")[0]) for line in lines[3:]]
    assert sorted(path.suffix for path in files) == [".html", ".pdf", ".xlsx"]
    assert all(path.is_file() for path in files)
    assert Pack.objects.get().requested_by.username == "performance"


def test_without_wait_it_only_says_what_it_queued(small_month):
    assert run("--month", "2016-09") == "Queued: September 2016, version 1.\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--month", "2016-13"], '"2016-13" is not a month'),
        (["--month", "2016-09", "--user", "nobody"], 'There is no user "nobody"'),
    ],
)
def test_mistakes_are_explained(db, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert not Pack.objects.exists()
