"""The read model on the clinic server: two kiosks' intakes read back from the records tables as
the same core records each kiosk's own reader gives, every intake naming its kiosk."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest

from kiosk.core.appointments import Appointment
from kiosk.core.board import sort_board
from kiosk.core.intake_record import IntakeRecord, IntakeSummary
from kiosk.server import admin, schema
from kiosk.server.reader import ServerReader
from kiosk.storage.station import StationRepository
from tests.helpers.clinic import DAY
from tests.helpers.pg import PgCluster
from tests.helpers.sync import SyncedKiosk, server_rows, synced_kiosks

KIOSKS = (("lobby", 10, 3), ("annex", 6, 11))  # name, intakes, demo seed


@pytest.fixture
def kiosks(
    pg_cluster: PgCluster, initialised: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[list[SyncedKiosk]]:
    """Two kiosks (their own folders, logins and demo seeds) synced to one server."""
    made = synced_kiosks(pg_cluster, initialised, tmp_path, monkeypatch, DAY, KIOSKS)
    yield made
    for kiosk in made:
        kiosk.context.close()


@pytest.fixture
def reader(initialised: str) -> Iterator[ServerReader]:
    with schema.connect(initialised) as conn:
        yield ServerReader(conn)


def server_uuids(url: str) -> dict[int, tuple[str, str]]:
    """The server's intake id -> (UUID, device)."""
    rows = server_rows(url, "SELECT id, uuid::text, device FROM records_intakes")
    return {int(str(r[0])): (str(r[1]), str(r[2])) for r in rows}


def kiosk_of(kiosks: list[SyncedKiosk], device: str) -> SyncedKiosk:
    return next(k for k in kiosks if k.name == device)


def station(kiosk: SyncedKiosk) -> StationRepository:
    return StationRepository(kiosk.context.db, kiosk.context.clock)


def comparable(summary: IntakeSummary) -> IntakeSummary:
    """The record without what only differs by the store: the row ids and the device."""
    flags = tuple(dataclasses.replace(f, id=0) for f in summary.flags)
    return dataclasses.replace(summary, id=0, device="", version=0, flags=flags)


def test_the_board_holds_both_kiosks_patients_with_their_flags_in_the_kiosks_order(
    kiosks: list[SyncedKiosk], reader: ServerReader
) -> None:
    """board(DAY) has every intake of both kiosks, each named by its kiosk, most urgent first;
    each kiosk's share equals that kiosk's own board: same patients, flags and order."""
    board = reader.board(DAY)
    assert len(board) == sum(count for _, count, _ in KIOSKS)
    assert board == sort_board(board)
    assert any(row.open_alerts for row in board) and any(row.ambers for row in board)
    for kiosk in kiosks:
        own = station(kiosk).board(DAY)
        theirs = [row for row in board if row.device == kiosk.name]
        assert [comparable(r) for r in theirs] == [comparable(r) for r in own]


def test_an_intake_equals_the_kiosks_own_record(
    kiosks: list[SyncedKiosk], reader: ServerReader, initialised: str
) -> None:
    """intake(id) on the server equals the kiosk's record of the same UUID: names, times as
    ISO text, answers in order, flags in order, scores, the consent and its PDF; vitals,
    prints and discharge are empty (they are not on the server). Only the server knows who last
    changed it (the kiosk's sync)."""
    checked = 0
    for server_id, (uuid, device) in server_uuids(initialised).items():
        kiosk = kiosk_of(kiosks, device)
        kiosk_id = {u: i for i, u in kiosk.uuids().items()}[uuid]
        mine: IntakeRecord = station(kiosk).intake(kiosk_id)
        theirs = reader.intake(server_id)
        assert theirs.id == server_id and theirs.device == device
        assert theirs.last_change is not None and theirs.last_change.act == "kiosk"
        assert comparable(dataclasses.replace(theirs, last_change=None)) == comparable(mine)
        checked += 1
    assert checked == sum(count for _, count, _ in KIOSKS)
    with pytest.raises(LookupError):
        reader.intake(10_000)


