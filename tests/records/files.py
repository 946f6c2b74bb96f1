"""Annex A files for the tests, written as a council's extract writes them."""

import io

from openpyxl import Workbook

CONTACTS = [
    ["Child Unique ID", "Child Name", "Gender", "Ethnicity", "Date of Birth",
     "Date of Contact", "Contact Source", "Allocated Worker"],
    ["AB123", "Jane Smith", "b) Female", "WBRI", "14/03/2010", "01/09/2016", "Police", "Ann W"],
    ["AB124", "Tom Jones", "a) Male", "WBRI", "02/11/2012", "15/09/2016", "School", "Ann W"],
    ["ab123", "Jane Smith", "b) Female", "WBRI", "14/03/2010", "03/10/2016", "Police", "Ann W"],
]  # fmt: skip
REFERRALS = [
    ["Child Unique ID", "Gender", "Date of Birth", "Date of referral", "Referral NFA?",
     "Home Address"],
    ["AB123", "b) Female", "14/03/2010", "02/09/2016", "b) No", "1 High Street"],
]  # fmt: skip
ASSESSMENTS = [
    ["Child Unique ID", "Continuous Assessment Start Date",
     "Continuous Assessment Date of Authorisation"],
    ["AB123", "05/09/2016", "30/09/2016"],
]  # fmt: skip


def workbook(sheets: dict[str, list[list]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list]) -> bytes:
    return "\n".join(",".join(str(cell) for cell in row) for row in rows).encode()


def annex_a(**extra: list[list]) -> bytes:
    """A workbook of lists 1, 3 and 4 (and any ``extra`` sheets)."""
    return workbook(
        {"List 1 - Contacts": CONTACTS, "List 3": REFERRALS, "Assessments": ASSESSMENTS} | extra
    )
