"""The child-level lists the portal counts from, and the columns each keeps.

Pure data (no Django): the counting, the upload and the bench all read it. Each list's
columns are the few the standard definitions need, under a short canonical name; Ofsted's
Annex A headers (or the SSDA903 tables' field names) are their aliases, matched by
``imports.headers.match_headers`` as every import's: case, spaces and punctuation do not
matter. A column the portal does not keep is dropped on arrival, so nothing is held that no
figure needs.

Lists 10 (children with a decision that they should be placed for adoption) and 11 (adopters)
take their column names from Ofsted's Annex A as Social Finance's liia-tools reads them
(``liiatools/annex_a_pipeline/spec/Annex_A_schema.yml``). List 11 is of adults: it keeps a
pseudonym and the dates of the adopter's journey, nothing about the person. Its identifier
is stored, pseudonymised and traced as a child's is, under the one column name
``child_id`` every list's identifier has, so no list is ever stored with a raw identifier.

The SSDA903 tables (Header, Episodes, Missing, OC3) are a second source for children in care
and care leavers: each is a list of its own, under its own field names (an Annex A list never
takes a 903 field name, so a file is one list or the other). ``records.intake`` gives their
rows the child's sex, date of birth and ethnicity from the Header, and turns Episodes and OC3
into the rows of lists 8 and 9 when those lists did not come.
"""

import re
from dataclasses import dataclass, field

from imports.headers import compact_key

DATE = "date"
TEXT = "text"
NUMBER = "number"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    aliases: tuple[str, ...]
    required: bool = False
    # The valid codes (compared trimmed and in upper case); none: any text.
    codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class RecordList:
    """One Annex A list (or SSDA903 table): its key, title and kept columns."""

    key: str
    number: str
    title: str
    columns: tuple[Column, ...]
    # Pairs of columns (earlier, later) that must be in order on every row.
    in_order: tuple[tuple[str, str], ...] = ()
    # (start, end) of an episode: one child's episodes of this list must not overlap.
    episode: tuple[str, str] | None = None
    sheet_aliases: tuple[str, ...] = field(default=())
    # Headers that all name this list in a sheet named neither way; by default its required
    # columns past the child's (or its first one). The 903 tables name theirs: their field
    # names are what tells them from an Annex A list with the same kind of column.
    identified_by: tuple[str, ...] = ()
    # One child's episodes overlapping is an error here, not a warning (903 episodes).
    overlap_is_error: bool = False
    # One row per child (the 903 Header): a child twice is an error.
    one_row_per_child: bool = False

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)


# Every list begins with the child and the little the figures need to know about them.
# The date of birth keeps its month and year only (``birth_month``); names never arrive.
CHILD = (
    Column("child_id", TEXT, ("Child Unique ID", "Child ID", "CHILD", "Unique ID"), True),
    Column("gender", TEXT, ("Gender", "SEX")),
    Column("ethnicity", TEXT, ("Ethnicity", "ETHNIC")),
    Column("birth_month", DATE, ("Date of Birth", "DOB", "Birth date")),
)

# List 11 is of adopters: their identifier, under the name every list's identifier has.
ADOPTER = Column(
    "child_id", TEXT, ("Individual adopter identifier", "Adopter ID", "Adopter identifier"), True
)

# Columns that name or locate a person: dropped on arrival with a note, never stored.
IDENTIFYING = (
    "name", "forename", "surname", "first name", "last name", "full name", "child name",
    "address", "postcode", "post code", "home post", "pl post", "home_post", "pl_post",
    "upn", "nhs number", "allocated worker",
)  # fmt: skip
# Short codes that identify only as the whole header: "URN" (the Ofsted number of the
# child's placement, which with dates locates the child), not "Date of return".
IDENTIFYING_CODES = ("urn",)
# 903 episodes that begin a placement (RNE): S started to be looked after, P change of
# placement and carer(s), T change of placement with the same carer(s), B change of legal
# status and of placement and carer(s), U change of legal status and of placement with the
# same carer(s). L (a change of legal status only) keeps the placement.
PLACEMENT_STARTS = ("s", "p", "t", "b", "u")

