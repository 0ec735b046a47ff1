"""A group's central reporting database, fed by each clinic server over PostgreSQL's own
logical replication: the clinic server's publication, and the central tables it fills.

Only rows keyed across every clinic are published: intakes and steps by their UUIDs (made on
the kiosks) and ``records_intakes`` under its UUID (its replica identity since schema 5; its
``id`` is the clinic server's own number, which the next clinic's server uses too). The
central tables are keyed by those UUIDs and carry each row's clinic. The rows an intake's
record is made from (answers, flags, scores, consents) are in its steps' content.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import psycopg
from psycopg import sql

PUBLICATION = "kiosk_group"
READER = "kiosk_group_reader"  # NOLOGIN: a central database's LOGIN REPLICATION role joins it

# The published columns, pinned (a column list): a later migration that adds a column to one of
# these tables changes nothing for the central databases already subscribed.
PUBLISHED: dict[str, tuple[str, ...]] = {
    "intakes": ("uuid", "clinic", "device", "received_at"),
    "steps": (
        "uuid", "clinic", "intake", "device", "sequence", "content", "sha256", "received_at",
    ),
    "records_intakes": (
        "uuid", "clinic", "id", "device", "day", "first_name", "last_name", "birth_date",
        "appointment", "verified", "language", "stage", "form_versions", "created_at",
        "updated_at", "completed_at", "row_version",
    ),
}  # fmt: skip

# The central database's tables: the published columns, keyed by UUID, with the clinic.
CENTRAL_SCHEMA = """
CREATE TABLE IF NOT EXISTS intakes (
    uuid uuid PRIMARY KEY,
    clinic text NOT NULL,
    device text NOT NULL,
    received_at timestamptz NOT NULL
);
CREATE TABLE IF NOT EXISTS steps (
    uuid uuid PRIMARY KEY,
    clinic text NOT NULL,
    intake uuid NOT NULL,
    device text NOT NULL,
    sequence bigint NOT NULL,
    content jsonb NOT NULL,
    sha256 text NOT NULL,
    received_at timestamptz NOT NULL
);
CREATE TABLE IF NOT EXISTS records_intakes (
    uuid uuid PRIMARY KEY,
    clinic text NOT NULL,
    id bigint NOT NULL,             -- the clinic server's own number: unique per clinic only
    device text NOT NULL,
    day date,
    first_name text NOT NULL,
    last_name text NOT NULL,
    birth_date date,
    appointment uuid,
    verified boolean NOT NULL,
    language text NOT NULL,
    stage text NOT NULL,
    form_versions jsonb NOT NULL,
    created_at timestamptz,
    updated_at timestamptz,
    completed_at timestamptz,
    row_version bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS intakes_clinic_received ON intakes (clinic, received_at);
CREATE INDEX IF NOT EXISTS steps_clinic_intake ON steps (clinic, intake);
CREATE INDEX IF NOT EXISTS steps_clinic_device ON steps (clinic, device, sequence);
CREATE INDEX IF NOT EXISTS records_intakes_clinic_day ON records_intakes (clinic, day);
REVOKE ALL ON intakes, steps, records_intakes FROM PUBLIC;
"""


class GroupError(Exception):
    """The clinic server cannot publish (too old a schema); the message says why."""


@dataclass(frozen=True)
class Published:
    """What ``publish`` left on the clinic server."""

    publication: str
    tables: tuple[str, ...]
    created: bool  # False: it was there already (its tables set again)
    wal_level: str  # 'logical' is needed before a central database can subscribe


def _table_list() -> sql.Composed:
    return sql.SQL(", ").join(
        sql.SQL("TABLE {} ({})").format(
            sql.Identifier("public", table), sql.SQL(", ").join(map(sql.Identifier, columns))
        )
        for table, columns in PUBLISHED.items()
    )


def publish(conn: psycopg.Connection[tuple[object, ...]]) -> Published:
    """Create the publication ``kiosk_group`` on this clinic server, or set its tables again
    (idempotent), and the NOLOGIN role ``kiosk_group_reader`` that may read what it publishes
    (a central database's subscription copies the tables first)."""
    with conn.transaction():
        missing = conn.execute(
            "SELECT 1 FROM information_schema.columns"
            " WHERE table_schema = 'public' AND table_name = 'steps' AND column_name = 'clinic'"
        ).fetchone()
        if missing is None:
            raise GroupError(
                "the clinic server's schema has no clinics yet: python -m kiosk server init"
            )
        exists = conn.execute(
            "SELECT 1 FROM pg_publication WHERE pubname = %s", (PUBLICATION,)
        ).fetchone()
        name = sql.Identifier(PUBLICATION)
        if exists is None:
            conn.execute(sql.SQL("CREATE PUBLICATION {} FOR {}").format(name, _table_list()))
        else:
            conn.execute(sql.SQL("ALTER PUBLICATION {} SET {}").format(name, _table_list()))
        if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (READER,)).fetchone() is None:
            conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(READER)))
        conn.execute(
            sql.SQL("GRANT SELECT ON {} TO {}").format(
                sql.SQL(", ").join(sql.Identifier("public", t) for t in PUBLISHED),
                sql.Identifier(READER),
            )
        )
        level = conn.execute("SHOW wal_level").fetchone()
    return Published(PUBLICATION, tuple(PUBLISHED), exists is None, str(level[0] if level else ""))


def create_central(conn: psycopg.Connection[tuple[object, ...]]) -> None:
    """The central reporting database's tables (idempotent): where each clinic's subscription
    writes."""
    with conn.transaction():
        conn.execute(CENTRAL_SCHEMA.encode())  # no parameters: the simple query protocol


def subscription_name(clinic: str) -> str:
    """The central database's subscription to one clinic: ``kiosk_<clinic>``."""
    return f"kiosk_{clinic}"


def subscribe(conn: psycopg.Connection[tuple[object, ...]], clinic: str, publisher: str) -> str:
    """On the central database (autocommit: CREATE SUBSCRIPTION makes a slot on the clinic
    server and cannot run in a transaction): subscribe to ``clinic``'s server, whose libpq
    connection string ``publisher`` logs in as a REPLICATION role in ``kiosk_group_reader``
    over verified TLS. The subscription's name."""
    name = subscription_name(clinic)
    conn.execute(
        sql.SQL("CREATE SUBSCRIPTION {} CONNECTION {} PUBLICATION {}").format(
            sql.Identifier(name), sql.Literal(publisher), sql.Identifier(PUBLICATION)
        )
    )
    return name


def subscriptions(conn: psycopg.Connection[tuple[object, ...]]) -> Sequence[str]:
    """The subscriptions of this (central) database, by name."""
    return [
        str(r[0])
        for r in conn.execute(
            "SELECT subname FROM pg_subscription s JOIN pg_database d ON d.oid = s.subdbid"
            " WHERE d.datname = current_database() ORDER BY 1"
        ).fetchall()
    ]
