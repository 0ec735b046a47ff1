"""Connecting to the clinic server and applying its versioned SQL migrations (``migrations/``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

import psycopg

MIGRATIONS = "migrations"
_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
_LOCK = 0x6B696F736B  # pg_advisory_xact_lock key: one migrator at a time ("kiosk")


@dataclass(frozen=True)
class Migration:
    """One shipped migration file: ``0001_devices_steps_submit.sql`` is version 1."""

    version: int
    name: str
    sql: str


def connect(url: str, **options: object) -> psycopg.Connection[tuple[object, ...]]:
    """An autocommit connection to ``url`` (a ``postgresql://`` URL or a libpq conninfo string):
    every write here says where its transaction begins and ends (``conn.transaction()``)."""
    return psycopg.connect(url, autocommit=True, **options)  # type: ignore[arg-type]


def shipped_migrations() -> list[Migration]:
    """Every migration in the package, by version; a badly named file is an error."""
    found = []
    for entry in resources.files(__package__).joinpath(MIGRATIONS).iterdir():
        if not entry.name.endswith(".sql"):
            continue
        match = _NAME.match(entry.name)
        if match is None:
            raise ValueError(f"{entry.name}: a migration is named NNNN_words.sql")
        found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise ValueError(f"migration versions must run 1, 2, 3... without gaps: {versions}")
    return found


def _ensure_versions_table(conn: psycopg.Connection[tuple[object, ...]]) -> None:
    with conn.transaction():
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_versions ("
            " version integer PRIMARY KEY, name text NOT NULL,"
            " applied_at timestamptz NOT NULL DEFAULT now())"
        )
        conn.execute("REVOKE ALL ON schema_versions FROM PUBLIC")


def applied_versions(conn: psycopg.Connection[tuple[object, ...]]) -> list[int]:
    """The versions recorded in ``schema_versions`` (empty before ``init``)."""
    exists = conn.execute("SELECT to_regclass('public.schema_versions') IS NOT NULL").fetchone()
    if not exists or not exists[0]:
        return []
    return [
        int(str(row[0])) for row in conn.execute("SELECT version FROM schema_versions ORDER BY 1")
    ]


def apply_migrations(conn: psycopg.Connection[tuple[object, ...]]) -> list[int]:
    """Apply every shipped migration not yet recorded, each in its own transaction with its
    row in ``schema_versions``; the versions applied now (empty when up to date)."""
    _ensure_versions_table(conn)
    done = []
    for migration in shipped_migrations():
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
            row = conn.execute(
                "SELECT 1 FROM schema_versions WHERE version = %s", (migration.version,)
            ).fetchone()
            if row is not None:
                continue
            conn.execute(migration.sql.encode())  # no parameters: the simple query protocol
            conn.execute(
                "INSERT INTO schema_versions (version, name) VALUES (%s, %s)",
                (migration.version, migration.name),
            )
            done.append(migration.version)
    return done


def current_version(conn: psycopg.Connection[tuple[object, ...]]) -> int:
    """The highest applied version, 0 for a database never initialised."""
    versions = applied_versions(conn)
    return max(versions, default=0)