# fmt: off
# The DfE's valid codes of the SSDA903 fields kept, as the DfE's 903 validator checks them
# (Data to Insight's csc-validator-be-903, lac_validator/rules/lac2022_23: rule 143 RNE,
# 144 LS, 145 CIN, 146 PLACE (K3 from lac2024_25), 178 PLACE_PROVIDER, 149 REC, 1009
# REASON_PLACE_CHANGE, 131 IN_TOUCH, 133 ACCOM), and ACTIV as Social Finance's liia-tools
# reads the 903 (liiatools/ssda903_pipeline/spec: SSDA903_schema_2017.yml and its 2022
# change). An upload may hold five years, so a code of an earlier year's return is valid too:
# REC E43 and E44 (2017 schema; since split into E45 to E48), ACTIV F3 and P3 (since F4, P4,
# F5 and P5). ACCOM is the DfE's current list: S1 and X1 (no fixed abode, in custody,
# "suitable") are refused, as no such accommodation is suitable.
RNE_CODES = ("S", "P", "L", "T", "U", "B")
LS_CODES = ("C1", "C2", "D1", "E1", "V2", "V3", "V4", "J1", "J2", "J3", "L1", "L2", "L3")
CIN_CODES = ("N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8")
PLACE_CODES = (
    "A3", "A4", "A5", "A6", "H5", "K1", "K2", "K3", "P1", "P2", "P3", "R1", "R2", "R3", "R5",
    "S1", "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1",
)
PROVIDER_CODES = ("PR0", "PR1", "PR2", "PR3", "PR4", "PR5")
REC_CODES = (
    "E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41", "E43", "E44", "E45", "E46", "E47",
    "E48", "E5", "E6", "E7", "E8", "E9", "E14", "E15", "E16", "E17", "X1",
)
PLACE_CHANGE_CODES = (
    "CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "CHILD", "LAREQ", "PLACE",
    "CUSTOD", "OTHER",
)
IN_TOUCH_CODES = ("YES", "NO", "DIED", "REFU", "NREQ", "RHOM")
ACTIV_CODES = ("F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5", "G4", "G5", "G6", "0")
ACCOM_CODES = (
    "B1", "B2", "C1", "C2", "D1", "D2", "E1", "E2", "G1", "G2", "H1", "H2", "K1", "K2", "R1",
    "R2", "S2", "T1", "T2", "U1", "U2", "V1", "V2", "W1", "W2", "X2", "Y1", "Y2", "Z1", "Z2",
    "0",
)
# fmt: on

