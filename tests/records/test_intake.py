"""Reading, checking and pseudonymising uploaded lists (no database)."""

import re
from datetime import date

import polars as pl

from imports.spreadsheets import Limits
from records.intake import take
from records.protection import pseudonymise
from tests.records.files import ASSESSMENTS, CONTACTS, REFERRALS, annex_a, csv_bytes, workbook

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
    # the two episodes follow one another: one period of care, list 8's one row
    assert intake.counts == {"episodes": 2, "missing": 1, "children_in_care": 1}
    # consecutive episodes (a placement change) do not overlap
    assert intake.of("warning") == []
    notes = messages(intake, "note")
    assert any('"HOME_POST": dropped on arrival: names, addresses' in note for note in notes)
    assert any('"PL_POST": dropped on arrival: names, addresses' in note for note in notes)


HEADER = [
    ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
    ["101", "1", "14/03/2004", "WBRI", "A123456789012", "", ""],
    ["102", "2", "02/11/2009", "MWBC", "B123456789012", "", ""],
    ["201", "2", "20/05/1996", "WBRI", "C123456789012", "", ""],
]
EPISODES = [
    ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
     "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"],
    # child 101: two periods of care, the first of two placements
    ["101", "01/01/2015", "S", "C2", "N1", "U1", "PR1", "01/06/2015", "", "CARPL", "", "", "SC1"],
    ["101", "01/06/2015", "P", "C2", "N1", "U3", "PR1", "01/09/2015", "E11", "", "", "", "SC2"],
    ["101", "01/03/2016", "S", "V2", "N1", "U1", "PR1", "", "", "", "", "", "SC1"],
    # child 102: a change of legal status only, in the same placement
    ["102", "10/02/2016", "S", "V2", "N4", "U1", "PR1", "10/04/2016", "", "", "", "", "SC3"],
    ["102", "10/04/2016", "L", "C2", "N4", "U1", "PR1", "", "", "", "", "", "SC3"],
]  # fmt: skip
OC3 = [
    ["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"],
    ["201", "20/05/1996", "YES", "F2", "B1"],
    ["202", "01/07/1996", "NO", "G6", "Z2"],  # not in the Header
]


def test_the_903_header_episodes_and_oc3_tables_by_their_headers():
    intake = take(
        [
            ("a.csv", csv_bytes(HEADER)),
            ("b.csv", csv_bytes(EPISODES)),
            ("c.csv", csv_bytes(OC3)),
        ],
        key=KEY,
        today=TODAY,
        limits=LIMITS,
    )
    assert intake.errors == []
    assert intake.counts == {
        "header": 3,
        "episodes": 5,
        "oc3": 2,
        "children_in_care": 3,
        "care_leavers": 2,
    }
    pseudonyms = pseudonymise(["101", "102", "201"], key=KEY)
    episodes = intake.frames["episodes"]
    # the Header gives each episode its child's sex, month of birth and ethnicity
    assert episodes.filter(pl.col("child_id") == pseudonyms["102"]).select(
        "gender", "birth_month", "ethnicity"
    ).unique().rows() == [("2", date(2009, 11, 1), "MWBC")]
    assert episodes["rne"].to_list() == ["S", "P", "S", "S", "L"]
    # list 8 from the episodes: one row per period of care, traced to its first episode
    periods = intake.frames["children_in_care"].sort("row")
    assert periods.select("row", "start_date", "end_date", "reason_ceased").rows() == [
        (2, date(2015, 1, 1), date(2015, 9, 1), "E11"),
        (4, date(2016, 3, 1), None, None),
        (5, date(2016, 2, 10), None, None),
    ]
    assert periods["birth_month"].to_list() == [date(2004, 3, 1)] * 2 + [date(2009, 11, 1)]
    # list 9 from OC3: in touch as given, accommodation suitable from ACCOM's last character
    leavers = intake.frames["care_leavers"]
    assert leavers.select("in_touch", "accommodation_suitable", "activity").rows() == [
        ("YES", "Yes", "F2"),
        ("NO", "No", "G6"),
    ]
    assert leavers["birth_month"].to_list() == [date(1996, 5, 1), date(1996, 7, 1)]
    assert messages(intake, "warning") == [
        'Sheet "c", row 3, column "CHILD": the child is not in the Header: no sex, date of '
        "birth or ethnicity for them."
    ]
    notes = messages(intake, "note")
    for column in ("UPN", "URN", "HOME_POST", "PL_POST"):
        assert any(f'"{column}": dropped on arrival' in note for note in notes), column
    kept = set().union(*(frame.columns for frame in intake.frames.values()))
    assert not {"upn", "urn", "home_post", "UPN"} & kept


