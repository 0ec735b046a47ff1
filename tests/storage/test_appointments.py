"""The day's appointments: parsing the CSV, importing it, and matching a patient."""

from __future__ import annotations

from datetime import date

import pytest
from sqlite_utils import Database

from kiosk.core.appointments import Appointment, AppointmentImportError, parse_csv
from kiosk.core.clock import FakeClock
from kiosk.core.identity import Identity
from kiosk.storage import engine
from kiosk.storage.appointments import find_appointment, import_appointments
from kiosk.storage.errors import StorageFault

HEADER = "date,time,first_name,last_name,date_of_birth"
DAY = date(2026, 11, 21)


def _appointments(db: Database) -> list[dict[str, object]]:
    return list(db.query("SELECT * FROM appointments ORDER BY id"))


def test_parse_a_good_file_with_bom_and_notes() -> None:
    """A CSV saved by a spreadsheet (BOM, CRLF, spaces, a note column, an empty time) parses."""
    text = (
        "\ufeffdate, time ,first_name,last_name,date_of_birth,note\r\n"
        "2026-11-21,09:30,José,O'Neil,1980-02-29,first infusion\r\n"
        '2026-11-21,,Ana ,Ruiz,1990-01-01,"booster, bring ID"\r\n'
    )
    assert parse_csv(text) == [
        Appointment(DAY, "09:30", "José", "O'Neil", date(1980, 2, 29), "first infusion"),
        Appointment(DAY, "", "Ana", "Ruiz", date(1990, 1, 1), "booster, bring ID"),
    ]


def test_the_note_column_is_optional() -> None:
    """Without a note column every note is empty."""
    text = f"{HEADER}\n2026-11-21,14:00,Li,Wei,1975-06-30\n"
    (row,) = parse_csv(text)
    assert row == Appointment(DAY, "14:00", "Li", "Wei", date(1975, 6, 30), "")


def test_a_header_only_file_has_no_rows() -> None:
    """A file with the header and nothing else is an empty day, not an error."""
    assert parse_csv(HEADER + "\n") == []


@pytest.mark.parametrize(
    ("rows", "line", "problem"),
    [
        (
            ["2026-11-21,09:30,Ana,Ruiz,1990-01-01", "2026-21-11,09:30,Li,Wei,1975-06-30"],
            3,
            "dates must be YYYY-MM-DD",
        ),
        (["21/11/2026,09:30,Ana,Ruiz,1990-01-01"], 2, "dates must be YYYY-MM-DD"),
        (["2026-11-21,09:30,Ana,Ruiz,01/01/1990"], 2, "dates must be YYYY-MM-DD"),
        (["2026-11-21,9.30am,Ana,Ruiz,1990-01-01"], 2, "time must be HH:MM"),
        (["2026-11-21,25:00,Ana,Ruiz,1990-01-01"], 2, "time must be HH:MM"),
        (["2026-11-21,09:30,,Ruiz,1990-01-01"], 2, "first_name and last_name are required"),
        (["2026-11-21,09:30,Ana,  ,1990-01-01"], 2, "first_name and last_name are required"),
        (["2026-11-21,09:30,Ana,Ruiz,2026-11-22"], 2, "date_of_birth is after the visit"),
        (["2026-11-21,09:30,Ana,Ruiz"], 2, "fewer fields than columns"),
        (["2026-11-21,09:30,Ana,Ruiz,1990-01-01,extra"], 2, "more fields than columns"),
        (
            [
                "2026-11-21,09:30,Ana,Ruiz,1990-01-01",
                "2026-11-21,10:00,Li,Wei,1975-06-30",
                "2026-11-21,10:30,Bo",
            ],
            4,
            "fewer fields than columns",
        ),
    ],
)
def test_a_bad_row_names_its_line(rows: list[str], line: int, problem: str) -> None:
    """Each kind of bad row is refused with the file's name and the row's line number."""
    text = HEADER + "\n" + "\n".join(rows) + "\n"
    with pytest.raises(AppointmentImportError) as caught:
        parse_csv(text, "today.csv")
    assert str(caught.value) == f"today.csv: line {line}: {problem}"


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        ("date,time,first_name,last_name,date_of_birth,room", "unknown column(s) room"),
        ("date,time,first,last_name,date_of_birth", "missing column(s) first_name"),
        ("date,time,first_name,last_name", "missing column(s) date_of_birth"),
        ("", "missing column(s) date, time, first_name, last_name, date_of_birth"),
    ],
)
def test_a_bad_header_names_line_1(header: str, problem: str) -> None:
    """An unknown or missing column is reported on line 1."""
    text = header + "\n2026-11-21,09:30,Ana,Ruiz,1990-01-01,x\n"
    with pytest.raises(AppointmentImportError) as caught:
        parse_csv(text, "today.csv")
    assert str(caught.value) == f"today.csv: line 1: {problem}"


