"""One header matching for every import (``imports.headers.match_headers``): issue 27."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from imports.headers import Column, columns_named, header_key, match_headers
from imports.plans import Severity

ROOT = Path(__file__).resolve().parents[2]
COLUMNS = (
    Column("practitioner", required=True),
    Column("allocations", ("allocations", "no. of allocations"), required=True),
    Column("team", ("team", "allocated team")),
)


def test_header_key():
    assert header_key("No. of  Allocations") == header_key("no._of_allocations")
    assert header_key(" Commentary (Jun-21): ") == "commentary (jun-21)"


@pytest.mark.parametrize(
    "header",
    [
        "No. of Allocations",
        "no_of_allocations",
        "NO OF ALLOCATIONS",
        "No-of-allocations:",
        "NoOfAllocations",
        "Allocations",
    ],
)
def test_a_header_matches_whatever_its_case_spaces_and_punctuation(header):
    headers = match_headers(["Practitioner", header], columns=COLUMNS, file="a caseload snapshot")
    assert headers.index == {"practitioner": 0, "allocations": 1}
    assert headers.written["allocations"] == header
    assert headers.problems == []


def test_an_alias_is_its_column():
    headers = match_headers(
        ["Allocated Team", "Practitioner", "Allocations"], columns=COLUMNS, file="a file"
    )
    assert headers.index == {"team": 0, "practitioner": 1, "allocations": 2}


def test_the_three_messages():
    headers = match_headers(
        ["Practitioner", "Notes", "", "Team", "Allocated team"],
        columns=COLUMNS,
        file="a caseload snapshot",
        line=1,
    )
    assert [(str(problem), problem.severity) for problem in headers.problems] == [
        (
            'Row 1, column "Allocated team": Column "Allocated team" repeats column "Team"; '
            "only the first is read.",
            Severity.WARNING,
        ),
        (
            'Row 1, column "Notes": Column "Notes" is not a column of a caseload snapshot; '
            "it was not read.",
            Severity.WARNING,
        ),
        (
            'Row 1: The header row has no allocations column (headed "allocations" or '
            '"no. of allocations").',
            Severity.ERROR,
        ),
    ]
    assert headers.index == {"practitioner": 0, "team": 3}  # the first team column is read
    assert headers.repeated == [(4, "Allocated team")]
    assert headers.missing == ["allocations"]


def test_unmatched_columns_are_left_to_the_importer_when_asked():
    """The dataset reads its months from the columns no name matches."""
    headers = match_headers(
        ["Practitioner", "Allocations", "Sep 16"],
        columns=COLUMNS,
        file="the dataset",
        report_unknown=False,
    )
    assert headers.unmatched == [(2, "Sep 16")] and headers.problems == []
    headers.unknown(2, "Sep 16")
    assert [problem.message for problem in headers.problems] == [
        'Column "Sep 16" is not a column of the dataset; it was not read.'
    ]


def test_a_pattern_stands_for_a_family_of_headers_and_many_may_match():
    columns = (
        Column("avg_12m", pattern=re.compile(r"12[ -]?mnths? avg\.?")),
        Column("computed", pattern=re.compile(r"dot|judgement"), many=True),
    )
    headers = match_headers(["12-mnth avg.", "DoT", "Judgement"], columns=columns, file="a file")
    assert headers.index == {"avg_12m": 0}
    assert headers.matched == [(0, "12-mnth avg.", "avg_12m"), (1, "DoT", "computed"),
                               (2, "Judgement", "computed")]  # fmt: skip
    assert headers.problems == []


def test_columns_named_marks_the_required():
    columns = columns_named(("month", "notes"), required=("month",))
    assert [(column.name, column.required) for column in columns] == [
        ("month", True),
        ("notes", False),
    ]


def _sources() -> list[Path]:
    return [
        path
        for package in (*settings.PORTAL_APPS, "imports", "kpi_portal")
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    ]


# What the four header matchers were and said before issue 27 made them one.
OLD_MATCHING = re.compile(
    r"def header_key|HEADER_SPACES|"
    r"Unknown column|This column is not read|lacks the column\(s\)|has no column|"
    r"\" is not a column of|repeats column|The header row has no"
)


def test_no_other_module_matches_headers_or_words_their_problems():
    sources = _sources()
    assert len(sources) > 100
    offenders = [
        str(path.relative_to(ROOT))
        for path in sources
        if path != ROOT / "imports" / "headers.py" and OLD_MATCHING.search(path.read_text())
    ]
    assert offenders == []


@pytest.mark.parametrize(
    "module",
    [
        "audits/importers.py",
        "caseloads/importers.py",
        "indicators/catalogue.py",
        "dataset_import/dataset_file/headers.py",
        "dataset_import/dataset_file/long.py",
        "records/reading.py",
    ],
)
def test_every_import_matches_its_header_through_the_one_function(module):
    assert "match_headers(" in (ROOT / module).read_text()