def test_exports_read_both_kiosks_in_day_and_id_order_within_one_snapshot(
    kiosks: list[SyncedKiosk], reader: ServerReader, initialised: str
) -> None:
    """intakes() gives every intake in (day, id) order, without PDFs unless asked; inside
    snapshot() the records stay as they were at its first read, and nothing can be written."""
    records = list(reader.intakes(DAY, DAY))
    assert [r.id for r in records] == sorted(server_uuids(initialised))
    assert all(r.consent is None or r.consent.pdf is None for r in records)
    with_pdf = list(reader.intakes(DAY, DAY, include_pdf=True))
    assert any(r.consent is not None and r.consent.pdf for r in with_pdf)
    assert list(reader.intakes(DAY + timedelta(days=1), DAY + timedelta(days=2))) == []
    with pytest.raises(ValueError, match="before it starts"):
        reader.intakes(DAY, DAY - timedelta(days=1))

    marker = reader.change_marker()
    with reader.snapshot():
        before = len(list(reader.intakes(DAY, DAY)))
        with schema.connect(initialised) as other:  # another session changes them meanwhile
            other.execute("DELETE FROM records_answers WHERE intake_id = %s", (records[0].id,))
        assert len(list(reader.intakes(DAY, DAY))) == before
        assert next(iter(reader.intakes(DAY, DAY))).answers == records[0].answers
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            reader.conn.execute("DELETE FROM records_flags")
    assert reader.intake(records[0].id).answers == ()
    assert reader.change_marker() != marker


def test_score_history_and_next_appointment_come_from_the_whole_clinic(
    kiosks: list[SyncedKiosk], reader: ServerReader, initialised: str
) -> None:
    """score_history matches the kiosk's own for the same patient; next_appointment finds the
    patient's next booking on the server by name key and birth date."""
    uuids = server_uuids(initialised)
    for server_id, (uuid, device) in uuids.items():
        kiosk = kiosk_of(kiosks, device)
        kiosk_id = {u: i for i, u in kiosk.uuids().items()}[uuid]
        assert reader.score_history(server_id) == station(kiosk).score_history(kiosk_id)
    server_id = min(uuids)
    record = reader.intake(server_id)
    assert reader.next_appointment(server_id, DAY) is None
    later = DAY + timedelta(days=14)
    booked = Appointment(
        later, "09:30", record.first_name.upper(), record.last_name, record.birth_date, ""
    )
    with schema.connect(initialised) as conn:
        admin.import_appointments(conn, [booked])
    assert reader.next_appointment(server_id, DAY) == (later, "09:30")
    assert reader.next_appointment(server_id, later) is None
    with pytest.raises(LookupError):
        reader.score_history(10_000)


def test_one_clinic_reads_only_its_own_kiosks(kiosks: list[SyncedKiosk], initialised: str) -> None:
    """A reader for one clinic sees only the intakes of that clinic's kiosks."""
    with schema.connect(initialised) as conn:
        conn.execute("UPDATE records_intakes SET clinic = 'north' WHERE device = 'annex'")
        north = ServerReader(conn, "north").board(DAY)
        main = ServerReader(conn, "main").board(DAY)
    assert {r.device for r in north} == {"annex"} and len(north) == KIOSKS[1][1]
    assert {r.device for r in main} == {"lobby"} and len(main) == KIOSKS[0][1]


def test_times_the_server_stamps_read_as_a_kiosk_writes_them(
    kiosks: list[SyncedKiosk], initialised: str
) -> None:
    """A time with microseconds (as now() stamps a station's acts) in another time zone reads
    as UTC ISO text to the second, cut rather than rounded, on the board and in the intake."""
    with schema.connect(initialised) as conn:
        flagged = conn.execute(
            "UPDATE records_flags SET acknowledged_at = '2026-12-07 23:59:59.999999-05'"
            " WHERE id = (SELECT min(id) FROM records_flags) RETURNING id, intake_id"
        ).fetchone()
        assert flagged is not None
        conn.execute("SET TIME ZONE 'Asia/Kolkata'")
        reader = ServerReader(conn)
        board = {r.id: r for r in reader.board(DAY)}
        shown = next(f for f in board[int(flagged[1])].flags if f.id == flagged[0])
        read = next(f for f in reader.intake(int(flagged[1])).flags if f.id == flagged[0])
    assert shown.acknowledged_at == read.acknowledged_at == "2026-12-08T04:59:59+00:00"
