"""The README's backup and restore commands: a dump restored into a new database holds every
value, commentary, audit and pack record, and the media files come back."""

import subprocess
from datetime import date
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from audits.models import Audit, AuditCycle, ServiceArea, Status
from indicators.models import MonthlyValue
from packs.models import Pack
from tests.indicators.factories import add_values, make_indicator, months_from

ROOT = Path(__file__).resolve().parents[2]
# Committed rows for pg_dump to see, so a transactional test.
pytestmark = pytest.mark.django_db(transaction=True)


def database_url(name: str) -> str:
    settings = connection.settings_dict
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    return f"postgres://{settings['USER']}@{host}:{port}/{name}"


def rows(url: str, sql: str) -> list[tuple]:
    with psycopg.connect(url) as database:
        return database.execute(sql).fetchall()


def test_backup_and_restore(tmp_path, make_user, settings, migrated_data):
    if connection.vendor != "postgresql":
        pytest.skip("Backups are of the PostgreSQL deployment.")
    indicator = make_indicator("M1")
    add_values(indicator, months_from(date(2016, 8, 1), ["1377", "1480"]), commentary="Rise")
    cycle = AuditCycle.objects.create(month=date(2016, 9, 1), theme="Reunifications")
    Audit.objects.create(
        cycle=cycle, service_area=ServiceArea.objects.get(short_name="SWF"),
        case_reference="CD123456", auditor=make_user(), status=Status.COMPLETED, grade="good",
    )  # fmt: skip
    Pack.objects.create(month=date(2016, 9, 1), version=1)
    media = Path(settings.MEDIA_ROOT)
    (media / "packs").mkdir(parents=True)
    (media / "packs" / "pack.pdf").write_bytes(b"%PDF-1.7 pack")

    source = database_url(connection.settings_dict["NAME"])
    env = {"DATABASE_URL": source, "MEDIA_ROOT": str(media), "PATH": "/usr/bin:/bin"}
    backup = subprocess.run(
        [ROOT / "scripts" / "backup", tmp_path / "backups"], env=env, capture_output=True,
        text=True, check=True,
    )  # fmt: skip
    dump = backup.stdout.strip().splitlines()[-1]
    [media_tarball] = (tmp_path / "backups").glob("kpi-portal-media-*.tar.gz")

    restored_name = f"{connection.settings_dict['NAME']}_restored"
    restored = database_url(restored_name)
    subprocess.run(
        ["dropdb", "--if-exists", restored_name, f"--maintenance-db={source}"], check=True
    )
    restore_env = env | {"MEDIA_ROOT": str(tmp_path / "restored-media")}
    try:
        subprocess.run(
            [ROOT / "scripts" / "restore", dump, restored, media_tarball], env=restore_env,
            capture_output=True, check=True,
        )  # fmt: skip
        values = rows(
            restored,
            "SELECT i.ref, v.month, v.value, v.commentary FROM indicators_monthlyvalue v "
            "JOIN indicators_indicator i ON i.id = v.indicator_id ORDER BY v.month",
        )
        assert values == [
            (v.indicator.ref, v.month, v.value, v.commentary)
            for v in MonthlyValue.objects.select_related("indicator").order_by("month")
        ]
        assert rows(restored, "SELECT case_reference, grade FROM audits_audit") == [
            ("CD123456", "good")
        ]
        assert rows(restored, "SELECT month, version FROM packs_pack") == [(date(2016, 9, 1), 1)]
        assert (tmp_path / "restored-media" / "packs" / "pack.pdf").read_bytes() == b"%PDF-1.7 pack"
    finally:
        subprocess.run(["dropdb", "--if-exists", restored_name, f"--maintenance-db={source}"])
