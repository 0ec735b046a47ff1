"""Fixtures of the clinic-server tests: one real PostgreSQL cluster for the session (TLS, its own
CA), and a fresh database per test, dropped afterwards with the kiosk logins made in it."""

from __future__ import annotations

import time
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql

from kiosk.server import schema
from tests.helpers import pg


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[pg.PgCluster]:
    """A throwaway PostgreSQL cluster on 127.0.0.1 with TLS, stopped and removed afterwards."""
    missing = pg.missing_parts()
    if missing:
        pytest.skip(
            f"PostgreSQL is not installed (missing: {', '.join(missing)}); install the Debian"
            " packages postgresql and openssl, as .ci/run does"
        )
    started = time.monotonic()
    try:
        cluster = pg.start_cluster()
    except (pg.PgSetupError, OSError, psycopg.Error) as exc:
        pytest.fail(f"Could not start the test PostgreSQL cluster: {exc}", pytrace=False)
    print(f"\ntest PostgreSQL cluster started in {time.monotonic() - started:.2f} s")
    yield cluster
    cluster.stop()


@pytest.fixture
def server_url(pg_cluster: pg.PgCluster, request: pytest.FixtureRequest) -> Iterator[str]:
    """The superuser's URL to a new, empty database for this test; dropped afterwards, with
    every kiosk login (roles are cluster-wide)."""
    name = pg.safe_identifier(f"t_{request.node.name}")
    with schema.connect(pg_cluster.url()) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield pg_cluster.url(name)
    with schema.connect(pg_cluster.url()) as admin:
        admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        logins = admin.execute(
            "SELECT r.rolname FROM pg_roles r JOIN pg_auth_members m ON m.member = r.oid"
            " JOIN pg_roles g ON g.oid = m.roleid WHERE g.rolname = 'kiosk_device'"
        ).fetchall()
        for (role,) in logins:
            admin.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(str(role))))


@pytest.fixture
def initialised(server_url: str) -> str:
    """``server_url`` with the schema applied."""
    with schema.connect(server_url) as conn:
        schema.apply_migrations(conn)
    return server_url