def test_import_stores_rows_with_their_name_key(db: Database, clock: FakeClock) -> None:
    """Imported rows are stored with the folded name key and the import time."""
    text = f"{HEADER},note\n2026-11-21,09:30,José,O'Neil,1980-02-29,first\n"
    assert import_appointments(db, parse_csv(text), clock) == 1
    (row,) = _appointments(db)
    assert (row["day"], row["time"], row["first_name"], row["last_name"]) == (
        "2026-11-21",
        "09:30",
        "José",
        "O'Neil",
    )
    assert (row["birth_date"], row["name_key"], row["note"]) == (
        "1980-02-29",
        "jose|oneil",
        "first",
    )
    assert row["created_at"] == "2026-11-21T15:00:00+00:00"


def test_import_replaces_the_same_person_the_same_day(db: Database, clock: FakeClock) -> None:
    """Re-importing a changed booking (even spelled differently) updates its row, adds none."""
    first = (
        f"{HEADER},note\n"
        "2026-11-21,09:30,Jose,ONeil,1980-02-29,first\n"
        "2026-11-22,09:30,Jose,ONeil,1980-02-29,\n"
    )
    import_appointments(db, parse_csv(first), clock)
    (today_id,) = [r["id"] for r in _appointments(db) if r["day"] == "2026-11-21"]
    second = f"{HEADER},note\n2026-11-21,11:00,José,O'Neil,1980-02-29,moved\n"
    import_appointments(db, parse_csv(second), clock)
    rows = _appointments(db)
    assert len(rows) == 2
    today = next(r for r in rows if r["day"] == "2026-11-21")
    assert (today["id"], today["time"], today["first_name"], today["last_name"], today["note"]) == (
        today_id,
        "11:00",
        "José",
        "O'Neil",
        "moved",
    )


def test_import_keeps_different_people_apart(db: Database, clock: FakeClock) -> None:
    """Same name with another birth date, or another name, are separate appointments."""
    text = (
        f"{HEADER}\n"
        "2026-11-21,09:30,Ana,Ruiz,1990-01-01\n"
        "2026-11-21,10:30,Ana,Ruiz,1962-05-05\n"
        "2026-11-21,11:30,Anna,Ruiz,1990-01-01\n"
    )
    assert import_appointments(db, parse_csv(text), clock) == 3
    assert len(_appointments(db)) == 3


def test_a_failing_import_stores_nothing(db: Database, clock: FakeClock) -> None:
    """Import is all or nothing: a row that cannot be stored rolls back the rows before it."""
    good = Appointment(DAY, "09:30", "Ana", "Ruiz", date(1990, 1, 1))
    bad = Appointment(DAY, None, "Li", "Wei", date(1975, 6, 30))  # type: ignore[arg-type]
    with pytest.raises(StorageFault, match="NOT NULL") as raised:
        import_appointments(db, [good, bad], clock)
    assert isinstance(raised.value.__cause__, engine.IntegrityError)
    assert _appointments(db) == []
    assert not db.conn.in_transaction


@pytest.mark.parametrize(
    ("first", "last"),
    [("José", "O'Neil"), ("JOSE", "ONEIL"), ("jose", "o neil"), ("Jose\u0301", "O’Neil")],
)
def test_find_appointment_matches_across_accents_and_case(
    db: Database, clock: FakeClock, first: str, last: str
) -> None:
    """Whatever the case, accents or punctuation typed, the booked person is found."""
    import_appointments(
        db, parse_csv(f"{HEADER}\n2026-11-21,09:30,José,O'Neil,1980-02-29\n"), clock
    )
    (row,) = _appointments(db)
    assert find_appointment(db, DAY, Identity(first, last, date(1980, 2, 29))) == row["id"]


@pytest.mark.parametrize(
    ("day", "identity"),
    [
        (date(2026, 11, 22), Identity("José", "O'Neil", date(1980, 2, 29))),
        (DAY, Identity("José", "O'Neil", date(1980, 3, 1))),
        (DAY, Identity("Josefa", "O'Neil", date(1980, 2, 29))),
        (DAY, Identity("O'Neil", "José", date(1980, 2, 29))),
    ],
)
def test_find_appointment_misses_other_days_and_people(
    db: Database, clock: FakeClock, day: date, identity: Identity
) -> None:
    """Another day, another birth date, or another name finds nothing."""
    import_appointments(
        db, parse_csv(f"{HEADER}\n2026-11-21,09:30,José,O'Neil,1980-02-29\n"), clock
    )
    assert find_appointment(db, day, identity) is None
