"""Fuzzing the uploads: whatever the bytes, every importer answers with a plan - a valid
preview or problems in words - and never an exception (which would be a 500 on the page).

Bounded: a fixed number of examples per importer, so CI time stays predictable.
"""

import functools
import io
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from audits.importers import AuditImporter
from caseloads.importers import CaseloadImporter
from dataset_import.importers import DatasetImporter
from imports.plans import ImportPlan
from imports.services import make_plan

pytestmark = pytest.mark.django_db

VALID = {
    "dataset": (
        "Ref\tArea\tDescription\tOwner\tReporter\tAug 16\tSep 16\t"
        "% change from Aug 16\tCommentary\n"
        "M1\tMASH\tContacts\tJane White\tCatherine Parkin\t1,377\t1,480\t→ 7\tRise\n"
        "M3\tMASH\tConversion\tJane White\tCatherine Parkin\t22%\t28%\t↑ 27\tAs above\n"
    ),
    "audits": (
        "month,service_area,case_reference,auditor,status,grade,practitioner_discussion,"
        "chronology,case_summary,genogram,supervision_in_timescale,visit_in_timescale,"
        "good_practice,improvement\n"
        "2016-09,SWF,CD123456,qa,Completed,Good,yes,yes,no,n/a,yes,yes,Clear plan,Chronology\n"
    ),
    "caseloads": (
        "Practitioner,No. of Allocations,Qualifying Status,Allocated_Team\n"
        "P00001,21,SW,SWF East 1\nP00002,12,NQSW,SWF  East 1\n"
    ),
}
IMPORTERS = {
    "dataset": (DatasetImporter(), {"create_indicators": True}),
    "audits": (AuditImporter(), {}),
    "caseloads": (CaseloadImporter(), {"month": "2016-09", "create_teams": True}),
}
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "40")),
    derandomize=not os.environ.get("FUZZ_EXAMPLES"),  # CI repeatable; set it to explore
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@functools.cache  # one workbook per text: openpyxl stamps the time into each it writes
def as_xlsx(text: str) -> bytes:
    book = Workbook()
    for line in text.splitlines():
        book.active.append(line.replace(",", "\t").split("\t"))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def assert_answers(kind: str, data: bytes) -> None:
    importer, options = IMPORTERS[kind]
    plan = make_plan(importer=importer, data=data, filename="upload", options=options, user=None)
    assert isinstance(plan, ImportPlan)
    assert all(str(problem).strip() for problem in plan.problems)


@st.composite
def mutated(draw, original: bytes) -> bytes:
    """``original`` with a few bytes flipped, inserted or cut, or truncated."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, max(len(data) - 1, 0)))
        operation = draw(st.sampled_from(["flip", "insert", "delete", "truncate"]))
        if operation == "flip" and data:
            data[position] ^= draw(st.integers(1, 255))
        elif operation == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=8))
        elif operation == "delete" and data:
            del data[position]
        elif operation == "truncate":
            del data[position:]
    return bytes(data)


@pytest.mark.parametrize("kind", IMPORTERS)
@FUZZ
@given(data=st.binary(max_size=3_000))
def test_random_bytes(kind, data):
    assert_answers(kind, data)


@pytest.mark.parametrize("kind", IMPORTERS)
@FUZZ
@given(data=st.data())
def test_mutated_text_files(kind, data):
    assert_answers(kind, data.draw(mutated(VALID[kind].encode())))


@pytest.mark.parametrize("kind", IMPORTERS)
@FUZZ
@given(data=st.data())
def test_mutated_workbooks(kind, data):
    assert_answers(kind, data.draw(mutated(as_xlsx(VALID[kind]))))


@pytest.mark.parametrize("kind", IMPORTERS)
@FUZZ
@given(rows=st.lists(st.lists(st.text(max_size=12), max_size=8), max_size=8))
def test_random_cells_under_a_valid_header(kind, rows):
    header = VALID[kind].splitlines()[0]
    delimiter = "\t" if "\t" in header else ","
    body = "\n".join(delimiter.join(row) for row in rows)
    assert_answers(kind, f"{header}\n{body}\n".encode())


@pytest.mark.parametrize("kind", IMPORTERS)
def test_the_valid_files_plan_without_errors(kind, make_user):
    """The seeds of the mutations are themselves valid, in both formats."""
    make_user(username="qa")  # the auditor the audits file names
    importer, options = IMPORTERS[kind]
    for data in (VALID[kind].encode(), as_xlsx(VALID[kind])):
        plan = make_plan(importer=importer, data=data, filename="ok", options=options, user=None)
        assert not plan.has_errors, [str(problem) for problem in plan.errors]
