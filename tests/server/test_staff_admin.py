"""Staff administration on the clinic server from the command line (``server staff disable |
enable | reset-pin | role | unlock NAME``): each change audited naming who made it, the chain
still sound, the last active admin kept, an unknown name and a server away said in one line;
a disabled member refused at a station's sign-in, an unlocked one let in; and the admin login
(``kiosk_admin``) that may do exactly this."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

import psycopg
import pytest

from kiosk.cli import main
from kiosk.core.audit import AuditAction
from kiosk.core.forms.settings import StaffSettings
from kiosk.core.staff import LastAdminError, Reason, StaffMember
from kiosk.server import schema
from kiosk.services import server, server_admin
from kiosk.services.server_station import sign_in
from tests.helpers.pg import PgCluster
from tests.helpers.sync import dbname, server_rows

pytestmark = pytest.mark.usefixtures("cheap_pins")

PIN = "483920"
NEW_PIN = "720491"
COST = 2**10
SETTINGS = StaffSettings(pin_attempts=3, lockout_minutes=5)


@pytest.fixture
def staffed(initialised: str) -> str:
    """Ada (admin) and Nora (nurse) on the server."""
    server.staff_add(initialised, "Ada", "admin", PIN, by="test", cost=COST)
    server.staff_add(initialised, "Nora", "nurse", PIN, by="test", cost=COST)
    return initialised


def run(url: str, *words: str) -> int:
    return main(["server", "staff", *words, "--url", url])


def staff_row(url: str, name: str) -> tuple[object, ...]:
    rows = server_rows(
        url, "SELECT role, active, failed_attempts, locked_until FROM staff WHERE name = %s", name
    )
    return rows[0]


def audited(url: str, action: str) -> list[tuple[str, str, dict[str, object]]]:
    return [
        (e.actor, e.subject, json.loads(e.detail)) for e in server.audit_entries(url, action=action)
    ]


def signed_in(url: str, name: str, pin: str) -> Reason:
    with schema.connect(url) as conn:
        row = conn.execute("SELECT id FROM staff WHERE name = %s", (name,)).fetchone()
        assert row is not None
        return sign_in(conn, SETTINGS, int(str(row[0])), pin, cost=COST).reason


def test_disable_and_enable_are_audited_and_a_disabled_member_cannot_sign_in(
    staffed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`disable nora` (any case) stops Nora at every station's sign-in; `enable` lets her in;
    both are in the server's audit log, naming the command line and Nora, the chain sound."""
    assert run(staffed, "disable", "nora") == 0
    assert capsys.readouterr().out == "disabled nurse 'Nora' (id 2)\n"
    assert staff_row(staffed, "Nora")[1] is False
    assert signed_in(staffed, "Nora", PIN) is Reason.DISABLED
    assert run(staffed, "enable", "Nora") == 0
    assert capsys.readouterr().out == "enabled nurse 'Nora' (id 2)\n"
    assert signed_in(staffed, "Nora", PIN) is Reason.OK
    for action in ("staff_disable", "staff_enable"):
        [(actor, subject, detail)] = audited(staffed, action)
        assert (actor, subject) == ("command line", "staff 2")
        assert detail["name"] == "Nora" and detail["role"] == "nurse"
    assert main(["audit", "verify", "--server", "--url", staffed]) == 0
    assert "chain sound" in capsys.readouterr().out


