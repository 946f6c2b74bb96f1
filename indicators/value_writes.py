"""Bulk writes of monthly values with their history, fast on PostgreSQL.

A monthly import writes up to 100,000 values. Django's ``bulk_create`` spends most of
that time preparing parameters in Python, and django-simple-history's bulk helpers do it
twice (the values, then their history rows). On PostgreSQL the rows are COPYed into a
temporary table and the values and their history are written from it by two
set-based statements; other databases (the embedded SQLite default) take the
simple-history helpers. Both write the same rows: every value change has a history row
with who, when and why.

Every change is a compare-and-set on the value's version, the portal's optimistic lock:
the writer names the version it read, the row is locked and checked, and the write raises
the version by one. Imports and the reporter's form both write through here, so of two
writers that read the same version only the first wins; the other gets a
:class:`imports.plans.ConflictError` naming what moved, by whom and when.
"""

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.people import display_name
from imports.plans import Conflict, ConflictError
from indicators.models import ChangeKind, MonthlyValue

BATCH = 5_000
KIND = "history_change_kind"  # the history's typed field of why a change was made
NewValue = tuple[int, date, Decimal | None, str]  # indicator id, month, value, commentary
ChangedValue = tuple[int, Decimal | None, str, int]  # pk, value, commentary, version read
BlankWhy = tuple[str, str]  # a blank value's reason (``BlankReason``) and its written words


