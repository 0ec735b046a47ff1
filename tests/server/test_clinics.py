"""Several clinics on the clinic server: every row a kiosk hands in carries its device's clinic
(filled by the server, backfilled by the migration), appointments are read by their clinic's
kiosks only, and a kiosk set for one clinic sends nothing to a server that enrolled it in
another."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from kiosk.cli import main
from kiosk.core.clock import FakeClock
from kiosk.server import schema
from kiosk.services import server, sync
from kiosk.services.context import KioskContext, open_context
from kiosk.services.demo.day import make_demo
from kiosk.storage import outbox
from tests.helpers.clinic import DAY
from tests.helpers.pg import PgCluster
from tests.helpers.sync import enrol_kiosk, server_rows, synced_kiosks


def clinics_version() -> int:
    """This branch's migration that gives every row its clinic (its number may change)."""
    return next(m.version for m in schema.shipped_migrations() if m.name == "clinics")


def test_rows_carry_their_devices_clinic(
    pg_cluster: PgCluster, initialised: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    north = synced_kiosks(
        pg_cluster, initialised, tmp_path / "n", monkeypatch, DAY, [("lobby", 3, 1)],
        clinic="north",
    )  # fmt: skip
    south = synced_kiosks(
        pg_cluster, initialised, tmp_path / "s", monkeypatch, DAY, [("hall", 2, 2)],
        clinic="south",
    )  # fmt: skip
    try:
        for table in ("intakes", "steps", "records_intakes"):
            rows = server_rows(initialised, f"SELECT DISTINCT device, clinic FROM {table}")
            assert sorted(rows) == [("hall", "south"), ("lobby", "north")], table
        # whatever an INSERT says, the row's clinic is its device's
        with schema.connect(initialised) as admin:
            admin.execute(
                "INSERT INTO conflicts (step_uuid, intake, device, sequence, content, sha256,"
                " reason, clinic) SELECT uuid, intake, device, sequence, content, sha256,"
                " 'sequence taken', 'south' FROM steps WHERE device = 'lobby' LIMIT 1"
            )
        assert server_rows(initialised, "SELECT device, clinic FROM conflicts") == [
            ("lobby", "north")
        ]
    finally:
        for kiosk in north + south:
            kiosk.context.close()


def test_a_device_keeps_its_clinic_once_it_handed_intakes_in(
    pg_cluster: PgCluster, initialised: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.enrol(initialised, "spare", clinic="north")
    [kiosk] = synced_kiosks(pg_cluster, initialised, tmp_path, monkeypatch, DAY, [("lobby", 1, 1)])
    kiosk.context.close()
    with schema.connect(initialised) as admin:
        admin.execute("UPDATE devices SET clinic = 'south' WHERE name = 'spare'")  # nothing yet
        with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="enrol a new"):
            admin.execute("UPDATE devices SET clinic = 'south' WHERE name = 'lobby'")


def test_the_migration_backfills_the_clinic_from_each_device(
    pg_cluster: PgCluster, server_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = [m for m in schema.shipped_migrations() if m.version < clinics_version()]
    with monkeypatch.context() as patch, schema.connect(server_url) as conn:
        patch.setattr(schema, "shipped_migrations", lambda: before)
        schema.apply_migrations(conn)
    [kiosk] = synced_kiosks(pg_cluster, server_url, tmp_path, monkeypatch, DAY, [("lobby", 2, 4)])
    kiosk.context.close()
    with schema.connect(server_url) as conn:
        conn.execute("UPDATE devices SET clinic = 'riverside'")
        conn.execute(
            "INSERT INTO appointments (day, first_name, last_name, birth_date, name_key)"
            " VALUES ('2026-12-04', 'Ann', 'Lee', '1980-02-03', 'ann lee')"
        )
        assert schema.apply_migrations(conn)[0] == clinics_version()
    for table in ("intakes", "steps"):
        assert server_rows(server_url, f"SELECT DISTINCT clinic FROM {table}") == [("riverside",)]
    assert server_rows(server_url, "SELECT clinic FROM appointments") == [("main",)]


CSV = "date,time,first_name,last_name,date_of_birth\n{day},09:00,{first},Lee,1980-02-03\n"


def test_a_kiosk_reads_only_its_own_clinics_appointments(
    pg_cluster: PgCluster, initialised: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for clinic, first in (("north", "Ann"), ("south", "Ann"), ("south", "Cy")):
        csv = tmp_path / f"{clinic}-{first}.csv"
        csv.write_text(CSV.format(day=DAY.isoformat(), first=first), encoding="utf-8")
        for _again in range(2):  # booked again: the same appointment
            command = ["server", "appointments", str(csv), "--url", initialised]
            assert main([*command, "--clinic", clinic]) == 0
    assert server_rows(
        initialised, "SELECT clinic, count(*) FROM appointments GROUP BY 1 ORDER BY 1"
    ) == [("north", 1), ("south", 2)]
    kiosk = enrol_kiosk(pg_cluster, initialised, "hall", tmp_path / "secrets", clinic="south")
    for variable, value in kiosk.env().items():
        monkeypatch.setenv(variable, value)
    context = open_context(tmp_path / "data", clock=FakeClock())
    try:
        monkeypatch.setattr(sync, "today", lambda _clock: DAY)
        assert sync.sync_now(context).appointments == 2
    finally:
        context.close()


@pytest.fixture
def moved(
    pg_cluster: PgCluster, initialised: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[str, KioskContext]]:
    """A kiosk enrolled in clinic north with two demo intakes waiting; not yet synced."""
    kiosk = enrol_kiosk(pg_cluster, initialised, "lobby", tmp_path / "secrets", clinic="north")
    for variable, value in kiosk.env().items():
        monkeypatch.setenv(variable, value)
    context = open_context(tmp_path / "data", clock=FakeClock())
    make_demo(context, 2, DAY, seed=5)
    yield initialised, context
    context.close()


def test_a_kiosk_set_for_another_clinic_sends_nothing(
    moved: tuple[str, KioskContext], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, context = moved
    monkeypatch.setenv(sync.ENV_SERVER_CLINIC, "south")
    with pytest.raises(sync.LinkError) as caught:
        sync.sync_now(context)
    assert caught.value.trouble is sync.Trouble.WRONG_CLINIC
    assert "set for clinic south" in str(caught.value)
    assert "enrolled it as lobby in clinic north" in str(caught.value)
    assert server_rows(url, "SELECT count(*) FROM steps") == [(0,)]
    status = sync.sync_status(context)
    assert status.waiting == outbox.counts(context.db).waiting > 0
    assert (status.trouble, status.problem) == ("wrong_clinic", str(caught.value))
    monkeypatch.setenv(sync.ENV_SERVER_CLINIC, "north")  # the setting put right
    assert sync.sync_now(context).status.waiting == 0
    assert server_rows(url, "SELECT DISTINCT clinic FROM steps") == [("north",)]


def test_an_unset_clinic_is_not_checked(moved: tuple[str, KioskContext]) -> None:
    url, context = moved
    assert sync.sync_now(context).status.waiting == 0
    assert server_rows(url, "SELECT DISTINCT clinic FROM steps") == [("north",)]


def test_a_bad_clinic_setting_is_a_setup_error(
    moved: tuple[str, KioskContext], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(sync.ENV_SERVER_CLINIC, "North Side")
    with pytest.raises(sync.SyncSetupError, match="a clinic id is a lower-case letter"):
        sync.sync_now(moved[1])


def test_enrol_and_status_name_the_clinic(
    initialised: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "north.credential"
    assert main(["server", "enrol", "lobby", "--url", initialised, "--clinic", "north",
                 "--out", str(out)]) == 0  # fmt: skip
    assert capsys.readouterr().out == (
        f"enrolled lobby in clinic north; its credential is in {out} (owner-only)\n"
    )
    assert main(["server", "enrol", "hall", "--url", initialised, "--clinic", "North!"]) != 0
    assert "a clinic id is a lower-case letter" in capsys.readouterr().err
    assert server_rows(initialised, "SELECT name, clinic FROM devices") == [("lobby", "north")]
    [entry] = server.audit_entries(initialised)
    assert '"clinic": "north"' in entry.detail
    assert main(["server", "status", "--url", initialised]) == 0
    assert capsys.readouterr().out.startswith("lobby (clinic north): · enrolled · ")


def test_publish_is_idempotent_and_says_when_wal_level_is_too_low(
    initialised: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["server", "publish", "--url", initialised]) == 0
    first = capsys.readouterr().out
    assert first.startswith("publication kiosk_group (intakes, steps, records_intakes): created\n")
    assert "wal_level is replica; set wal_level = logical" in first
    assert main(["server", "publish", "--url", initialised]) == 0
    assert "already there, its tables set again" in capsys.readouterr().out
    rows = server_rows(
        initialised,
        "SELECT tablename, attnames::text[] FROM pg_publication_tables"
        " WHERE pubname = 'kiosk_group' ORDER BY 1",
    )
    assert [r[0] for r in rows] == ["intakes", "records_intakes", "steps"]
    assert all("clinic" in r[1] and "uuid" in r[1] for r in rows)  # type: ignore[operator]
    actions = [e.action for e in server.audit_entries(initialised)]
    assert actions == ["publish_for_group", "publish_for_group"]
