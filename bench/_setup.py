"""Shared set-up for benchmarks: a throw-away PostgreSQL database and Django."""

import os
import sys
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")


def database_url(name: str) -> str:
    """The URL of database ``name`` on the benchmark's server."""
    return SERVER.rsplit("/", 1)[0] + f"/{name}"


def fresh_database(name: str) -> str:
    """Drop and create database ``name``; return its URL."""
    with psycopg.connect(SERVER, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return database_url(name)


def existing_database(name: str) -> str | None:
    """The URL of database ``name`` if it exists (a run with ``--keep`` left it)."""
    with psycopg.connect(SERVER, autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return database_url(name) if found.fetchone() else None


def drop_database(name: str) -> None:
    with psycopg.connect(SERVER, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def django_on(url: str) -> None:
    """Set Django up on ``url`` and migrate it."""
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kpi_portal.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
