"""Nurse stations on the clinic server: two stations (their own logins) over two synced kiosks;
row versions refuse an act on a stale view and say who did what when, vitals, prints and the
discharge read back, sign-in counted by the server across stations, least privilege, and every
act in the server's audit log."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from kiosk.cli import main
from kiosk.core.audit import AuditAction
from kiosk.core.discharge import DischargeError
from kiosk.core.forms import FormsBundle
from kiosk.core.forms.settings import StaffSettings
from kiosk.core.ports import PrintAttempt
from kiosk.core.row_versions import StaleViewError
from kiosk.core.staff import Reason, Signer, SignIn
from kiosk.core.vitals import Phase, Vitals
from kiosk.server import schema
from kiosk.server.reader import ServerReader
from kiosk.services import server
from kiosk.services.server_station import StationOnServer, sign_in
from tests.helpers.clinic import DAY
from tests.helpers.pg import PgCluster
from tests.helpers.sync import SyncedKiosk, dbname, enrol_kiosk, server_rows, synced_kiosks
from tests.helpers.watch import make_ready

pytestmark = pytest.mark.usefixtures("cheap_pins")

KIOSKS = (("lobby", 4, 3), ("annex", 3, 11))
PIN = "483920"
COST = 2**10
NEW_TABLES = (
    "staff",
    "records_vitals",
    "records_discharges",
    "records_prints",
    "records_infusions",
    "records_infusion_corrections",
    "records_side_effects",
    "records_readiness",
)


@pytest.fixture
def kiosks(
    pg_cluster: PgCluster, initialised: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[list[SyncedKiosk]]:
    made = synced_kiosks(pg_cluster, initialised, tmp_path, monkeypatch, DAY, KIOSKS)
    yield made
    for kiosk in made:
        kiosk.context.close()


@pytest.fixture
def station_urls(pg_cluster: PgCluster, initialised: str) -> Iterator[list[str]]:
    """Two station logins (members of kiosk_station) on the test's database; dropped after."""
    database = dbname(initialised)
    names = [f"station_{i}_{abs(hash(database)) % 10**8}" for i in (1, 2)]
    with schema.connect(initialised) as admin:
        for name in names:
            admin.execute(
                sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE kiosk_station").format(
                    sql.Identifier(name), sql.Literal("station-secret")
                )
            )
    yield [pg_cluster.url(database, user=n, password="station-secret") for n in names]
    with schema.connect(initialised) as admin:
        for name in names:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s",
                (name,),
            )
            admin.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(name)))


@pytest.fixture
def stations(
    kiosks: list[SyncedKiosk], station_urls: list[str], forms: FormsBundle
) -> Iterator[list[StationOnServer]]:
    clock = kiosks[0].context.clock
    made = [StationOnServer(url, forms, clock, cost=COST) for url in station_urls]
    yield made
    for station in made:
        station.close()


@pytest.fixture
def nurses(initialised: str) -> list[Signer]:
    """Nora and Sam, nurses on the server."""
    found = []
    for name in ("Nora", "Sam"):
        member = server.staff_add(initialised, name, "nurse", PIN, by="test", cost=COST)
        found.append(Signer(member.id, member.name))
    return found


def flagged_intake(station: StationOnServer) -> int:
    """An intake of DAY with a flag nobody acknowledged."""
    row = next(r for r in station.station.board(DAY) if any(not f.acknowledged_at for f in r.flags))
    return row.id


