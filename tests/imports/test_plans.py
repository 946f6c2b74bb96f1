"""The shared import flow, with a small importer that creates groups named in a CSV."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import DatabaseError

from core.models import ImportBatch
from imports import services as import_services
from imports.plans import ImportPlan, Problem, Severity, summary_lines
from imports.tables_io import UnreadableFile, read_rows

pytestmark = pytest.mark.django_db


class GroupImporter:
    kind = "groups"
    title = "Import groups"
    permission = "auth.add_group"

    def plan(self, *, data, filename, options, user) -> ImportPlan:
        plan = ImportPlan()
        existing = set(Group.objects.values_list("name", flat=True))
        plan.fingerprint_parts.append(",".join(sorted(existing)))
        names = []
        for row in read_rows(data)[1:]:
            name = row.cells[0]
            if not name.isalpha():
                plan.add_problem(
                    Problem("Expected letters only.", line=row.line, column="name", text=name)
                )
            elif name in existing:
                plan.counts["unchanged"] += 1
            else:
                plan.counts["new"] += 1
                names.append(name)
        plan.payload = names
        return plan

    def apply(self, plan, *, user, options) -> None:
        Group.objects.bulk_create(Group(name=name) for name in plan.payload)


def preview(data: bytes, user=None):
    return import_services.preview_import(
        importer=GroupImporter(), data=data, filename="groups.csv", options={}, user=user
    )


def test_preview_writes_nothing_but_the_log_and_confirm_applies(make_user):
    user = make_user()
    before = Group.objects.count()
    batch, _ = preview(b"name\nAlpha\nBeta\n", user)
    assert Group.objects.count() == before
    assert batch.counts["new"] == 2 and batch.status == ImportBatch.Status.PREVIEWED
    assert import_services.confirm_import(importer=GroupImporter(), batch=batch, user=user)
    assert set(Group.objects.filter(name__in=["Alpha", "Beta"]).values_list("name", flat=True)) == {
        "Alpha",
        "Beta",
    }
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED and batch.applied_at


def test_confirm_is_refused_when_the_data_changed_since_the_preview(make_user):
    batch, _ = preview(b"name\nAlpha\n", make_user())
    Group.objects.create(name="Gamma")
    assert not import_services.confirm_import(importer=GroupImporter(), batch=batch, user=None)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.REFUSED
    assert "changed after this preview" in batch.refusal
    assert not Group.objects.filter(name="Alpha").exists()


def test_a_bad_last_row_leaves_nothing_imported():
    lines = []
    result = import_services.import_from_command(
        importer=GroupImporter(),
        data=b"name\nAlpha\nBeta\nB3ta\n",
        filename="g.csv",
        options={},
        user=None,
        dry_run=False,
        write=lines.append,
    )
    assert result is False
    assert not Group.objects.filter(name__in=["Alpha", "Beta"]).exists()
    assert 'ERROR Row 4, column "name": "B3ta" - Expected letters only.' in lines


def test_dry_run_changes_nothing():
    lines = []
    assert import_services.import_from_command(
        importer=GroupImporter(),
        data=b"name\nAlpha\n",
        filename="g.csv",
        options={},
        user=None,
        dry_run=True,
        write=lines.append,
    )
    assert not Group.objects.filter(name="Alpha").exists()
    assert lines[-1] == "Dry run: nothing was imported."


def test_unreadable_file_is_one_plain_problem():
    batch, plan = preview(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest")
    assert plan.has_errors
    assert "password-protected" in batch.problems[0]["text_in_words"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"PK\x03\x04garbage", "The file is not a readable .xlsx workbook"),
        (b"a,b\x00,c", "binary data"),
    ],
)
def test_read_rows_refuses_with_plain_words(data, message):
    with pytest.raises(UnreadableFile, match=message):
        read_rows(data)


def test_read_rows_tsv_and_csv_with_line_numbers():
    assert [r.cells for r in read_rows(b"a\tb\n1\t2\n")] == [("a", "b"), ("1", "2")]
    rows = read_rows(b'x,y\n"multi\nline",2\nlast,3\n')
    assert [r.line for r in rows] == [1, 3, 4]


def test_problem_in_words_and_summary():
    plan = ImportPlan()
    plan.add_problem(
        Problem(
            "Expected a number.", line=3, column="Oct 15", text="3O%", context="M3, October 2015"
        )
    )
    plan.add_problem(Problem("Unknown column ignored.", column="Extra", severity=Severity.WARNING))
    assert (
        str(plan.problems[0])
        == 'Row 3, column "Oct 15" (M3, October 2015): "3O%" - Expected a number.'
    )
    assert summary_lines(plan)[0].startswith("new: 0, changed: 0")
    assert plan.summary_counts()["errors"] == 1 and plan.summary_counts()["warnings"] == 1


def test_read_rows_reads_excel_unicode_text():
    data = "Ref\tSep 16\nM1\t1,480\n".encode("utf-16")
    assert [r.cells for r in read_rows(data)] == [("Ref", "Sep 16"), ("M1", "1,480")]


def note(message: str) -> Problem:
    return Problem(message, severity=Severity.NOTE)


def test_problems_past_the_limit_are_counted_by_kind_not_kept_one_by_one(settings):
    """Issue 25: 616,719 notes of one file were each held, stored (12 MB) and shown."""
    settings.IMPORT_LISTED_PROBLEMS = 3
    plan = ImportPlan()
    for _ in range(12_345 + 3):
        plan.add_problem(note('"TBC" means not yet known; read as no value.'))
    plan.add_problem(note('"-": no value.'))
    plan.add_problem(Problem("Expected a number."))
    assert len(plan.problems.listed) == 4  # three notes, one error
    assert plan.counts["notes"] == 12_349 and plan.counts["errors"] == 1
    assert [str(p) for p in plan.notes[3:]] == [
        'And 12,345 more of this kind, not listed one by one: "TBC" means not yet known; '
        "read as no value.",
        'And 1 more of this kind, not listed one by one: "-": no value.',
    ]
    assert plan.has_errors


def test_kinds_past_a_hundred_are_counted_together(settings):
    settings.IMPORT_LISTED_PROBLEMS = 0
    plan = ImportPlan()
    for number in range(150):
        plan.add_problem(note(f'"{number}" is in a column without a heading; it was not read.'))
    assert len(plan.problems.unlisted) == 101
    assert str(plan.notes[-1]) == "And 50 more notes of other kinds, not listed one by one."


def test_a_preview_stores_the_listed_problems_and_a_line_per_kind(make_user, settings):
    settings.IMPORT_LISTED_PROBLEMS = 2
    data = b"name\n" + b"1\n" * 1_000
    batch, _ = import_services.preview_import(
        importer=GroupImporter(), data=data, filename="g.csv", options={}, user=make_user()
    )
    assert batch.counts["errors"] == 1_000
    assert [p["text_in_words"] for p in batch.problems] == [
        'Row 2, column "name": "1" - Expected letters only.',
        'Row 3, column "name": "1" - Expected letters only.',
        "And 998 more of this kind, not listed one by one: Expected letters only.",
    ]


def media_files(settings) -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def test_a_preview_keeps_its_upload_only_while_it_can_be_confirmed(make_user, settings):
    """Issue 25: a failed import left its upload in the media folder."""
    good, _ = preview(b"name\nAlpha\n", make_user())
    assert len(media_files(settings)) == 1
    bad, _ = preview(b"name\nB3ta\n", make_user())
    assert not bad.file and len(media_files(settings)) == 1
    refused = import_services.confirm_import(importer=GroupImporter(), batch=bad, user=None)
    assert refused.message == import_services.HAS_ERRORS
    Group.objects.create(name="Gamma")  # the data moves: the good preview is refused
    assert not import_services.confirm_import(importer=GroupImporter(), batch=good, user=None)
    assert media_files(settings) == []


def test_a_command_import_with_errors_leaves_no_upload(db, settings):
    import_services.import_from_command(
        importer=GroupImporter(), data=b"name\nB3ta\n", filename="g.csv", options={},
        user=None, dry_run=False, write=lambda line: None,
    )  # fmt: skip
    assert ImportBatch.objects.get().status == ImportBatch.Status.REFUSED
    assert media_files(settings) == []


def test_a_preview_that_crashes_while_it_is_logged_leaves_no_upload(db, settings, monkeypatch):
    """As when the log of 616,719 notes passed PostgreSQL's limit for a JSON column."""

    def fail(*args, **kwargs):
        raise DatabaseError("total size of jsonb array elements exceeds the maximum")

    monkeypatch.setattr(import_services, "record", fail)
    with pytest.raises(DatabaseError):
        preview(b"name\nAlpha\n")
    assert media_files(settings) == [] and not ImportBatch.objects.exists()
