"""A kiosk's login against the real server over TLS: it may call submit_step and nothing else."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from uuid import uuid4

import psycopg
import pytest

from kiosk.server import schema
from kiosk.server.steps import Answer, Step, submit
from kiosk.services import server
from tests.helpers.pg import PgCluster

PATIENT_TABLES = (
    "devices",
    "intakes",
    "steps",
    "conflicts",
    "appointments",
    "sequence_gaps",
    "schema_versions",
)


def dbname(url: str) -> str:
    return url.split("?", 1)[0].rsplit("/", 1)[1]


def kiosk_url(cluster: PgCluster, url: str, credential: server.Credential, **kw: object) -> str:
    return cluster.url(dbname(url), user=credential.user, password=credential.password, **kw)  # type: ignore[arg-type]


@pytest.fixture
def lobby(pg_cluster: PgCluster, initialised: str) -> tuple[str, server.Credential]:
    """A kiosk called lobby enrolled on an initialised server; its URL (TLS, verify-full)."""
    credential = server.enrol(initialised, "lobby")
    return kiosk_url(pg_cluster, initialised, credential), credential


def rows(url: str, query: str) -> list[tuple[object, ...]]:
    with schema.connect(url) as admin:
        return admin.execute(query).fetchall()


def test_a_kiosk_submits_over_verified_tls(
    lobby: tuple[str, server.Credential], initialised: str
) -> None:
    url, credential = lobby
    intake = uuid4()
    first = Step.of(uuid4(), intake, 1, {"step": "checklist", "answers": {"q1": "no"}})
    with schema.connect(url) as kiosk:
        ssl = kiosk.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone()
        assert ssl == (True,)
        assert kiosk.info.user == credential.user
        assert submit(kiosk, first) == Answer.STORED
        assert submit(kiosk, first) == Answer.DUPLICATE
        other = Step(first.uuid, intake, 1, first.text.replace("no", "yes"))
        assert submit(kiosk, other) == Answer.CONFLICT
        taken = Step.of(uuid4(), intake, 1, {"step": "phq9"})
        assert submit(kiosk, taken) == Answer.CONFLICT
    stored = rows(initialised, "SELECT uuid, intake, device, sequence, content, sha256 FROM steps")
    assert stored == [
        (
            first.uuid,
            intake,
            "lobby",
            1,
            {"step": "checklist", "answers": {"q1": "no"}},
            first.sha256,
        )
    ]
    assert rows(initialised, "SELECT uuid, device FROM intakes") == [(intake, "lobby")]
    conflicts = rows(
        initialised, "SELECT step_uuid, sequence, sha256, reason FROM conflicts ORDER BY id"
    )
    assert conflicts == [
        (first.uuid, 1, other.sha256, "other content"),
        (taken.uuid, 1, taken.sha256, "sequence taken"),
    ]


def test_content_that_does_not_match_its_hash_is_refused(
    lobby: tuple[str, server.Credential], initialised: str
) -> None:
    url, _ = lobby
    step = Step.of(uuid4(), uuid4(), 1, {"step": "consent"})
    with schema.connect(url) as kiosk, pytest.raises(psycopg.errors.InvalidParameterValue):
        kiosk.execute(
            "SELECT submit_step(%s, %s, %s, %s, %s)",
            (step.uuid, step.intake, 1, step.text, "0" * 64),
        )
    assert rows(initialised, "SELECT count(*) FROM steps") == [(0,)]


@pytest.mark.parametrize("table", PATIENT_TABLES)
def test_a_kiosk_login_reads_no_table(lobby: tuple[str, server.Credential], table: str) -> None:
    url, _ = lobby
    with schema.connect(url) as kiosk:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
            kiosk.execute(f"SELECT * FROM {table}")
        # a view that cannot be written refuses before privileges are looked at
        with pytest.raises(
            (psycopg.errors.InsufficientPrivilege, psycopg.errors.ObjectNotInPrerequisiteState)
        ):
            kiosk.execute(f"DELETE FROM {table}")


def test_a_kiosk_login_cannot_write_a_step_around_the_function(
    lobby: tuple[str, server.Credential],
) -> None:
    url, _ = lobby
    with schema.connect(url) as kiosk, pytest.raises(psycopg.errors.InsufficientPrivilege):
        kiosk.execute(
            "INSERT INTO steps (uuid, intake, device, sequence, content, sha256)"
            " VALUES (gen_random_uuid(), gen_random_uuid(), 'lobby', 1, '{}', repeat('0', 64))"
        )


def test_a_server_not_signed_by_the_kiosks_ca_is_refused(
    pg_cluster: PgCluster, lobby: tuple[str, server.Credential], initialised: str
) -> None:
    _, credential = lobby
    wrong = kiosk_url(pg_cluster, initialised, credential, ca_file=pg_cluster.wrong_ca_file)
    with pytest.raises(psycopg.OperationalError, match="certificate verify failed"):
        schema.connect(wrong)


def test_plain_connections_and_wrong_passwords_are_refused(
    pg_cluster: PgCluster, lobby: tuple[str, server.Credential], initialised: str
) -> None:
    url, credential = lobby
    with pytest.raises(psycopg.OperationalError, match="no encryption"):
        schema.connect(url.replace("sslmode=verify-full", "sslmode=disable"))
    bad = server.Credential(credential.user, credential.password + "x")
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        schema.connect(kiosk_url(pg_cluster, initialised, bad))


def test_revoke_shuts_the_kiosk_out(lobby: tuple[str, server.Credential], initialised: str) -> None:
    url, credential = lobby
    open_session = schema.connect(url)
    try:
        device = server.revoke(initialised, "lobby")
        assert device.revoked_at is not None
        assert device.login_role == credential.user
        with pytest.raises(psycopg.OperationalError):  # its open session was ended
            submit(open_session, Step.of(uuid4(), uuid4(), 1, {"step": "welcome"}))
    finally:
        open_session.close()
    with pytest.raises(psycopg.OperationalError, match="not permitted to log in"):
        schema.connect(url)
    assert rows(initialised, "SELECT rolcanlogin FROM pg_roles WHERE rolname = 'kiosk_lobby'") == [
        (False,)
    ]
    assert rows(initialised, "SELECT count(*) FROM steps") == [(0,)]


def test_a_name_is_enrolled_once(initialised: str) -> None:
    server.enrol(initialised, "lobby")
    with pytest.raises(server.ServerProblemError, match="already enrolled"):
        server.enrol(initialised, "lobby")
    with pytest.raises(server.ServerProblemError, match="device name"):
        server.enrol(initialised, "Lobby 1; DROP")
    with pytest.raises(server.ServerProblemError, match="no such device"):
        server.revoke(initialised, "hall")


def test_the_same_step_sent_at_once_on_eight_connections_is_stored_once(
    lobby: tuple[str, server.Credential], initialised: str
) -> None:
    """Lost replies make a kiosk resend while the first try may still be running: one 'stored',
    the rest 'duplicate', one row."""
    url, _ = lobby
    step = Step.of(uuid4(), uuid4(), 1, {"step": "ride", "driver": "sister"})
    connections = [schema.connect(url) for _ in range(8)]
    try:
        barrier = threading.Barrier(len(connections))

        def send(conn: psycopg.Connection[tuple[object, ...]]) -> Answer:
            barrier.wait(timeout=10)
            return submit(conn, step)

        with ThreadPoolExecutor(len(connections)) as pool:
            answers = sorted(pool.map(send, connections))
    finally:
        for conn in connections:
            conn.close()
    assert answers == [Answer.DUPLICATE] * 7 + [Answer.STORED]
    assert rows(initialised, "SELECT count(*) FROM steps") == [(1,)]
    assert rows(initialised, "SELECT count(*) FROM conflicts") == [(0,)]