def test_a_stale_view_is_refused_naming_who_did_what_when_and_nothing_is_applied(
    stations: list[StationOnServer], nurses: list[Signer], initialised: str
) -> None:
    a, b = stations
    nora, sam = nurses
    intake_id = flagged_intake(a)
    make_ready(a.station, intake_id, nora)  # a discharge refused only for the stale view
    seen_by_a = a.station.intake(intake_id)
    seen_by_b = b.station.intake(intake_id)
    assert seen_by_a.version == seen_by_b.version > 0
    flag = next(f for f in seen_by_a.flags if not f.acknowledged_at)

    a.station.acknowledge(flag.id, nora, seen_version=seen_by_a.version)
    with pytest.raises(StaleViewError) as refused:
        b.station.discharge(
            intake_id,
            driver_name="Pat Driver",
            driver_phone="555 010 0199",
            driver_present=True,
            nurse=sam,
            seen_version=seen_by_b.version,
        )
    assert re.fullmatch(
        r"Nora acknowledged a flag of this patient at \d\d:\d\d; the view is updated",
        str(refused.value),
    )
    assert refused.value.by == "Nora" and refused.value.act == "acknowledge"
    now = b.store.conn.execute("SELECT now()").fetchone()
    assert now is not None and refused.value.at is not None
    assert abs(refused.value.at - now[0]) < timedelta(minutes=1)
    after = b.station.intake(intake_id)
    assert after.discharge is None and after.stage == seen_by_b.stage
    assert after.version == seen_by_b.version + 1
    acked = next(f for f in after.flags if f.id == flag.id)
    assert acked.acknowledged_by == "Nora"
    assert server_rows(initialised, "SELECT count(*) FROM records_discharges") == [(0,)]
    assert server.audit_entries(initialised, action=str(AuditAction.DISCHARGE)) == []

    # the view updated, the discharge goes ahead; then the other station's view is stale
    record = b.station.discharge(
        intake_id,
        driver_name="Pat Driver",
        driver_phone="555 010 0199",
        driver_present=True,
        nurse=sam,
        seen_version=after.version,
    )
    with pytest.raises(StaleViewError, match=r"^Sam discharged this patient at \d\d:\d\d;"):
        a.station.record_vitals(
            intake_id, Phase.DISCHARGE, Vitals(120, 80, 70, 98), nora, seen_version=after.version
        )
    done = a.station.intake(intake_id)
    assert done.stage == "discharged" and done.vitals == after.vitals
    assert done.discharge is not None and done.discharge.nurse_name == "Sam"
    assert done.discharge.no_driving_until == record.no_driving_until.isoformat()
    with pytest.raises(DischargeError, match="already been discharged"):
        a.station.discharge(
            intake_id,
            driver_name="Pat Driver",
            driver_phone="555 010 0199",
            driver_present=True,
            nurse=nora,
            seen_version=done.version,
        )
    with pytest.raises(DischargeError, match="already been discharged"):  # the server says so
        a.store.discharge(intake_id, record, seen_version=done.version)


def test_vitals_and_prints_are_read_back_through_the_server_reader(
    stations: list[StationOnServer], nurses: list[Signer], initialised: str
) -> None:
    a, b = stations
    nora, _ = nurses
    intake_id = flagged_intake(a)
    view = a.station.intake(intake_id)
    a.station.record_vitals(
        intake_id, Phase.PRE, Vitals(190, 85, 72, 97), nora, seen_version=view.version
    )
    with a.store.act() as act:
        printed = a.store.record_print(
            intake_id,
            PrintAttempt("aftercare", nora.id, "Nora", "desk", "desk-7", "sent"),
            seen_version=view.version + 1,
        )
        act.record("Nora", AuditAction.PRINT, f"intake {intake_id}", queue="desk", job="desk-7")
    assert printed > 0
    with schema.connect(initialised) as admin:
        record = ServerReader(admin).intake(intake_id)
    assert record.version == view.version + 2
    assert record.stage == "in_chair"
    assert [
        (v.phase, v.systolic, v.diastolic, v.heart_rate, v.spo2, v.recorded_by)
        for v in record.vitals
    ] == [("pre", 190, 85, 72, 97, "Nora")]
    assert {f.code for f in record.flags} > {f.code for f in view.flags}  # the high reading
    assert [(p.document, p.printed_by, p.queue, p.job_id, p.status) for p in record.prints] == [
        ("aftercare", "Nora", "desk", "desk-7", "sent")
    ]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", record.vitals[0].recorded_at)
    assert b.station.intake(intake_id) == record  # the other station reads the same


