"""The clinic server's audit log: admin acts chained by the server, append-only even for the
admin, checked here entry by entry; an act whose entry cannot be written is not done."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from kiosk.cli import main
from kiosk.core.audit import GENESIS, AuditAction
from kiosk.server import audit, schema
from kiosk.services import server
from tests.helpers.sync import refuse_every_audit_entry, server_rows

CSV = "date,time,first_name,last_name,date_of_birth\n2026-12-04,09:00,Ann,Lee,1980-02-03\n"


@pytest.fixture
def admin(initialised: str) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    with schema.connect(initialised) as conn:
        yield conn


def acts(url: str, tmp_path: Path) -> None:
    """Enrol a kiosk, book a day, revoke the kiosk: three audited acts."""
    server.enrol(url, "lobby", by="Dana")
    day = tmp_path / "day.csv"
    day.write_text(CSV, encoding="utf-8")
    server.import_appointments(url, day, by="Dana")
    server.revoke(url, "lobby")


def test_admin_acts_are_chained_in_the_servers_log(
    initialised: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    acts(initialised, tmp_path)
    entries = server.audit_entries(initialised)
    assert [(e.id, e.actor, e.action, e.subject) for e in entries] == [
        (1, "Dana", AuditAction.DEVICE_ENROL, "lobby"),
        (2, "Dana", AuditAction.APPOINTMENTS_IMPORT, "day.csv"),
        (3, "kiosk_test_admin", AuditAction.DEVICE_REVOKE, "lobby"),  # no name: the login
    ]
    assert entries[0].previous_hash == GENESIS
    assert [e.previous_hash for e in entries[1:]] == [e.hash for e in entries[:-1]]
    assert '"login": "kiosk_test_admin"' in entries[1].detail
    assert '"appointments": 1' in entries[1].detail and "Ann" not in entries[1].detail
    check = server.audit_check(initialised)
    assert (check.entries, check.problem, check.head_hash) == (3, None, entries[-1].hash)
    assert main(["audit", "verify", "--server", "--url", initialised]) == 0
    assert capsys.readouterr().out == f"3 entries, chain sound; newest hash {entries[-1].hash}\n"
    assert main(["audit", "list", "--server", "--url", initialised, "--who", "Dana"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[:5][3:] for line in lines] == [
        ["enrol_device", "lobby"],
        ["import_appointments", "day.csv"],
    ]
    today = entries[0].at[:10]
    assert main(["audit", "list", "--server", "--url", initialised, "--day", today]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3
    assert main(["audit", "list", "--server", "--url", initialised, "--day", "2001-01-01"]) == 0
    assert capsys.readouterr().out == ""


def test_the_servers_hash_is_the_one_recomputed_here_whatever_the_text(
    admin: psycopg.Connection[tuple[object, ...]], initialised: str
) -> None:
    """Quotes, backslashes, new lines, control characters, accents and emoji in every field:
    the chain the server made in SQL is the one kiosk.core.audit recomputes."""
    awkward = 'Zoë "Z" O\'Neil \\ \n\t\r\x01\x1f\x7f ✓ 🙂 </'
    with admin.transaction():
        audit.record(admin, awkward, AuditAction.EXPORT, awkward, note=awkward, n=[1, 2.5, None])
        audit.record(admin, None, AuditAction.BACKUP, "", nested={"b": {"a": True}, "a": awkward})
    assert server.audit_check(initialised).problem is None
    first = server.audit_entries(initialised)[0]
    assert first.actor == awkward and first.subject == awkward


def test_update_delete_and_truncate_are_refused_even_to_the_admin(
    admin: psycopg.Connection[tuple[object, ...]],
) -> None:
    with admin.transaction():
        audit.record(admin, "Dana", AuditAction.EXPORT, "x")
    for statement in (
        "UPDATE audit SET actor = 'Eve'",
        "DELETE FROM audit",
        "TRUNCATE audit",
    ):
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
            admin.execute(statement)
    assert admin.execute("SELECT actor FROM audit").fetchall() == [("Dana",)]


def test_an_insert_past_the_function_is_chained_by_the_server_all_the_same(
    admin: psycopg.Connection[tuple[object, ...]], initialised: str
) -> None:
    """Whatever id, time or hashes an INSERT says, the server gives the next place in the chain."""
    with admin.transaction():
        audit.record(admin, "Dana", AuditAction.EXPORT, "x")
    admin.execute(
        "INSERT INTO audit (id, at, actor, action, subject, detail, previous_hash, hash)"
        " VALUES (99, '2001-01-01', 'Eve', 'export', 'y', '{}', %s, %s)",
        ("a" * 64, "b" * 64),
    )
    rows = server_rows(initialised, "SELECT id, at > now() - interval '1 hour', hash FROM audit")
    assert [r[:2] for r in rows] == [(1, True), (2, True)]
    assert rows[1][2] != "b" * 64
    assert server.audit_check(initialised).problem is None


def test_a_changed_entry_is_found_with_its_id(
    admin: psycopg.Connection[tuple[object, ...]],
    initialised: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A superuser switches the trigger off, changes entry 2's detail and switches it back on:
    verify names entry 2 and exits 1."""
    acts(initialised, tmp_path)
    admin.execute("ALTER TABLE audit DISABLE TRIGGER audit_no_update_delete")
    admin.execute("UPDATE audit SET detail = detail || '{\"appointments\": 0}' WHERE id = 2")
    admin.execute("ALTER TABLE audit ENABLE TRIGGER audit_no_update_delete")
    assert main(["audit", "verify", "--server", "--url", initialised]) == 1
    assert capsys.readouterr().err == (
        "kiosk: error: the server's audit log was tampered with: entry 2:"
        " its contents were changed\n"
    )


