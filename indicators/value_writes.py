"""Bulk writes of monthly values with their history, fast on PostgreSQL.

A monthly import writes up to 100,000 values. Django's ``bulk_create`` spends most of
that time preparing parameters in Python, and django-simple-history's bulk helpers do it
twice (the values, then their history rows). On PostgreSQL the rows are COPYed into a
temporary table and the values and their history are written from it by two
set-based statements; other databases (the embedded SQLite default) take the
simple-history helpers. Both write the same rows: every value change has a history row
with who, when and why.
"""

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from indicators.models import MonthlyValue

BATCH = 5_000
NewValue = tuple[int, date, Decimal | None, str]  # indicator id, month, value, commentary
ChangedValue = tuple[int, Decimal | None, str, int]  # pk, value, commentary, new version

STAGING = """
CREATE TEMPORARY TABLE value_staging (
    key bigint, month date, value numeric(14, 4), commentary text, version integer
) ON COMMIT DROP
"""


def _history_columns() -> list[str]:
    """The tracked columns, the same in the value table and the history table."""
    history = MonthlyValue.history.model._meta
    return [f.column for f in history.concrete_fields if not f.name.startswith("history_")]


def _copy_staging(rows: Sequence[tuple]) -> None:
    """Callers hold a transaction: the staging table lives until it commits."""
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS value_staging")
        cursor.execute(STAGING)
        columns = "key, month, value, commentary, version"
        with cursor.cursor.copy(f"COPY value_staging ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _insert_history(*, join: str, when: datetime, user, reason: str, kind: str) -> None:
    columns = _history_columns()
    history_table = MonthlyValue.history.model._meta.db_table
    value_table = MonthlyValue._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {history_table} ({', '.join(columns)}, history_date, "
            "history_change_reason, history_type, history_user_id) "
            f"SELECT {', '.join('v.' + c for c in columns)}, %s, %s, %s, %s "
            f"FROM {value_table} v JOIN value_staging s ON {join}",
            [when, reason, kind, user.pk if user else None],
        )


@transaction.atomic
def create_values(rows: Sequence[NewValue], *, user, reason: str) -> None:
    """Insert new values (state draft, version 1) and their "created" history rows."""
    if not rows:
        return
    now = timezone.now()
    if connection.vendor != "postgresql":
        objects = [
            MonthlyValue(indicator_id=key, month=month, value=value, commentary=commentary,
                         updated_by=user, updated_at=now)
            for key, month, value, commentary in rows
        ]  # fmt: skip
        bulk_create_with_history(
            objects, MonthlyValue, batch_size=BATCH, default_user=user,
            default_change_reason=reason, default_date=now,
        )  # fmt: skip
        return
    _copy_staging([(key, month, value, commentary, 1) for key, month, value, commentary in rows])
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {MonthlyValue._meta.db_table} (indicator_id, month, value, commentary, "
            "state, version, updated_by_id, updated_at) "
            "SELECT key, month, value, commentary, %s, 1, %s, %s FROM value_staging",
            [MonthlyValue._meta.get_field("state").default, user.pk if user else None, now],
        )
    _insert_history(
        join="v.indicator_id = s.key AND v.month = s.month", when=now, user=user,
        reason=reason, kind="+",
    )  # fmt: skip


@transaction.atomic
def update_values(rows: Sequence[ChangedValue], *, user, reason: str) -> None:
    """Overwrite value, commentary and version of stored values, with "changed" history rows."""
    if not rows:
        return
    now = timezone.now()
    if connection.vendor != "postgresql":
        stored = MonthlyValue.objects.in_bulk([pk for pk, _, _, _ in rows])
        for pk, value, commentary, version in rows:
            row = stored[pk]
            row.value, row.commentary, row.version = value, commentary, version
            row.updated_by, row.updated_at = user, now
        bulk_update_with_history(
            list(stored.values()), MonthlyValue,
            ["value", "commentary", "version", "updated_by", "updated_at"],
            batch_size=BATCH, default_user=user, default_change_reason=reason, default_date=now,
        )  # fmt: skip
        return
    _copy_staging(
        [(pk, None, value, commentary, version) for pk, value, commentary, version in rows]
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {MonthlyValue._meta.db_table} v SET value = s.value, "
            "commentary = s.commentary, version = s.version, updated_by_id = %s, updated_at = %s "
            "FROM value_staging s WHERE v.id = s.key",
            [user.pk if user else None, now],
        )
    _insert_history(join="v.id = s.key", when=now, user=user, reason=reason, kind="~")