LISTS: tuple[RecordList, ...] = (
    RecordList(
        "contacts", "1", "List 1: contacts",
        (*CHILD,
         Column("contact_date", DATE, ("Date of Contact", "Contact Date"), True),
         Column("contact_source", TEXT, ("Contact Source", "Source of Contact"))),
        sheet_aliases=("List 1", "Contacts", "L1"),
    ),
    RecordList(
        "early_help", "2", "List 2: early help",
        (*CHILD,
         Column("start_date", DATE, ("Assessment start date", "Early Help Start Date"), True),
         Column("completion_date", DATE, ("Assessment completion date",))),
        in_order=(("start_date", "completion_date"),),
        sheet_aliases=("List 2", "Early Help", "L2"),
    ),
    RecordList(
        "referrals", "3", "List 3: referrals",
        (*CHILD,
         Column("referral_date", DATE, ("Date of referral", "Referral Date"), True),
         Column("referral_source", TEXT, ("Referral Source",)),
         Column("referral_nfa", TEXT, ("Referral NFA?", "Referral NFA")),
         Column("referrals_last_12m", NUMBER, ("Number of Referrals in Last 12 Months",))),
        sheet_aliases=("List 3", "Referrals", "L3"),
    ),
    RecordList(
        "assessments", "4", "List 4: assessments",
        (*CHILD,
         Column("start_date", DATE,
                ("Continuous Assessment Start Date",), True),
         Column("authorised_date", DATE,
                ("Continuous Assessment Date of Authorisation", "Date of Authorisation",
                 "Assessment Authorisation Date"))),
        in_order=(("start_date", "authorised_date"),),
        sheet_aliases=("List 4", "Assessments", "L4"),
    ),
    RecordList(
        "s47", "5", "List 5: Section 47 enquiries and ICPCs",
        (*CHILD,
         Column("strategy_date", DATE,
                ("Strategy discussion initiating Section 47 Enquiry Start Date",
                 "Section 47 Enquiry Start Date", "S47 Start Date")),
         Column("icpc_date", DATE,
                ("Date of Initial Child Protection Conference", "ICPC Date")),
         Column("icpc_plan", TEXT,
                ("Did the Initial Child Protection Conference Result in a Child Protection "
                 "Plan", "ICPC Resulted in Plan"))),
        in_order=(("strategy_date", "icpc_date"),),
        sheet_aliases=("List 5", "Section 47", "S47", "L5"),
    ),
    RecordList(
        "cin", "6", "List 6: children in need",
        (*CHILD,
         Column("start_date", DATE, ("CIN Start Date",), True),
         Column("end_date", DATE, ("CIN Closure Date",)),
         Column("case_status", TEXT, ("Case Status",))),
        in_order=(("start_date", "end_date"),),
        episode=("start_date", "end_date"),
        sheet_aliases=("List 6", "Children in Need", "CIN", "L6"),
    ),
    RecordList(
        "cp_plans", "7", "List 7: child protection plans",
        (*CHILD,
         Column("start_date", DATE, ("Child Protection Plan Start Date", "CP Plan Start Date"),
                True),
         Column("end_date", DATE, ("Child Protection Plan End Date", "CP Plan End Date")),
         Column("previous_plans", NUMBER, ("Number of Previous Child Protection Plans",))),
        in_order=(("start_date", "end_date"),),
        episode=("start_date", "end_date"),
        sheet_aliases=("List 7", "Child Protection", "CP Plans", "L7"),
    ),
    RecordList(
        "children_in_care", "8", "List 8: children in care",
        (*CHILD,
         Column("start_date", DATE, ("Date Started to be Looked After",), True),
         Column("end_date", DATE, ("Date Ceased to be Looked After",)),
         Column("placements_12m", NUMBER, ("Number of Placements in the Last 12 months",)),
         Column("reason_ceased", TEXT, ("Reason Ceased to be Looked After",))),
        in_order=(("start_date", "end_date"),),
        episode=("start_date", "end_date"),
        sheet_aliases=("List 8", "Children in Care", "Looked After", "CLA", "L8"),
    ),
    RecordList(
        "care_leavers", "9", "List 9: care leavers",
        (*CHILD,
         Column("in_touch", TEXT, ("In touch", "Is the LA in touch")),
         Column("accommodation_suitable", TEXT,
                ("Accommodation suitable", "Suitability of accommodation",
                 "Is this accommodation suitable")),
         Column("activity", TEXT, ("Activity status", "Activity"))),
        sheet_aliases=("List 9", "Care Leavers", "L9"),
    ),
    RecordList(
        "adoption", "10", "List 10: adoption",
        (*CHILD,
         Column("entered_care_date", DATE, ("Date the Child Entered Care",
                                            "Date Child Entered Care")),
         Column("decision_date", DATE,
                ("Date of Decision that Child Should be Placed for Adoption",
                 "Date of Decision that the Child Should be Placed for Adoption",
                 "Date of SHOBPA Decision", "Date of ADM Decision"), True),
         Column("placement_order_date", DATE, ("Date of Placement Order",)),
         Column("matched_date", DATE, ("Date of Matching Child and Prospective Adopters",
                                       "Date Matched")),
         Column("placed_date", DATE, ("Date Placed for Adoption",)),
         Column("adoption_order_date", DATE, ("Date of Adoption Order",)),
         Column("reversed_date", DATE,
                ("Date of Decision that Child Should No Longer be Placed for Adoption",
                 "Date Decision Reversed")),
         Column("reason_reversed", TEXT, ("Reason Why Child No Longer Placed for Adoption",
                                          "Reason Decision Reversed"))),
        in_order=(("decision_date", "placement_order_date"),
                  ("placement_order_date", "placed_date"),
                  ("placed_date", "adoption_order_date"),
                  ("decision_date", "matched_date"),
                  ("decision_date", "placed_date"),
                  ("matched_date", "placed_date"),
                  ("decision_date", "reversed_date")),
        sheet_aliases=("List 10", "Adoption", "Adoptions", "L10"),
    ),
    RecordList(
        "adopters", "11", "List 11: adopters",
        (ADOPTER,
         Column("enquiry_date", DATE, ("Date enquiry received", "Date of Enquiry"), True),
         Column("interest_date", DATE, ("Date Stage 1 started", "Date of Registration of "
                                        "Interest", "Registration of Interest Date")),
         Column("approved_date", DATE, ("Date application approved", "Date Approved",
                                        "Date of Approval")),
         Column("matched_date", DATE, ("Date adopter matched with child(ren)",
                                       "Date Matched")),
         Column("placed_date", DATE, ("Date child/children placed with adopter(s)",
                                      "Date Placed"))),
        in_order=(("enquiry_date", "interest_date"),
                  ("interest_date", "approved_date"),
                  ("approved_date", "matched_date"),
                  ("matched_date", "placed_date")),
        sheet_aliases=("List 11", "Adopters", "L11"),
    ),
    RecordList(
        "missing", "SSDA903", "SSDA903: missing from care",
        (*CHILD,
         Column("start_date", DATE, ("MIS_START", "Missing Start Date"), True),
         Column("end_date", DATE, ("MIS_END", "Missing End Date"))),
        in_order=(("start_date", "end_date"),),
        sheet_aliases=("Missing",),
    ),
    RecordList(
        "header", "SSDA903", "SSDA903: header",
        CHILD,
        sheet_aliases=("Header",),
        identified_by=("SEX", "DOB"),
        one_row_per_child=True,
    ),
    RecordList(
        "episodes", "SSDA903", "SSDA903: episodes",
        (*CHILD,
         Column("start_date", DATE, ("DECOM",), True),
         Column("rne", TEXT, ("RNE",), True, RNE_CODES),
         Column("legal_status", TEXT, ("LS",), True, LS_CODES),
         Column("category_of_need", TEXT, ("CIN",), codes=CIN_CODES),
         Column("placement_type", TEXT, ("PLACE",), True, PLACE_CODES),
         Column("provider", TEXT, ("PLACE_PROVIDER",), codes=PROVIDER_CODES),
         Column("end_date", DATE, ("DEC",)),
         Column("reason_ceased", TEXT, ("REC",), codes=REC_CODES),
         Column("reason_placement_changed", TEXT, ("REASON_PLACE_CHANGE",),
                codes=PLACE_CHANGE_CODES)),
        in_order=(("start_date", "end_date"),),
        episode=("start_date", "end_date"),
        sheet_aliases=("Episodes",),
        identified_by=("DECOM", "RNE"),
        overlap_is_error=True,
    ),
    RecordList(
        "oc3", "SSDA903", "SSDA903: care leavers (OC3)",
        (*CHILD,
         Column("in_touch", TEXT, ("IN_TOUCH",), codes=IN_TOUCH_CODES),
         Column("activity", TEXT, ("ACTIV",), codes=ACTIV_CODES),
         Column("accommodation", TEXT, ("ACCOM",), codes=ACCOM_CODES)),
        sheet_aliases=("OC3",),
        identified_by=("IN_TOUCH", "ACCOM"),
    ),
)  # fmt: skip

LIST_BY_KEY = {record_list.key: record_list for record_list in LISTS}


def is_identifying(header: str) -> bool:
    """A name, address or other identifying column, dropped on arrival."""
    key = compact_key(header)
    return key in IDENTIFYING_CODES or any(compact_key(word) in key for word in IDENTIFYING)


def normalise_code(text: object) -> str:
    """``a) Yes`` / ``A) YES`` / ``Yes`` -> ``yes``; ``C2: FCO`` stays ``c2: fco``.

    Annex A writes a choice as a lettered option; the letter is Excel's, not the code's."""
    value = str(text or "").strip().lower()
    return re.sub(r"^[a-z]\)\s*", "", value)
