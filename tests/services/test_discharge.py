"""DischargeDesk: the discharge and the aftercare sheet's handover (printed, saved or written),
each with its audit entry in one transaction."""

from __future__ import annotations

import json
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from kiosk.core.clock import FakeClock
from kiosk.core.faults import DischargeProblem
from kiosk.core.forms import FormsBundle
from kiosk.core.identity import Identity
from kiosk.core.records import NewIntake
from kiosk.core.staff import Signer
from kiosk.services.context import KioskContext
from kiosk.services.discharge import DischargeDesk, DischargeError
from kiosk.services.station import StationService
from kiosk.storage.errors import StorageFault
from kiosk.storage.intakes import IntakeRepository
from tests.helpers.audit import audit_rows, refuse_audit
from tests.helpers.clinic import ride_home
from tests.helpers.cups import CupsPdfQueue
from tests.helpers.rows import Rows
from tests.helpers.watch import make_ready

DAY = date(2026, 11, 21)  # the FakeClock's day
DRIVER = ("Maria Lopez", "(555) 010-0123")


@pytest.fixture
def context(db: Database, forms: FormsBundle, clock: FakeClock, tmp_path: Path) -> KioskContext:
    """A kiosk context on the in-memory database (closed by the ``db`` fixture)."""
    return KioskContext(tmp_path / "data", forms, db, clock)


@pytest.fixture
def desk(context: KioskContext) -> DischargeDesk:
    """The discharge desk, watching a print for at most 30 s."""
    return DischargeDesk(context, follow_seconds=30)


@pytest.fixture
def intake(context: KioskContext, nurse: Signer) -> int:
    """Today's patient who named a driver at the kiosk, after the infusion and the observation
    period, with a passing readiness check."""
    db = context.db
    repo = IntakeRepository(db, FakeClock())
    at = datetime(2026, 11, 21, 9, tzinfo=UTC)
    intake_id = repo.create_intake(
        NewIntake(
            day=DAY,
            identity=Identity("Ana", "Ruiz", date(1980, 2, 29)),
            language="en",
            appointment_id=None,
            form_versions={"ride": "2026.1"},
            created_at=at,
        )
    )
    repo.confirm_step(ride_home(intake_id, DRIVER, at))
    make_ready(StationService.on(context), intake_id, nurse)
    return intake_id


WATCH = {"vitals", "infusion_start", "infusion_end", "infusion_correct", "readiness"}


def acts(db: Database) -> list[dict[str, Any]]:
    """The audit rows but those of bringing the patient to the door (tests/helpers/watch.py)."""
    return [row for row in audit_rows(db) if row["action"] not in WATCH]


def discharge(desk: DischargeDesk, intake_id: int, nurse: Signer, **changes: Any) -> Any:
    """Discharge with the patient's driver present, or with ``changes``."""
    fields: dict[str, Any] = {
        "driver_name": DRIVER[0],
        "driver_phone": DRIVER[1],
        "driver_present": True,
        **changes,
    }
    return desk.discharge(intake_id, nurse=nurse, **fields)


def test_ride_defaults_are_the_driver_the_patient_named(desk: DischargeDesk, intake: int) -> None:
    """``ride_defaults``: the driver's name and phone from the patient's ride answers."""
    assert desk.ride_defaults(intake) == DRIVER


def test_discharge_stores_the_driver_and_times_with_one_discharge_entry(
    desk: DischargeDesk, db: Database, intake: int, nurse: Signer, clock: FakeClock
) -> None:
    """``discharge``: the row (driver, nurse, now, no driving for the clinic's hours), the stage
    discharged, and one ``discharge`` entry by the nurse naming the intake."""
    record = discharge(desk, intake, nurse, driver_name="  Maria Lopez ")
    assert record.discharged_at == clock.now()
    hours = desk.context.forms.settings.aftercare.no_driving_hours
    assert record.no_driving_until - record.discharged_at >= timedelta(hours=hours - 1)
    row = Rows(db).discharge(intake)
    assert row is not None
    assert (row["driver_name"], row["driver_phone"], row["driver_present"]) == (*DRIVER, 1)
    assert (row["nurse_id"], row["nurse_name"]) == (nurse.id, "Nora Nurse")
    assert row["discharged_at"] == clock.now().isoformat()
    assert row["no_driving_until"] == record.no_driving_until.isoformat()
    assert desk.station.intake(intake).stage == "discharged"
    [entry] = acts(db)
    assert (entry["actor"], entry["action"], entry["subject"]) == (
        "Nora Nurse",
        "discharge",
        f"intake {intake}",
    )


