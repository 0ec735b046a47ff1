"""The outbox table: rows in order with urgent intakes first, marks, state, pulled appointments."""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from kiosk.core.outbox import Entry, Kind
from kiosk.storage import outbox

DAY = date(2026, 11, 21)


def add(db: Database, intake: str, urgent: bool = False) -> int:
    return outbox.append(db, intake, Entry(Kind.STEP, f'{{"i":"{intake}"}}', urgent), "t")


def test_pending_sends_every_row_of_an_urgent_intake_first_each_in_its_order(db: Database) -> None:
    """Rows of an intake with an unsent urgent row come first (all of that intake's rows, in
    sequence), then the rest in sequence."""
    calm_1 = add(db, "calm")
    red_1 = add(db, "red")
    calm_2 = add(db, "calm")
    red_2 = add(db, "red", urgent=True)
    assert [p.sequence for p in outbox.pending(db, 10)] == [red_1, red_2, calm_1, calm_2]
    assert [p.sequence for p in outbox.pending(db, 1)] == [red_1]
    assert outbox.counts(db).urgent_waiting == 2  # both steps of the red intake go first


def test_marks_are_kept_once_and_counted(db: Database) -> None:
    """A sequence marked sent stays as first marked; counts split waiting, sent, conflicts."""
    first, second, third = add(db, "a"), add(db, "a", urgent=True), add(db, "b")
    outbox.mark_sent(
        db, [(first, "stored"), (second, "conflict")], "t1", {outbox.LAST_SUCCESS: "t1"}
    )
    outbox.mark_sent(db, [(first, "duplicate")], "t2")
    rows = {r["sequence"]: (r["sent_at"], r["answer"]) for r in db.query("SELECT * FROM outbox")}
    assert rows == {first: ("t1", "stored"), second: ("t1", "conflict"), third: (None, None)}
    assert outbox.counts(db) == outbox.Counts(waiting=1, urgent_waiting=0, sent=2, conflicts=1)
    assert outbox.read_state(db)[outbox.LAST_SUCCESS] == "t1"


def test_resend_after_puts_back_what_the_server_lost(db: Database) -> None:
    """Rows sent above the server's highest sequence are unsent again; those below stay."""
    sequences = [add(db, "a") for _ in range(4)]
    outbox.mark_sent(db, [(s, "stored") for s in sequences], "t")
    assert outbox.resend_after(db, sequences[1]) == 2
    assert [p.sequence for p in outbox.pending(db, 10)] == sequences[2:]


def test_the_device_id_is_one_uuid_and_every_row_carries_it(db: Database) -> None:
    """The migration's device UUID is on every outbox row."""
    device = outbox.device_id(db)
    add(db, "a")
    assert len(device) == 36
    assert [r["device"] for r in db.query("SELECT device FROM outbox")] == [device]


def test_state_entries_are_set_and_removed(db: Database) -> None:
    """write_state sets values and removes those given as None."""
    outbox.write_state(db, {outbox.LAST_PROBLEM: "away", outbox.TROUBLE: "unreachable"})
    outbox.write_state(db, {outbox.LAST_PROBLEM: None})
    state = outbox.read_state(db)
    assert outbox.LAST_PROBLEM not in state and state[outbox.TROUBLE] == "unreachable"


def pulled(uuid: str, key: str, time: str = "09:00") -> outbox.PulledAppointment:
    return outbox.PulledAppointment(uuid, DAY, time, key, date(1980, 1, 2))


def test_pulled_appointments_replace_the_days_earlier_pull_and_keep_local_bookings(
    db: Database,
) -> None:
    """A pull stores rows without names; the next pull drops those gone from the server (unless
    an intake points at one), updates moved ones, and a local booking of the same person keeps
    its names and gains the server's UUID (losing it when the server drops it)."""
    db.execute(
        "INSERT INTO appointments (day, time, first_name, last_name, birth_date, name_key,"
        " created_at) VALUES (?, '08:00', 'Ana', 'Ruiz', '1980-01-02', 'ana|ruiz', 't')",
        [DAY.isoformat()],
    )
    outbox.store_pulled_appointments(
        db, DAY, [pulled("u1", "ana|ruiz"), pulled("u2", "luz|paz"), pulled("u3", "eva|gil")], "t"
    )
    rows = {r["name_key"]: r for r in db.query("SELECT * FROM appointments")}
    assert rows["ana|ruiz"]["first_name"] == "Ana" and rows["ana|ruiz"]["server_uuid"] == "u1"
    assert rows["luz|paz"]["first_name"] == "" and rows["luz|paz"]["server_uuid"] == "u2"
    outbox.store_pulled_appointments(db, DAY, [pulled("u2", "luz|paz", "11:30")], "t")
    rows = {r["name_key"]: r for r in db.query("SELECT * FROM appointments")}
    assert set(rows) == {"ana|ruiz", "luz|paz"}
    assert rows["ana|ruiz"]["server_uuid"] is None and rows["luz|paz"]["time"] == "11:30"
    assert outbox.appointment_uuid(db, rows["luz|paz"]["id"]) == "u2"
    assert outbox.appointment_uuid(db, rows["ana|ruiz"]["id"]) is None
    assert outbox.appointment_uuid(db, None) is None
