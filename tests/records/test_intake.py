"""Reading, checking and pseudonymising uploaded lists (no database)."""

from datetime import date

import polars as pl

from imports.spreadsheets import Limits
from records.intake import take
from records.protection import pseudonymise
from tests.records.files import ASSESSMENTS, CONTACTS, REFERRALS, annex_a, csv_bytes

KEY = "test-key-of-at-least-thirty-two-characters"
TODAY = date(2016, 11, 1)
LIMITS = Limits(rows=1_000, columns=50, cells=10_000)  # a sheet of a workbook


def messages(intake, severity):
    return [str(problem) for problem in intake.of(severity)]


def test_a_workbook_with_a_sheet_per_list_is_read_and_pseudonymised():
    intake = take([("annex-a.xlsx", annex_a())], key=KEY, today=TODAY, limits=LIMITS)
    assert intake.errors == []
    assert intake.counts == {"contacts": 3, "referrals": 1, "assessments": 1}
    contacts = intake.frames["contacts"]
    pseudonym = pseudonymise(["AB123"], key=KEY)["AB123"]
    # identifiers are compared trimmed and in upper case: ab123 is AB123
    assert contacts["child_id"].to_list() == [pseudonym, contacts["child_id"][1], pseudonym]
    assert "AB123" not in contacts["child_id"].to_list() and len(pseudonym) == 64
    assert contacts["birth_month"].to_list()[0] == date(2010, 3, 1)  # month and year only
    assert contacts["contact_date"].to_list() == [
        date(2016, 9, 1),
        date(2016, 9, 15),
        date(2016, 10, 3),
    ]
    assert contacts["row"].to_list() == [2, 3, 4]
    assert intake.months() == (date(2016, 9, 1), date(2016, 10, 1))


def test_names_addresses_and_workers_are_dropped_with_a_note():
    intake = take([("annex-a.xlsx", annex_a())], key=KEY, today=TODAY, limits=LIMITS)
    notes = messages(intake, "note")
    assert (
        'Sheet "List 1 - Contacts", row 1, column "Child Name": dropped on arrival: names, '
        "addresses and workers are never stored." in notes
    )
    assert any('"Home Address": dropped on arrival: names' in note for note in notes)
    assert any('"Allocated Worker": dropped on arrival: names' in note for note in notes)
    kept = set().union(*(frame.columns for frame in intake.frames.values()))
    assert not {"Child Name", "Home Address", "name"} & kept


def test_errors_name_sheet_row_and_column():
    contacts = [
        CONTACTS[0],
        ["AB1", "", "", "", "", "31/02/2016", "", ""],  # no such date
        ["", "", "", "", "", "01/09/2016", "", ""],  # no child
        ["AB2", "", "", "", "", "01/12/2016", "", ""],  # after today
        ["AB3", "", "", "", "", "01/09/2016", "", ""],
        ["AB3", "", "", "", "", "01/09/2016", "", ""],  # repeats row 6
    ]
    plans = [
        ["Child Unique ID", "Child Protection Plan Start Date", "Child Protection Plan End Date"],
        ["P1", "10/09/2016", "09/09/2016"],  # ends before it starts
        ["P2", "01/01/2016", ""],
        ["P2", "01/06/2016", ""],  # overlaps: a warning
    ]
    intake = take(
        [("a.xlsx", annex_a(**{"List 1 - Contacts": contacts, "List 7": plans}))],
        key=KEY,
        today=TODAY,
        limits=LIMITS,
    )
    errors = messages(intake, "error")
    assert errors == [
        'Sheet "List 1 - Contacts", row 3, column "Child Unique ID": required, but blank.',
        'Sheet "List 1 - Contacts", row 2, column "Date of Contact": "31/02/2016" is not a '
        "date (write it as DD/MM/YYYY).",
        'Sheet "List 1 - Contacts", row 4, column "Date of Contact": 01/12/2016 is in the '
        "future (today is 01/11/2016).",
        'Sheet "List 1 - Contacts", row 6: repeats row 5 exactly: remove one, or it would be '
        "counted twice.",
        'Sheet "List 7", row 2, column "Child Protection Plan End Date": 09/09/2016 is before '
        "the 'Child Protection Plan Start Date', 10/09/2016.",
    ]
    assert messages(intake, "warning") == [
        'Sheet "List 7", row 4, column "Child Protection Plan Start Date": overlaps the same '
        "child's episode on row 3: the child is counted once."
    ]
    # nothing is pseudonymised (nor, by the services, stored) when a check fails
    assert intake.frames["contacts"]["child_id"][0] == "AB1"