@dataclass(frozen=True)
class ReadValues:
    """The stored values a plan was made against: every value of ``refs`` in ``months``, by pk
    with the version it was read at. A value of those refs and months that is not in
    ``versions`` did not exist then."""

    refs: list[str]
    months: list[date]
    versions: dict[int, int]

    def as_json(self) -> dict[str, Any]:
        return {
            "refs": self.refs,
            "months": [month.isoformat() for month in self.months],
            "versions": [[pk, version] for pk, version in self.versions.items()],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "ReadValues":
        return cls(
            refs=data["refs"],
            months=[date.fromisoformat(month) for month in data["months"]],
            versions={pk: version for pk, version in data["versions"]},
        )


def _refuse(*, moved: Collection[int], deleted: int = 0) -> None:
    """Raise the conflict that names each moved value, unless nothing moved."""
    if not moved and not deleted:
        return
    rows = (
        MonthlyValue.objects.filter(pk__in=moved)
        .select_related("indicator", "updated_by")
        .order_by("indicator__ref", "month")
    )
    conflicts = [
        Conflict(
            subject=f"{row.indicator.ref}, {row.month:%B %Y}",
            changed_by=display_name(row.updated_by),
            changed_at=row.updated_at,
        )
        for row in rows
    ]
    if deleted:  # nothing is left to name them by
        conflicts.append(Conflict(f"{deleted} value(s) deleted", changed_by="", changed_at=None))
    raise ConflictError(conflicts)


def _lock(values: QuerySet) -> dict[int, int]:
    """Lock ``values`` and return each one's version (pk: version) as committed now.

    Every writer of values locks them in pk order, so two writers of overlapping values queue
    instead of deadlocking; a row another writer holds is read again once it commits, so the
    version returned is the newest.
    """
    locked = values.select_for_update(of=("self",)).order_by("pk")
    return dict(locked.values_list("pk", "version"))


def hold(
    read: ReadValues, *, changing: Collection[int], creating: Collection[tuple[int, date]]
) -> None:
    """Lock the values an import is about to change until the transaction ends; raise
    ``ConflictError``, naming each, unless every one is still at the version ``read`` (its
    preview) saw and none of those it creates (indicator id, month) has appeared since.

    Called first by an import's apply, so what it writes is what its preview showed. Values
    the import leaves as they are are not held: a change to one of them since the preview is
    someone's newer work, which stands (and a confirm's fingerprint tells it apart).
    """
    locked = _lock_pks(changing)
    moved = [pk for pk, version in locked.items() if read.versions.get(pk) != version]
    wanted = set(creating)
    appeared = MonthlyValue.objects.filter(
        indicator_id__in={key for key, _ in wanted}, month__in={month for _, month in wanted}
    ).values_list("pk", "indicator_id", "month")
    moved += [pk for pk, key, month in appeared if (key, month) in wanted]
    _refuse(moved=moved, deleted=len(set(changing) - locked.keys()))


def moved_since(read: ReadValues) -> None:
    """Raise ``ConflictError`` naming every value ``read`` covers that moved, appeared or was
    deleted since it was read; all of them stay locked until the transaction ends.

    What a refused confirm tells the person who previewed the file.
    """
    values = MonthlyValue.objects.filter(indicator__ref__in=read.refs, month__in=read.months)
    _lock(values)
    # Read again: the lock waited for any writer of these values to commit, and a statement
    # that starts now also sees the values such a writer created (the locking one did not).
    found = dict(values.values_list("pk", "version"))
    moved = [pk for pk, version in found.items() if read.versions.get(pk) != version]
    _refuse(moved=moved, deleted=len(read.versions.keys() - found.keys()))


# A staged blank reason of NULL keeps the stored one (see ``update_values``).
STAGING = """
CREATE TEMPORARY TABLE value_staging (
    key bigint, month date, value numeric(14, 4), commentary text, version integer,
    blank_reason text, blank_reason_text text
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
        columns = "key, month, value, commentary, version, blank_reason, blank_reason_text"
        with cursor.cursor.copy(f"COPY value_staging ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _insert_history(
    *, join: str, when: datetime, user, reason: str, kind: ChangeKind, history_type: str
) -> None:
    columns = _history_columns()
    history_table = MonthlyValue.history.model._meta.db_table
    value_table = MonthlyValue._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {history_table} ({', '.join(columns)}, history_date, "
            "history_change_reason, history_change_kind, history_type, history_user_id) "
            f"SELECT {', '.join('v.' + c for c in columns)}, %s, %s, %s, %s, %s "
            f"FROM {value_table} v JOIN value_staging s ON {join}",
            [when, reason, kind, history_type, user.pk if user else None],
        )


@transaction.atomic
def create_values(rows: Sequence[NewValue], *, user, reason: str, kind: ChangeKind) -> None:
    """Insert new values (state draft, version 1) and their "created" history rows, with
    ``reason`` for people and ``kind`` for the code.

    On PostgreSQL a value someone else created meanwhile (after the caller found none) is a
    ``ConflictError``, not a failed transaction.
    """
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
            custom_historical_attrs={KIND: kind},
        )  # fmt: skip
        return
    _copy_staging(
        [(key, month, value, commentary, 1, None, None) for key, month, value, commentary in rows]
    )
    table = MonthlyValue._meta.db_table
    with connection.cursor() as cursor:
        # In key order, so two imports creating the same values queue rather than deadlock.
        cursor.execute(
            f"INSERT INTO {table} (indicator_id, month, value, commentary, "
            "blank_reason, blank_reason_text, state, version, updated_by_id, updated_at) "
            "SELECT key, month, value, commentary, '', '', %s, 1, %s, %s FROM value_staging "
            "ORDER BY key, month ON CONFLICT (indicator_id, month) DO NOTHING RETURNING id",
            [MonthlyValue._meta.get_field("state").default, user.pk if user else None, now],
        )
        inserted = {pk for (pk,) in cursor.fetchall()}
        if len(inserted) < len(rows):
            cursor.execute(
                f"SELECT v.id FROM {table} v JOIN value_staging s "
                "ON v.indicator_id = s.key AND v.month = s.month"
            )
            _refuse(moved={pk for (pk,) in cursor.fetchall()} - inserted)
    _insert_history(
        join="v.indicator_id = s.key AND v.month = s.month", when=now, user=user,
        reason=reason, kind=kind, history_type="+",
    )  # fmt: skip


def _lock_pks(pks: Collection[int]) -> dict[int, int]:
    """``_lock`` of the values with these pks, a batch at a time, still in pk order."""
    ordered = sorted(pks)
    found: dict[int, int] = {}
    for start in range(0, len(ordered), BATCH):
        found.update(_lock(MonthlyValue.objects.filter(pk__in=ordered[start : start + BATCH])))
    return found


@transaction.atomic
def update_values(
    rows: Sequence[ChangedValue],
    *,
    user,
    reason: str,
    kind: ChangeKind,
    blank_reasons: Mapping[int, BlankWhy] | None = None,
) -> None:
    """Overwrite value and commentary of stored values, each over the version it was read at,
    raising the version by one, with "changed" history rows that carry the new version,
    ``reason`` for people and ``kind`` for the code.

    A value written with a figure loses its blank reason (a reason is for a blank); a blank
    keeps the one it has, unless ``blank_reasons`` (by pk) gives it another.
    Raises ``ConflictError``, having written nothing, if any of them moved since it was read.
    """
    if not rows:
        return
    blank_reasons = blank_reasons or {}
    found = _lock_pks([pk for pk, _, _, _ in rows])
    _refuse(
        moved=[pk for pk, _, _, version in rows if found.get(pk, version) != version],
        deleted=len({pk for pk, _, _, _ in rows} - found.keys()),
    )
    now = timezone.now()
    if connection.vendor != "postgresql":
        stored = MonthlyValue.objects.in_bulk([pk for pk, _, _, _ in rows])
        for pk, value, commentary, version in rows:
            row = stored[pk]
            row.value, row.commentary, row.version = value, commentary, version + 1
            row.updated_by, row.updated_at = user, now
            kept = (row.blank_reason, row.blank_reason_text) if value is None else ("", "")
            row.blank_reason, row.blank_reason_text = blank_reasons.get(pk, kept)
        bulk_update_with_history(
            list(stored.values()), MonthlyValue,
            ["value", "commentary", "blank_reason", "blank_reason_text", "version",
             "updated_by", "updated_at"],
            batch_size=BATCH, default_user=user, default_change_reason=reason, default_date=now,
            custom_historical_attrs={KIND: kind},
        )  # fmt: skip
        return
    _copy_staging(
        [
            (pk, None, value, commentary, version, *blank_reasons.get(pk, (None, None)))
            for pk, value, commentary, version in rows
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {MonthlyValue._meta.db_table} v SET value = s.value, "
            "commentary = s.commentary, version = s.version + 1, "
            "blank_reason = CASE WHEN s.value IS NULL "
            "THEN COALESCE(s.blank_reason, v.blank_reason) ELSE '' END, "
            "blank_reason_text = CASE WHEN s.value IS NULL "
            "THEN COALESCE(s.blank_reason_text, v.blank_reason_text) ELSE '' END, "
            "updated_by_id = %s, updated_at = %s FROM value_staging s WHERE v.id = s.key",
            [user.pk if user else None, now],
        )
    _insert_history(
        join="v.id = s.key", when=now, user=user, reason=reason, kind=kind, history_type="~"
    )
