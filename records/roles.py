"""What each role may do with child-level records (collected by ``core.roles``): the records
analyst alone reads them, uploads them and sees the figures counted from them; no other role,
not even the performance team, reaches a record. Storing those figures is an import, so it
also takes the performance team's ``indicators.import_dataset`` (analysts hold both roles).
The records analyst also keeps the local definitions (in the admin, which the performance
team's role opens): adds and changes them, never deletes one (an indicator may be counted
by it, and its figures name it)."""

from core.roles import RECORDS_ANALYST

GRANTS = {
    RECORDS_ANALYST: [
        "records.read_records",
        *(f"records.{action}_localdefinition" for action in ("add", "change", "view")),
    ]
}