def test_a_list_missing_a_required_column_is_an_error():
    rows = [["Child Unique ID", "Referral Source", "Date of referral"], ["A", "x", ""]]
    rows[0][2] = "Referral date typo"
    intake = take([("a.xlsx", annex_a(**{"List 3": rows}))], key=KEY, today=TODAY, limits=LIMITS)
    assert (
        'Sheet "List 3", row 1: The header row has no referral date column (headed "Date of '
        'referral" or "Referral Date").'
    ) in messages(intake, "error")
    assert (
        'Sheet "List 3", row 1: Column "Referral date typo" is not a column of List 3: '
        "referrals; it was not read."
    ) in messages(intake, "note")
    assert "referrals" not in intake.frames


def test_closed_up_headers_are_read_and_a_repeated_column_is_read_once():
    rows = [
        ["ChildUniqueID", "DATE_OF_REFERRAL", "Date of referral"],
        ["A", "01/09/2016", "02/09/2016"],
    ]
    intake = take([("a.xlsx", annex_a(**{"List 3": rows}))], key=KEY, today=TODAY, limits=LIMITS)
    assert intake.errors == []
    assert intake.frames["referrals"]["referral_date"].to_list() == [date(2016, 9, 1)]
    assert messages(intake, "warning") == [
        'Sheet "List 3", row 1: Column "Date of referral" repeats column "DATE_OF_REFERRAL"; '
        "only the first is read."
    ]


def test_csv_files_one_per_list_matched_by_their_headers():
    intake = take(
        [
            ("contacts.csv", csv_bytes(CONTACTS)),
            ("l3-extract.csv", csv_bytes(REFERRALS)),
            ("x.csv", csv_bytes(ASSESSMENTS)),
        ],
        key=KEY,
        today=TODAY,
        limits=LIMITS,
    )
    assert intake.errors == []
    assert intake.counts == {"contacts": 3, "referrals": 1, "assessments": 1}
    assert intake.frames["referrals"].schema["referral_date"] == pl.Date


def test_a_title_above_the_header_and_an_unknown_sheet():
    rows = [["Annex A list 4, extracted 01/11/2016"], [], *ASSESSMENTS]
    intake = take(
        [("a.xlsx", annex_a(Assessments=rows, Notes=[["read me"]]))],
        key=KEY,
        today=TODAY,
        limits=LIMITS,
    )
    assert intake.errors == []
    assert intake.frames["assessments"]["row"].to_list() == [4]
    assert 'Sheet "Notes": not an Annex A list the portal counts from: not read.' in (
        messages(intake, "note")
    )


def test_an_assessment_before_the_childs_first_referral_is_a_warning():
    assessments = [ASSESSMENTS[0], ["AB123", "01/08/2016", "30/09/2016"]]
    intake = take(
        [("a.xlsx", annex_a(Assessments=assessments))], key=KEY, today=TODAY, limits=LIMITS
    )
    assert any(
        "started 01/08/2016 before the child's first referral" in warning
        for warning in messages(intake, "warning")
    )


def test_an_unreadable_workbook_is_an_error():
    intake = take([("broken.xlsx", b"not a zip")], key=KEY, today=TODAY, limits=LIMITS)
    assert len(intake.errors) == 1
    assert "broken.xlsx cannot be read as a workbook" in str(intake.errors[0])


def test_ssda903_episodes_and_missing_tables_are_read_as_their_lists():
    episodes = [
        ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "DEC", "REC", "HOME_POST", "PL_POST"],
        ["101", "01/01/2016", "S", "C2", "N1", "U1", "01/06/2016", "X1", "AB1 2CD", "AB3 4EF"],
        ["101", "01/06/2016", "P", "C2", "N1", "U3", "", "", "AB1 2CD", "AB5 6GH"],
    ]
    missing = [["CHILD", "MISSING", "MIS_START", "MIS_END"], ["101", "M", "03/09/2016", ""]]
    intake = take(
        [("episodes.csv", csv_bytes(episodes)), ("missing.csv", csv_bytes(missing))],
        key=KEY,
        today=TODAY,
        limits=LIMITS,
    )
    assert intake.errors == []
    assert intake.counts == {"children_in_care": 2, "missing": 1}
    # consecutive episodes (a placement change) do not overlap
    assert intake.of("warning") == []
    notes = messages(intake, "note")
    assert any('"HOME_POST": dropped on arrival: names, addresses' in note for note in notes)
    assert any('"PL_POST": dropped on arrival: names, addresses' in note for note in notes)