def test_903_episodes_are_checked_as_the_dfe_validator_does():
    episodes = [
        ["CHILD", "DECOM", "RNE", "LS", "PLACE", "DEC"],
        ["101", "01/06/2016", "S", "C2", "U1", "01/05/2016"],  # DEC before DECOM
        ["102", "01/01/2016", "S", "C2", "U1", "01/06/2016"],
        ["102", "01/05/2016", "P", "C2", "U3", ""],  # overlaps the one before
        ["103", "01/01/2016", "", "C2", "U1", ""],  # no RNE
    ]
    header = [*HEADER, ["101", "1", "01/01/2010", "WBRI", "", "", ""]]  # 101 twice
    intake = take(
        [("Episodes.csv", csv_bytes(episodes)), ("Header.csv", csv_bytes(header))],
        key=KEY,
        today=TODAY,
        limits=LIMITS,
    )
    assert messages(intake, "error") == [
        'Sheet "Episodes", row 5, column "RNE": required, but blank.',
        'Sheet "Episodes", row 2, column "DEC": 01/05/2016 is before the \'DECOM\', 01/06/2016.',
        'Sheet "Episodes", row 4, column "DECOM": overlaps the same child\'s episode on row '
        "3: one episode must end (DEC) on or before the next one's start (DECOM).",
        'Sheet "Header", row 5, column "CHILD": the child is also on row 2: the Header has '
        "one row per child.",
    ]


def test_list_8_that_came_is_counted_as_it_came_beside_the_episodes():
    children_in_care = [
        ["Child Unique ID", "Date Started to be Looked After"],
        ["101", "01/03/2016"],
    ]
    intake = take(
        [
            ("a.xlsx", annex_a(**{"List 8": children_in_care})),
            ("Episodes.csv", csv_bytes(EPISODES)),
        ],
        key=KEY,
        today=TODAY,
        limits=LIMITS,
    )
    assert intake.errors == []
    assert intake.counts["children_in_care"] == 1 and intake.counts["episodes"] == 5
    assert (
        'Sheet "Episodes": List 8: children in care came too: it is counted as it came, not '
        "made from SSDA903: episodes."
    ) in messages(intake, "note")


ADOPTION = [
    ["Child Unique ID", "Family identifier", "Gender", "Ethnicity", "Date of Birth",
     "Date the Child Entered Care", "Date of Decision that Child Should be Placed for Adoption",
     "Date of Placement Order", "Date of Matching Child and Prospective Adopters",
     "Date Placed for Adoption", "Date of Adoption Order",
     "Date of Decision that Child Should No Longer be Placed for Adoption",
     "Reason Why Child No Longer Placed for Adoption"],
    ["C1", "F1", "a) Male", "WBRI", "14/05/2014", "01/01/2015", "01/10/2015", "01/12/2015",
     "01/03/2016", "01/04/2016", "01/09/2016", "", ""],
    ["C2", "F2", "b) Female", "WBRI", "02/05/2013", "01/01/2015", "01/10/2015", "",
     "", "", "", "01/06/2016", "RD3 - Prospective adopters could not be found"],
]  # fmt: skip
ADOPTERS = [
    ["Annex A list 11, extracted 01/11/2016"],
    ["Individual adopter identifier", "Adopter Name", "Gender", "Ethnicity",
     "Date enquiry received", "Date Stage 1 started", "Date application approved",
     "Date adopter matched with child(ren)", "Date child/children placed with adopter(s)"],
    ["AD1", "Sam Brook", "a) Male", "WBRI", "04/01/2016", "01/02/2016", "01/06/2016",
     "01/07/2016", "01/08/2016"],
]  # fmt: skip