def test_a_removed_entry_is_found(
    admin: psycopg.Connection[tuple[object, ...]], initialised: str, tmp_path: Path
) -> None:
    acts(initialised, tmp_path)
    admin.execute("ALTER TABLE audit DISABLE TRIGGER audit_no_update_delete")
    admin.execute("DELETE FROM audit WHERE id = 2")
    admin.execute("ALTER TABLE audit ENABLE TRIGGER audit_no_update_delete")
    check = server.audit_check(initialised)
    assert check.entries == 2
    assert check.problem == (3, "entry 2 is missing (removed, or the log was reordered)")


def test_writers_at_the_same_time_make_one_sound_chain(initialised: str) -> None:
    """Eight connections write twenty-five entries each at once, each in its own transaction:
    ids 1 to 200 without a gap, every entry following the one before."""
    start = threading.Barrier(8)
    failures: list[BaseException] = []

    def write(n: int) -> None:
        try:
            with schema.connect(initialised) as conn:
                start.wait()
                for i in range(25):
                    with conn.transaction():
                        audit.record(conn, f"writer {n}", AuditAction.EXPORT, str(i))
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            failures.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures
    check = server.audit_check(initialised)
    assert (check.entries, check.problem) == (200, None)
    ids = [int(str(r[0])) for r in server_rows(initialised, "SELECT id FROM audit ORDER BY id")]
    assert ids == list(range(1, 201))


def test_an_act_whose_entry_fails_is_not_done(initialised: str, tmp_path: Path) -> None:
    """Enrol, revoke and a day's appointments: each refused whole when its entry fails."""
    server.enrol(initialised, "hall")
    refuse_every_audit_entry(initialised)
    with pytest.raises(server.ServerProblemError, match="the audit log is out of order"):
        server.enrol(initialised, "lobby")
    with pytest.raises(server.ServerProblemError, match="the audit log is out of order"):
        server.revoke(initialised, "hall")
    day = tmp_path / "day.csv"
    day.write_text(CSV, encoding="utf-8")
    with pytest.raises(server.ServerProblemError, match="the audit log is out of order"):
        server.import_appointments(initialised, day)
    assert server_rows(initialised, "SELECT name, revoked_at FROM devices") == [("hall", None)]
    assert server_rows(
        initialised,
        "SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname LIKE 'kiosk\\_%'"
        " AND rolname NOT IN ('kiosk_device', 'kiosk_station', 'kiosk_admin', 'kiosk_test_admin')",
    ) == [("kiosk_hall", True)]
    assert server_rows(initialised, "SELECT count(*) FROM appointments") == [(0,)]
    assert server_rows(initialised, "SELECT count(*) FROM audit") == [(1,)]


def test_a_kiosk_login_can_neither_read_the_log_nor_write_to_it(
    admin: psycopg.Connection[tuple[object, ...]], initialised: str
) -> None:
    server.enrol(initialised, "lobby")
    admin.execute("SET SESSION AUTHORIZATION kiosk_lobby")
    for statement in (
        "SELECT * FROM audit",
        "INSERT INTO audit (actor, action) VALUES ('x', 'export')",
        "SELECT record_audit('x', 'export', '', '{}')",
    ):
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
            admin.execute(statement)
    admin.execute("RESET SESSION AUTHORIZATION")


def test_a_server_whose_schema_predates_the_log_is_told_to_run_init(
    server_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shipped = schema.shipped_migrations()
    monkeypatch.setattr(schema, "shipped_migrations", lambda: shipped[:3])
    with schema.connect(server_url) as conn:
        schema.apply_migrations(conn)
    assert main(["server", "enrol", "lobby", "--url", server_url]) == 1
    assert main(["audit", "verify", "--server", "--url", server_url]) == 1
    err = capsys.readouterr().err.splitlines()
    assert (
        err
        == [
            "kiosk: error: the clinic server's schema has no audit log yet:"
            " run python -m kiosk server init"
        ]
        * 2
    )
    assert server_rows(server_url, "SELECT count(*) FROM devices") == [(0,)]