def test_wrong_pins_from_two_stations_at_once_are_counted_exactly(
    station_urls: list[str], nurses: list[Signer], initialised: str
) -> None:
    """Two stations (two connections, two threads) try four wrong PINs each at the same time:
    the server counts them one after the other, so the fifth locks and no attempt is lost."""
    nora, _ = nurses
    settings = StaffSettings(pin_attempts=5, lockout_minutes=5)
    results: list[SignIn] = []
    lock = threading.Lock()
    start = threading.Barrier(2)

    def station(url: str) -> None:
        with schema.connect(url) as conn:
            start.wait()
            for _ in range(4):
                result = sign_in(conn, settings, nora.id or 0, "000111", cost=COST)
                with lock:
                    results.append(result)

    threads = [threading.Thread(target=station, args=(url,)) for url in station_urls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(results) == 8
    wrong = sorted(r.attempts_left for r in results if r.reason is Reason.WRONG_PIN)
    assert wrong == [1, 2, 3, 4]
    locked = [r for r in results if r.reason is Reason.LOCKED]
    assert len(locked) == 4 and len({r.locked_until for r in locked}) == 1
    until = locked[0].locked_until
    assert until is not None
    with schema.connect(station_urls[0]) as conn:
        right_but_locked = sign_in(conn, settings, nora.id or 0, PIN, cost=COST)
        assert right_but_locked.reason is Reason.LOCKED
        row = conn.execute("SELECT now()").fetchone()
        assert row is not None
        assert timedelta(minutes=4) < until - row[0] <= timedelta(minutes=5)
    with schema.connect(initialised) as admin:  # the lock runs out
        admin.execute("UPDATE staff SET locked_until = now() - interval '1 second'")
    with schema.connect(station_urls[1]) as conn:
        signed = sign_in(conn, settings, nora.id or 0, PIN, cost=COST)
        assert signed.ok and signed.member is not None and signed.member.name == "Nora"
        assert sign_in(conn, settings, 10_000, PIN, cost=COST).reason is Reason.UNKNOWN
    failed = server.audit_entries(initialised, action=str(AuditAction.SIGN_IN_FAILED))
    assert len(failed) == 10 and all("PIN" not in e.detail and PIN not in e.detail for e in failed)
    assert [e.actor for e in server.audit_entries(initialised, action="sign_in")] == ["Nora"]
    assert server_rows(initialised, "SELECT failed_attempts FROM staff WHERE name = 'Nora'") == [
        (0,)
    ]


def test_a_kiosk_login_is_refused_everything_new_and_a_station_writes_only_through_functions(
    pg_cluster: PgCluster, initialised: str, station_urls: list[str], tmp_path: Path
) -> None:
    kiosk = enrol_kiosk(pg_cluster, initialised, "lone", tmp_path / "secrets")
    fields = dict(
        pair.split("=", 1) for pair in kiosk.credential_file.read_text(encoding="ascii").split()
    )
    kiosk_url = pg_cluster.url(
        dbname(initialised), user=fields["user"], password=fields["password"]
    )
    new_functions = server_rows(
        initialised,
        "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n"
        " ON n.oid = p.pronamespace WHERE n.nspname = 'public' AND (p.proname LIKE 'station%%'"
        " OR p.proname LIKE 'staff%%' OR p.proname = 'records_intakes_changed')",
    )
    # with staff_change (0007), the admins' own, and the infusion's (0010)
    assert len(new_functions) == 17
    with schema.connect(initialised) as admin:
        for (function,) in new_functions:
            row = admin.execute(
                "SELECT has_function_privilege(%s, %s, 'EXECUTE')", (fields["user"], function)
            ).fetchone()
            assert row == (False,), function
        for table in (*NEW_TABLES, "records_intakes", "records_flags"):
            for privilege in ("SELECT", "INSERT", "UPDATE", "DELETE"):
                row = admin.execute(
                    "SELECT has_table_privilege(%s, %s, %s)", (fields["user"], table, privilege)
                ).fetchone()
                assert row == (False,), (table, privilege)
    with schema.connect(kiosk_url) as conn:
        for table in NEW_TABLES:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(f"SELECT * FROM {table}")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT staff_pin_hash(1)")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT station_seat(1, NULL, 'x')")

    with schema.connect(station_urls[0]) as conn:
        for statement in (
            "UPDATE records_intakes SET stage = 'discharged'",
            "DELETE FROM records_flags",
            "INSERT INTO records_prints (intake_id, document, printed_by, queue, job_id, status,"
            " printed_at) VALUES (1, 'x', 'x', 'x', 'x', 'sent', now())",
            "UPDATE staff SET failed_attempts = 0",
            "SELECT pin_hash FROM staff",
            "INSERT INTO audit (id, at, actor, action, previous_hash, hash)"
            " VALUES (0, now(), 'x', 'x', '', '')",
            "SELECT * FROM audit",
            "SELECT rebuild_records(gen_random_uuid())",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement.encode())
        assert conn.execute("SELECT count(*) FROM records_vitals").fetchone() == (0,)
        assert conn.execute("SELECT id, name, role, active FROM staff").fetchall() == []