def test_lists_10_and_11_adoption_and_adopters_are_read_and_pseudonymised():
    intake = take(
        [("a.xlsx", workbook({"List 10": ADOPTION, "Adopters": ADOPTERS}))],
        key=KEY,
        today=TODAY,
        limits=LIMITS,
    )
    assert intake.errors == []
    assert intake.counts == {"adoption": 2, "adopters": 1}
    adoption = intake.frames["adoption"]
    assert adoption.select("decision_date", "placed_date", "adoption_order_date").row(0) == (
        date(2015, 10, 1),
        date(2016, 4, 1),
        date(2016, 9, 1),
    )
    assert adoption["reason_reversed"][1] == "RD3 - Prospective adopters could not be found"
    assert adoption["birth_month"][0] == date(2014, 5, 1)
    # an adopter is an adult: a pseudonym and the dates, nothing about the person
    adopters = intake.frames["adopters"]
    assert adopters.columns == [
        "row", "child_id", "enquiry_date", "interest_date", "approved_date", "matched_date",
        "placed_date",
    ]  # fmt: skip
    assert adopters["child_id"].to_list() == [pseudonymise(["AD1"], key=KEY)["AD1"]]
    assert adopters["row"].to_list() == [3]  # the title above the header is skipped
    notes = messages(intake, "note")
    assert (
        'Sheet "Adopters", row 2, column "Adopter Name": dropped on arrival: names, '
        "addresses and workers are never stored."
    ) in notes
    assert any('Column "Gender" is not a column of List 11: adopters' in note for note in notes)
    # an extract's latest date is of its month; adoption dates do not place earlier months
    assert intake.months() == (date(2016, 9, 1), date(2016, 9, 1))


def test_adoption_dates_out_of_order_are_errors():
    adoption = [
        ADOPTION[0],
        # placement order before the decision; placed after the adoption order
        ["C1", "", "", "", "", "", "01/10/2015", "01/09/2015", "", "01/09/2016", "01/08/2016",
         "", ""],
        # matched after placed
        ["C2", "", "", "", "", "", "01/10/2015", "", "01/05/2016", "01/04/2016", "", "", ""],
    ]  # fmt: skip
    adopters = [ADOPTERS[1], ["AD1", "", "", "", "01/03/2016", "01/02/2016", "", "", ""]]
    intake = take(
        [("a.xlsx", workbook({"List 10": adoption, "List 11": adopters}))],
        key=KEY,
        today=TODAY,
        limits=LIMITS,
    )
    decision = "'Date of Decision that Child Should be Placed for Adoption'"
    assert messages(intake, "error") == [
        f'Sheet "List 10", row 2, column "Date of Placement Order": 01/09/2015 is before the '
        f"{decision}, 01/10/2015.",
        'Sheet "List 10", row 2, column "Date of Adoption Order": 01/08/2016 is before the '
        "'Date Placed for Adoption', 01/09/2016.",
        'Sheet "List 10", row 3, column "Date Placed for Adoption": 01/04/2016 is before the '
        "'Date of Matching Child and Prospective Adopters', 01/05/2016.",
        'Sheet "List 11", row 2, column "Date Stage 1 started": 01/02/2016 is before the '
        "'Date enquiry received', 01/03/2016.",
    ]


def test_903_codes_must_be_the_dfes_valid_codes():
    episodes = [
        ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
         "REASON_PLACE_CHANGE"],
        ["101", "01/01/2016", "S", "C2", "N1", "Q9", "PR1", "01/02/2016", "E4", ""],
        ["101", "01/02/2016", "X", "c2", "N9", "u1", "PR7", "", "", "MOVED"],
        ["102", "01/01/2016", "s", "Section 20", "", "K3", "", "", "", ""],
    ]  # fmt: skip
    oc3 = [
        ["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"],
        ["201", "20/05/1996", "MAYBE", "F3", "S1"],
    ]
    intake = take(
        [("Episodes.csv", csv_bytes(episodes)), ("OC3.csv", csv_bytes(oc3))],
        key=KEY,
        today=TODAY,
        limits=LIMITS,
    )
    errors = messages(intake, "error")
    where = r'Sheet "(\w+)", row (\d), column "(\w+)": "([^"]+)" is not a valid code: one of '
    assert [re.match(where, error).groups() for error in errors] == [
        ("Episodes", "3", "RNE", "X"),
        ("Episodes", "4", "LS", "Section 20"),
        ("Episodes", "3", "CIN", "N9"),
        ("Episodes", "2", "PLACE", "Q9"),
        ("Episodes", "3", "PLACE_PROVIDER", "PR7"),
        ("Episodes", "2", "REC", "E4"),
        ("Episodes", "3", "REASON_PLACE_CHANGE", "MOVED"),
        ("OC3", "2", "IN_TOUCH", "MAYBE"),
        ("OC3", "2", "ACCOM", "S1"),  # no fixed abode is never suitable: S2 only
    ]  # ACTIV F3 (an earlier year's code) and codes in lower case ("u1", "c2") are valid
    assert errors[0] == (
        'Sheet "Episodes", row 3, column "RNE": "X" is not a valid code: one of S, P, L, T, U, B.'
    )
    assert errors[3].endswith("K1, K2, K3, P1, P2, P3, R1, R2, R3, R5, S1, T0, T1, T2, T3, "
                              "T4, U1, U2, U3, U4, U5, U6, Z1.")  # fmt: skip
