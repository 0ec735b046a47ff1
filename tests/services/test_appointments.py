"""AppointmentService: add, edit and import a file, each with its audit entry in one transaction."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from kiosk.core.appointments import Appointment, AppointmentImportError
from kiosk.core.clock import FakeClock
from kiosk.core.forms import FormsBundle
from kiosk.core.identity import Identity
from kiosk.services.appointments import AppointmentService
from kiosk.services.context import KioskContext
from kiosk.storage.appointments import find_appointment
from kiosk.storage.errors import StorageFault
from tests.helpers.audit import audit_rows, refuse_audit

HEADER = "date,time,first_name,last_name,date_of_birth"
DAY = date(2026, 11, 21)
BY = "Ada Admin"
ANA = Appointment(DAY, "09:30", "Ana", "Ruiz", date(1990, 1, 1), "first visit")
LI = Appointment(DAY, "10:00", "Li", "Wei", date(1975, 6, 30))


@pytest.fixture
def context(db: Database, forms: FormsBundle, clock: FakeClock, tmp_path: Path) -> KioskContext:
    """A kiosk context on the in-memory database (closed by the ``db`` fixture)."""
    return KioskContext(tmp_path / "data", forms, db, clock)


@pytest.fixture
def service(context: KioskContext) -> AppointmentService:
    """The appointments of the kiosk."""
    return AppointmentService(context)


def stored(db: Database) -> list[dict[str, Any]]:
    """Every stored appointment row, oldest first."""
    return list(db.query("SELECT * FROM appointments ORDER BY id"))


def test_add_stores_the_visit_with_one_add_appointment_entry(
    service: AppointmentService, db: Database
) -> None:
    """``add``: the row as given, and one ``add_appointment`` entry by ``by`` naming the day; the
    same person on the same day again replaces the row, with a second entry."""
    service.add(ANA, by=BY)
    [row] = stored(db)
    assert (row["day"], row["time"], row["first_name"], row["last_name"], row["note"]) == (
        "2026-11-21",
        "09:30",
        "Ana",
        "Ruiz",
        "first visit",
    )
    [entry] = audit_rows(db)
    assert (entry["actor"], entry["action"], entry["subject"]) == (
        BY,
        "add_appointment",
        "2026-11-21",
    )
    service.add(Appointment(DAY, "14:00", "ANA", "ruiz", ANA.birth_date), by="command line")
    [row] = stored(db)
    assert (row["time"], row["first_name"]) == ("14:00", "ANA")
    assert [(e["actor"], e["action"]) for e in audit_rows(db)] == [
        (BY, "add_appointment"),
        ("command line", "add_appointment"),
    ]


def test_edit_changes_the_row_with_one_edit_appointment_entry(
    service: AppointmentService, db: Database
) -> None:
    """``edit``: the row takes the new fields; one ``edit_appointment`` entry naming its id."""
    service.add(ANA, by=BY)
    [row] = stored(db)
    service.edit(row["id"], Appointment(DAY, "11:15", "Ana", "Ruiz", ANA.birth_date), by=BY)
    [changed] = stored(db)
    assert (changed["id"], changed["time"], changed["note"]) == (row["id"], "11:15", "")
    entry = audit_rows(db)[-1]
    assert (entry["actor"], entry["action"], entry["subject"]) == (
        BY,
        "edit_appointment",
        f"appointment {row['id']}",
    )
    assert len(audit_rows(db)) == 2


def test_an_edit_that_duplicates_another_is_refused_and_not_audited(
    service: AppointmentService, db: Database
) -> None:
    """Editing one visit into another person's same-day visit: AppointmentImportError, the rows
    and the log unchanged."""
    service.add(ANA, by=BY)
    service.add(LI, by=BY)
    before = (stored(db), audit_rows(db))
    li_id = stored(db)[1]["id"]
    with pytest.raises(AppointmentImportError, match="already has an appointment on that day"):
        service.edit(li_id, ANA, by=BY)
    assert (stored(db), audit_rows(db)) == before
    assert not db.conn.in_transaction


def test_import_file_stores_every_row_with_one_import_appointments_entry(
    service: AppointmentService, db: Database, tmp_path: Path
) -> None:
    """``import_file``: every row, one ``import_appointments`` entry naming the file and the count."""
    path = tmp_path / "week.csv"
    path.write_text(
        f"{HEADER}\n2026-11-21,09:30,Ana,Ruiz,1990-01-01\n2026-11-22,,Li,Wei,1975-06-30\n",
        encoding="utf-8",
    )
    assert service.import_file(path, by=BY) == 2
    assert [(r["day"], r["first_name"]) for r in stored(db)] == [
        ("2026-11-21", "Ana"),
        ("2026-11-22", "Li"),
    ]
    [entry] = audit_rows(db)
    assert (entry["actor"], entry["action"], entry["subject"]) == (
        BY,
        "import_appointments",
        "week.csv",
    )
    assert json.loads(entry["detail"]) == {"count": 2}


def test_import_file_reads_utf8_with_bom_and_names_the_file_in_errors(
    service: AppointmentService, db: Database, tmp_path: Path
) -> None:
    """A UTF-8 file with a BOM (as spreadsheets save it) imports with its accents; a bad row is
    refused naming the file and the line, and nothing of that file is stored or audited."""
    path = tmp_path / "today.csv"
    path.write_bytes(("\ufeff" + f"{HEADER}\n2026-11-21,09:30,Zoë,Brontë,1985-07-07\n").encode())
    assert service.import_file(path, by=BY) == 1
    assert find_appointment(db, DAY, Identity("zoe", "bronte", date(1985, 7, 7))) is not None
    assert stored(db)[0]["first_name"] == "Zoë"
    before = (stored(db), audit_rows(db))
    path.write_text(
        f"{HEADER}\n2026-11-21,10:00,Li,Wei,1975-06-30\n2026-11-21,09:30,Ana,Ruiz,1990-13-01\n",
        encoding="utf-8",
    )
    with pytest.raises(AppointmentImportError, match=f"^{re.escape(str(path))}: line 3: "):
        service.import_file(path, by=BY)
    assert (stored(db), audit_rows(db)) == before


def test_import_file_refuses_a_file_that_is_not_utf8(
    service: AppointmentService, db: Database, tmp_path: Path
) -> None:
    """A file in another encoding (Latin-1 here), or no file at all, is refused with its name,
    not half imported and not audited."""
    path = tmp_path / "today.csv"
    path.write_bytes(f"{HEADER}\n2026-11-21,09:30,José,Núñez,1980-02-29\n".encode("latin-1"))
    with pytest.raises(AppointmentImportError, match=f"^{re.escape(str(path))}: cannot be read"):
        service.import_file(path, by=BY)
    missing = tmp_path / "missing.csv"
    with pytest.raises(AppointmentImportError, match=f"^{re.escape(str(missing))}: cannot be"):
        service.import_file(missing, by=BY)
    assert stored(db) == []
    assert audit_rows(db) == []


def _import(service: AppointmentService, folder: Path) -> object:
    path = folder / "day.csv"
    path.write_text(f"{HEADER}\n2026-11-21,10:00,Li,Wei,1975-06-30\n", encoding="utf-8")
    return service.import_file(path, by=BY)


ACTS: dict[str, Callable[[AppointmentService, int, Path], object]] = {
    "add": lambda service, _, __: service.add(LI, by=BY),
    "edit": lambda service, ana, _: service.edit(ana, LI, by=BY),
    "import_file": lambda service, _, folder: _import(service, folder),
}


@pytest.mark.parametrize("act", ACTS)
def test_a_refused_audit_entry_leaves_the_change_unstored(
    service: AppointmentService, db: Database, tmp_path: Path, act: str
) -> None:
    """When the audit log refuses the entry, the act fails as a StorageFault and the
    appointments are exactly as before."""
    service.add(ANA, by=BY)
    before = (stored(db), audit_rows(db))
    refuse_audit(db)
    with pytest.raises(StorageFault, match="the audit log refuses this entry"):
        ACTS[act](service, before[0][0]["id"], tmp_path)
    assert (stored(db), audit_rows(db)) == before
    assert not db.conn.in_transaction