def test_the_last_active_admin_is_kept_in_the_local_words(
    staffed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ada, the only admin, can be neither disabled nor made a nurse (exit 2, the words of
    LastAdminError, nothing changed nor audited); with a second admin she can."""
    last = (
        "kiosk: error: Ada is the last active admin: add or enable another admin first, so"
        " someone can still manage staff\n"
    )
    assert run(staffed, "disable", "Ada") == 2
    assert capsys.readouterr().err == last
    assert run(staffed, "role", "ada", "nurse") == 2
    assert capsys.readouterr().err == last
    assert staff_row(staffed, "Ada")[:2] == ("admin", True)
    assert audited(staffed, "staff_disable") == audited(staffed, "staff_role") == []
    assert run(staffed, "role", "Nora", "admin") == 0
    assert capsys.readouterr().out == "'Nora' (id 2) is now an admin\n"
    assert run(staffed, "role", "Ada", "nurse") == 0
    assert capsys.readouterr().out == "'Ada' (id 1) is now a nurse\n"
    assert [(a, s) for a, s, _ in audited(staffed, "staff_role")] == [
        ("command line", "staff 2"),
        ("command line", "staff 1"),
    ]
    assert run(staffed, "disable", "Nora") == 2  # now Nora is the last admin
    assert "Nora is the last active admin" in capsys.readouterr().err


def test_an_unknown_name_a_weak_pin_and_a_server_away_are_one_line_each(
    staffed: str,
    pg_cluster: PgCluster,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Exit 2 for a name nobody has (said before a PIN is asked) and for a weak PIN; exit 1
    for a server that cannot be reached; nothing changes."""
    for words in (
        ("disable", "Zed"),
        ("enable", "Zed"),
        ("unlock", "Zed"),
        ("role", "Zed", "admin"),
    ):
        assert run(staffed, *words) == 2
        assert (
            capsys.readouterr().err
            == "kiosk: error: there is no staff member called 'Zed' on the clinic server\n"
        )
    monkeypatch.delenv("KIOSK_NEW_PIN", raising=False)
    assert run(staffed, "reset-pin", "Zed") == 2  # no terminal, yet the name is said first
    assert "no staff member called 'Zed'" in capsys.readouterr().err
    monkeypatch.setenv("KIOSK_NEW_PIN", "123456")
    assert run(staffed, "reset-pin", "Nora") == 2
    assert "too easy to guess" in capsys.readouterr().err
    away = pg_cluster.url(dbname(staffed), ca_file=pg_cluster.wrong_ca_file)
    assert run(away, "disable", "Nora") == 1
    err = capsys.readouterr().err
    assert err.startswith("kiosk: error: cannot reach the clinic server:") and err.count("\n") == 1
    assert staff_row(staffed, "Nora")[1] is True
    assert audited(staffed, "staff_reset_pin") == audited(staffed, "staff_disable") == []


def test_unlock_lets_a_locked_member_in_and_reset_pin_gives_a_new_pin(
    staffed: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three wrong PINs lock Nora out even with the right one; `unlock` lifts it (audited) and
    she signs in; `reset-pin` (the PIN from $KIOSK_NEW_PIN, hashed on this side) replaces her
    PIN and lifts a lockout too."""
    for _ in range(3):
        signed_in(staffed, "Nora", "000111")
    assert signed_in(staffed, "Nora", PIN) is Reason.LOCKED
    assert run(staffed, "unlock", "Nora") == 0
    assert capsys.readouterr().out.startswith(
        "lifted the lockout of nurse 'Nora' (id 2) (it ran to"
    )
    assert staff_row(staffed, "Nora")[2:] == (0, None)
    assert signed_in(staffed, "Nora", PIN) is Reason.OK
    assert run(staffed, "unlock", "Nora") == 0
    assert capsys.readouterr().out == "nurse 'Nora' (id 2) was not locked out\n"
    assert [(a, s) for a, s, _ in audited(staffed, "staff_unlock")] == [
        ("command line", "staff 2")
    ] * 2

    for _ in range(3):
        signed_in(staffed, "Nora", "000111")
    monkeypatch.setenv("KIOSK_NEW_PIN", NEW_PIN)
    assert run(staffed, "reset-pin", "NORA") == 0
    assert capsys.readouterr().out == "new PIN set for nurse 'Nora' (id 2); any lockout is lifted\n"
    stored = server_rows(staffed, "SELECT pin_hash FROM staff WHERE name = 'Nora'")
    assert str(stored[0][0]).startswith("scrypt$") and NEW_PIN not in str(stored[0][0])
    assert signed_in(staffed, "Nora", PIN) is Reason.WRONG_PIN
    assert signed_in(staffed, "Nora", NEW_PIN) is Reason.OK
    [(actor, subject, detail)] = audited(staffed, "staff_reset_pin")
    assert (actor, subject) == ("command line", "staff 2") and NEW_PIN not in json.dumps(detail)
    assert main(["audit", "verify", "--server", "--url", staffed]) == 0


@pytest.fixture
def admin_url(
    pg_cluster: PgCluster, staffed: str, capsys: pytest.CaptureFixture[str]
) -> Iterator[str]:
    """An admin login made by `server admin-login`, as a URL."""
    assert main(["server", "admin-login", "desk", "--url", staffed]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "made the admin login admin_desk; its credential, shown this once:"
    fields = dict(pair.split("=", 1) for pair in lines[1].split())
    yield pg_cluster.url(dbname(staffed), user=fields["user"], password=fields["password"])


def test_an_admin_login_changes_staff_but_never_reads_a_pin_hash_nor_touches_the_rest(
    admin_url: str, staffed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The admin login (kiosk_admin) disables and unlocks through the server's function, its
    audit entries carry its login; it cannot read PIN hashes, change staff rows directly, see
    the devices, rewrite the audit log or call a station's functions."""
    assert run(admin_url, "disable", "Nora") == 0
    assert run(admin_url, "unlock", "Nora") == 0
    capsys.readouterr()
    [(_, _, detail)] = audited(staffed, "staff_disable")
    assert detail["login"] == "admin_desk"
    with schema.connect(admin_url) as conn:
        assert conn.execute("SELECT count(*) FROM staff").fetchone() == (2,)
        for statement in (
            "SELECT pin_hash FROM staff",
            "UPDATE staff SET active = true",
            "DELETE FROM staff",
            "SELECT * FROM devices",
            "UPDATE audit SET actor = 'x'",
            "SELECT staff_pin_hash(1)",
            "SELECT rebuild_records(gen_random_uuid())",
            "CREATE ROLE sneaky LOGIN",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement.encode())
    assert server_rows(staffed, "SELECT action FROM audit WHERE action = 'admin_login'") == [
        ("admin_login",)
    ]


def test_no_kiosk_can_be_enrolled_under_the_admins_group(
    initialised: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A kiosk called "admin" would be the login kiosk_admin, the admins' group: refused."""
    assert main(["server", "enrol", "admin", "--url", initialised]) == 1
    assert "kept for the server's own roles" in capsys.readouterr().err


def test_a_station_login_cannot_do_an_admins_act(
    pg_cluster: PgCluster, staffed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A nurse station's login (kiosk_station) signs staff in but never changes them, books no
    appointment and resolves no conflict: those need an admin login."""
    assert main(["server", "station-login", "desk", "--url", staffed]) == 0
    conninfo = capsys.readouterr().out.splitlines()[1]
    fields = dict(pair.split("=", 1) for pair in conninfo.split())
    url = pg_cluster.url(dbname(staffed), user=fields["user"], password=fields["password"])
    with schema.connect(url) as conn:
        for statement in (
            "SELECT staff_change(2, false, NULL, NULL, false)",
            "SELECT conflict_rebuild(1)",
            "INSERT INTO appointments (day, first_name, last_name, birth_date, name_key)"
            " VALUES (now(), 'a', 'b', now(), 'a b')",
            "UPDATE conflicts SET resolution = NULL",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement.encode())
    assert run(url, "disable", "Nora") == 1
    assert "permission denied" in capsys.readouterr().err
    assert staff_row(staffed, "Nora")[1] is True


def test_two_admins_disabling_each_other_at_once_leave_one_admin(staffed: str) -> None:
    """Ada and Bo, the two admins, each disabled from another connection at the same moment:
    the server takes the changes one after the other, so the second finds the first done and
    refuses to disable the last admin; one admin is left, one change is audited."""
    server.staff_add(staffed, "Bo", "admin", PIN, by="test", cost=COST)
    outcome: list[BaseException | StaffMember] = []
    with schema.connect(staffed) as first, schema.connect(staffed) as second:
        pid = second.info.backend_pid

        def disable_ada() -> None:
            try:
                outcome.append(
                    server_admin.changed(second, 1, AuditAction.STAFF_DISABLE, "B", active=False)
                )
            except LastAdminError as exc:
                outcome.append(exc)

        with first.transaction():
            server_admin.changed(first, 3, AuditAction.STAFF_DISABLE, "A", active=False)
            racer = threading.Thread(target=disable_ada)
            racer.start()
            while (
                racer.is_alive()
                and not first.execute(  # the other change waits for this one's COMMIT
                    "SELECT 1 FROM pg_stat_activity WHERE pid = %s AND wait_event_type = 'Lock'",
                    (pid,),
                ).fetchone()
            ):
                time.sleep(0.01)
        racer.join(timeout=30)
    assert len(outcome) == 1 and isinstance(outcome[0], LastAdminError)
    assert outcome[0].name == "Ada"
    assert server_rows(staffed, "SELECT name FROM staff WHERE role = 'admin' AND active") == [
        ("Ada",)
    ]
    assert [e.actor for e in server.audit_entries(staffed, action="staff_disable")] == ["A"]


def test_a_server_whose_schema_predates_staff_administration_is_told_to_run_init(
    server_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shipped = schema.shipped_migrations()
    monkeypatch.setattr(schema, "shipped_migrations", lambda: shipped[:6])
    with schema.connect(server_url) as conn:
        schema.apply_migrations(conn)
    server.staff_add(server_url, "Nora", "nurse", PIN, by="test", cost=COST)
    assert run(server_url, "disable", "Nora") == 1
    assert capsys.readouterr().err == (
        "kiosk: error: the clinic server's schema has no staff administration yet:"
        " run python -m kiosk server init\n"
    )
    assert staff_row(server_url, "Nora")[1] is True