@pytest.mark.parametrize(
    ("changes", "kind"),
    [
        ({"driver_present": False}, DischargeProblem.DRIVER_NOT_HERE),
        ({"driver_name": "   "}, DischargeProblem.NO_DRIVER_NAME),
        ({"driver_phone": "555"}, DischargeProblem.BAD_DRIVER_PHONE),
        ({"driver_phone": "555-CALL-ME"}, DischargeProblem.BAD_DRIVER_PHONE),
    ],
)
def test_a_discharge_that_cannot_go_ahead_says_why_and_stores_nothing(
    desk: DischargeDesk,
    db: Database,
    intake: int,
    nurse: Signer,
    changes: dict[str, Any],
    kind: DischargeProblem,
) -> None:
    """No driver present, no name, a phone that is not one: DischargeError of that kind; no row,
    no stage change, no entry."""
    with pytest.raises(DischargeError) as caught:
        discharge(desk, intake, nurse, **changes)
    assert caught.value.kind is kind
    assert Rows(db).discharge(intake) is None
    assert desk.station.intake(intake).stage == "in_chair"
    assert acts(db) == []


def test_a_second_discharge_or_an_unknown_intake_is_refused(
    desk: DischargeDesk, db: Database, intake: int, nurse: Signer
) -> None:
    """Discharging twice is ALREADY_DISCHARGED (the first stays); an unknown intake is a
    LookupError; neither is audited."""
    discharge(desk, intake, nurse)
    first = Rows(db).discharge(intake)
    with pytest.raises(DischargeError) as caught:
        discharge(desk, intake, nurse, driver_name="Someone Else")
    assert caught.value.kind is DischargeProblem.ALREADY_DISCHARGED
    with pytest.raises(LookupError):
        discharge(desk, 999, nurse)
    assert Rows(db).discharge(intake) == first
    assert [e["action"] for e in acts(db)] == ["discharge"]