def test_every_station_act_is_in_the_server_audit_log_and_the_chain_holds(
    stations: list[StationOnServer], nurses: list[Signer], initialised: str
) -> None:
    a, _ = stations
    nora, _ = nurses
    intake_id = flagged_intake(a)
    view = a.station.intake(intake_id)
    flag = next(f for f in view.flags if not f.acknowledged_at)
    a.station.view_intake(intake_id, nora)
    a.station.acknowledge(flag.id, nora, seen_version=view.version)
    a.station.seat(intake_id, nora, seen_version=view.version + 1)
    a.station.record_vitals(
        intake_id, Phase.DISCHARGE, Vitals(118, 76, 64, 99), nora, seen_version=view.version + 2
    )
    make_ready(a.station, intake_id, nora)  # pre vitals, the infusion, vitals, readiness
    a.station.discharge(
        intake_id,
        driver_name="Pat Driver",
        driver_phone="555 010 0199",
        driver_present=True,
        nurse=nora,
        seen_version=view.version + 10,
    )
    acts = [(e.actor, e.action, e.subject) for e in server.audit_entries(initialised, actor="Nora")]
    subject = f"intake {intake_id}"
    assert acts == [
        ("Nora", "view_intake", subject),
        ("Nora", "acknowledge", f"flag {flag.id}"),
        ("Nora", "seat", subject),
        ("Nora", "vitals", subject),
        ("Nora", "vitals", subject),
        ("Nora", "infusion_start", subject),
        ("Nora", "infusion_end", subject),
        ("Nora", "infusion_correct", subject),
        ("Nora", "infusion_correct", subject),
        ("Nora", "vitals", subject),
        ("Nora", "readiness", subject),
        ("Nora", "discharge", subject),
    ]
    station_login = a.conn.info.user
    assert all(
        f'"login": "{station_login}"' in e.detail
        for e in server.audit_entries(initialised, actor="Nora")
    )
    check = server.audit_check(initialised)
    assert check.problem is None and check.entries > len(acts)
    assert main(["audit", "verify", "--server", "--url", initialised]) == 0


def test_server_staff_add_and_list_from_the_command_line(
    initialised: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSK_NEW_PIN", PIN)
    assert (
        main(
            [
                "server",
                "staff",
                "add",
                "--role",
                "admin",
                "--name",
                " Ada  Lee ",
                "--url",
                initialised,
            ]
        )
        == 0
    )
    assert capsys.readouterr().out == "added admin 'Ada Lee' (id 1) on the clinic server\n"
    assert (
        main(
            ["server", "staff", "add", "--role", "nurse", "--name", "ada lee", "--url", initialised]
        )
        == 2
    )
    assert "already a staff member called 'ada lee'" in capsys.readouterr().err
    monkeypatch.setenv("KIOSK_NEW_PIN", "123456")
    assert (
        main(["server", "staff", "add", "--role", "nurse", "--name", "Bo", "--url", initialised])
        == 2
    )
    assert "too easy to guess" in capsys.readouterr().err
    assert main(["server", "staff", "list", "--url", initialised]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "ID  NAME     ROLE   STATUS",
        " 1  Ada Lee  admin  active",
    ]
    stored = server_rows(initialised, "SELECT pin_hash FROM staff")
    assert (
        len(stored) == 1
        and str(stored[0][0]).startswith("scrypt$")
        and PIN not in str(stored[0][0])
    )
    added = server.audit_entries(initialised, action="staff_add")
    assert [(e.actor, e.subject) for e in added] == [("command line", "staff 1")]


def test_no_kiosk_can_be_enrolled_under_the_name_of_a_group(initialised: str) -> None:
    """``station`` would make the login kiosk_station, the stations' group: refused, as is
    ``device``."""
    for name in ("station", "device"):
        with pytest.raises(server.ServerProblemError, match="kept for the server's own roles"):
            server.enrol(initialised, name)