def test_a_discharge_made_elsewhere_since_the_check_is_said_plainly(
    desk: DischargeDesk, db: Database, intake: int, nurse: Signer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another station discharges the patient between this desk's check and its write: the
    database refuses the second discharge, and the nurse reads ALREADY_DISCHARGED, not a
    storage fault; the first discharge and its one entry stay."""
    before = desk.station.intake(intake)  # what this desk saw when the nurse opened the form
    real = desk.station.intake
    seen = iter([before])
    monkeypatch.setattr(desk.station, "intake", lambda i: next(seen, None) or real(i))
    other = DischargeDesk(desk.context)
    discharge(other, intake, Signer(nurse.id, "Other Nurse"))
    with pytest.raises(DischargeError) as caught:
        discharge(desk, intake, nurse, driver_name="Someone Else")
    assert caught.value.kind is DischargeProblem.ALREADY_DISCHARGED
    assert Rows(db).discharge(intake)["nurse_name"] == "Other Nurse"
    assert [e["action"] for e in acts(db)] == ["discharge"]


def test_the_sheet_exists_only_after_discharge(
    desk: DischargeDesk, intake: int, nurse: Signer
) -> None:
    """``sheet`` before discharge is NOT_DISCHARGED; after it, the sheet names the patient and the
    driver, and its PDF is a PDF."""
    with pytest.raises(DischargeError) as caught:
        desk.sheet(intake)
    assert caught.value.kind is DischargeProblem.NOT_DISCHARGED
    discharge(desk, intake, nurse)
    sheet, pdf = desk.sheet(intake)
    assert pdf.startswith(b"%PDF-")
    words = repr(sheet)
    assert "Ana Ruiz" in words and DRIVER[0] in words


def test_a_print_to_a_missing_queue_is_saved_and_recorded(
    desk: DischargeDesk, db: Database, intake: int, nurse: Signer
) -> None:
    """No such queue: not sent, the PDF saved to the unprinted folder, a ``saved`` prints row and
    one ``print_failed`` entry naming the queue and where it was saved."""
    discharge(desk, intake, nurse)
    outcome = desk.print_sheet(intake, queue="NoSuchKioskQueue", by=nurse)
    assert not outcome.sent and outcome.problem is not None and outcome.message
    assert outcome.unrecorded == ""
    assert outcome.saved_path is not None
    assert outcome.saved_path.parent == desk.unprinted_folder()
    assert outcome.saved_path.read_bytes().startswith(b"%PDF-")
    [row] = Rows(db).prints(intake)
    assert (row["document"], row["status"], row["queue"], row["saved_path"]) == (
        "aftercare",
        "saved",
        "NoSuchKioskQueue",
        str(outcome.saved_path),
    )
    assert (row["staff_id"], row["printed_by"], row["detail"]) == (
        nurse.id,
        "Nora Nurse",
        outcome.message,
    )
    entry = acts(db)[-1]
    assert (entry["actor"], entry["action"], entry["subject"]) == (
        "Nora Nurse",
        "print_failed",
        f"intake {intake}",
    )
    assert json.loads(entry["detail"]) == {
        "queue": "NoSuchKioskQueue",
        "saved": str(outcome.saved_path),
    }
    assert len(acts(db)) == 2


def test_a_print_that_cannot_be_recorded_says_so_and_stores_neither(
    desk: DischargeDesk, db: Database, intake: int, nurse: Signer
) -> None:
    """The audit log refuses the print's entry: nothing is raised, ``unrecorded`` says why, and the
    prints row is not stored without its entry; the sheet is still saved."""
    discharge(desk, intake, nurse)
    before = acts(db)
    refuse_audit(db)
    outcome = desk.print_sheet(intake, queue="NoSuchKioskQueue", by=nurse)
    assert not outcome.sent and outcome.unrecorded == "other"
    assert outcome.saved_path is not None and outcome.saved_path.exists()
    assert Rows(db).prints(intake) == []
    assert acts(db) == before


def test_a_print_to_a_real_cups_queue_is_sent_and_recorded(
    desk: DischargeDesk, db: Database, intake: int, nurse: Signer, cups_queue: CupsPdfQueue
) -> None:
    """A real cups-pdf queue: the sheet comes out as a PDF, a ``sent`` prints row with the job,
    and one ``print`` entry naming the queue and the job."""
    discharge(desk, intake, nurse)
    started = time.time()
    outcome = desk.print_sheet(intake, queue=cups_queue.queue, by=nurse)
    assert outcome.sent, outcome.message
    assert (outcome.queue, outcome.saved_path, outcome.unrecorded) == (cups_queue.queue, None, "")
    printed = cups_queue.wait_for_pdf(after=started)
    assert printed.read_bytes().startswith(b"%PDF-")
    [row] = Rows(db).prints(intake)
    assert (row["status"], row["queue"], row["job_id"], row["saved_path"]) == (
        "sent",
        cups_queue.queue,
        outcome.job_id,
        "",
    )
    entry = acts(db)[-1]
    assert (entry["actor"], entry["action"], entry["subject"]) == (
        "Nora Nurse",
        "print",
        f"intake {intake}",
    )
    assert json.loads(entry["detail"]) == {"queue": cups_queue.queue, "job": outcome.job_id}


def test_sheet_written_is_one_aftercare_written_entry(
    desk: DischargeDesk, db: Database, intake: int, nurse: Signer
) -> None:
    """``sheet_written``: the file handover is one ``aftercare_written`` entry saying where; no
    prints row."""
    discharge(desk, intake, nurse)
    desk.sheet_written(intake, to="/media/usb/aftercare.pdf", by=nurse)
    entry = acts(db)[-1]
    assert (entry["actor"], entry["action"], entry["subject"]) == (
        "Nora Nurse",
        "aftercare_written",
        f"intake {intake}",
    )
    assert json.loads(entry["detail"]) == {"to": "/media/usb/aftercare.pdf"}
    assert Rows(db).prints(intake) == []


def test_a_refused_audit_entry_leaves_the_discharge_unstored(
    desk: DischargeDesk, db: Database, intake: int, nurse: Signer
) -> None:
    """When the audit log refuses the ``discharge`` entry, the discharge fails as a StorageFault
    and is not stored: no row, the stage as before, and it can be done again afterwards."""
    refuse_audit(db)
    with pytest.raises(StorageFault, match="the audit log refuses this entry"):
        discharge(desk, intake, nurse)
    assert Rows(db).discharge(intake) is None
    assert desk.station.intake(intake).stage == "in_chair"
    assert acts(db) == []
    assert not db.conn.in_transaction
    db.execute("DROP TRIGGER temp.refuse_audit")
    discharge(desk, intake, nurse)
    assert Rows(db).discharge(intake) is not None
