"""Data for the export tests: demo days with vitals, a discharge and a print; tricky hand-made intakes."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from kiosk.core.clock import FakeClock
from kiosk.core.consent import SignedConsent
from kiosk.core.identity import Identity
from kiosk.core.ports import PrintAttempt
from kiosk.core.records import NewIntake, StepRecord, StoredAnswer
from kiosk.core.staff import Signer
from kiosk.core.vitals import Phase, Vitals
from kiosk.services.context import open_context
from kiosk.services.demo.day import make_demo
from kiosk.services.discharge import DischargeDesk
from kiosk.services.station import StationService
from kiosk.storage.intakes import IntakeRepository
from kiosk.storage.station import StationRepository
from tests.helpers.watch import make_ready

DAY = date(2026, 11, 21)  # the FakeClock's day
NEXT_DAY = DAY + timedelta(days=1)
NURSE = "Nurse Test"


def build_clinic(data_dir: Path, *, first_day: int = 20, next_day: int = 0) -> None:
    """Demo intakes on DAY (seed 3: flags, two PHQ-9 alerts, a patient without a ride) and NEXT_DAY.

    On DAY, the first patient who finished is seated with vitals taken by a staff member,
    brought to the door (tests/helpers/watch.py: the infusion, vitals since, a passing check),
    discharged and has the aftercare sheet printed; the first alert is acknowledged.
    """
    clock = FakeClock()
    context = open_context(data_dir, clock=clock)
    try:
        ids = make_demo(context, first_day, DAY, seed=3)
        if next_day:
            make_demo(context, next_day, NEXT_DAY, seed=4)
        at = clock.now().isoformat()
        staff_id = context.db.execute(
            "INSERT INTO staff (name, role, pin_hash, created_at, updated_at)"
            " VALUES (?, 'nurse', 'not a real hash', ?, ?)",
            [NURSE, at, at],
        ).lastrowid
        station = StationRepository(context.db, clock)
        done = next(i for i in ids if station.intake(i).completed_at)
        station.record_vitals(done, Phase.PRE, Vitals(124, 81, 72, 98), staff_id, [])
        make_ready(StationService.on(context), done, Signer(staff_id, NURSE))
        DischargeDesk(context).discharge(
            done,
            driver_name="Pat Driver",
            driver_phone="555 123 4567",
            driver_present=True,
            nurse=Signer(staff_id, NURSE),
        )
        station.record_print(
            done,
            PrintAttempt(
                document="aftercare",
                staff_id=staff_id,
                printed_by=NURSE,
                queue="KioskTestPDF",
                job_id="7",
                status="sent",
            ),
        )
        alerts = list(context.db.query("SELECT id FROM flags WHERE alert = 1 ORDER BY id"))
        if alerts:
            station.acknowledge(alerts[0]["id"], staff_id, NURSE)
    finally:
        context.close()


# --- hand-made intakes with text that breaks naive CSV and spreadsheets ---------------------------

TRICKY_NAMES = (
    ('=HYPERLINK("x")', "Smith"),
    ('Zoë "Zo", Jr.', "O'Brien,\nWalker"),
    ("张伟", "Ολυμπία"),
    ("Саша 🙂", "محمد"),
    ("-Ann", "@Home"),
    ("\tTab", "\rReturn"),
    ("+Plus", "Smith\r\nJones"),
)
TRICKY_DETAIL = 'Said "hi", then\nleft 🙂 — 你好, ok'
TRICKY_DRIVER = ('=cmd|" /C calc"!A0', "+1 555")
TRICKY_PDF = b"%PDF-1.4 not really a pdf \x00\xff"


def add_tricky_intakes(repo: IntakeRepository, day: date = DAY) -> list[int]:
    """One intake per TRICKY_NAMES on ``day``, each with a tricky note, driver and signed consent."""
    ids: list[int] = []
    at = datetime.combine(day, time(9, 0), UTC)
    for first, last in TRICKY_NAMES:
        intake_id = repo.create_intake(
            NewIntake(
                day=day,
                identity=Identity(first, last, date(1980, 2, 29)),
                language="en",
                appointment_id=None,
                form_versions={"checklist": "2026.1", "ride": "2026.1"},
                created_at=at,
            )
        )
        repo.confirm_step(
            StepRecord(
                intake_id=intake_id,
                step_key="checklist:fasting",
                form_id="checklist",
                replaces=(),
                answers=(
                    StoredAnswer("checklist", "hours_since_food", 0.5, "Hours since food?", "0.5"),
                    StoredAnswer("checklist", "health_changes", "yes", "Changes?", "Yes"),
                    StoredAnswer(
                        "checklist", "health_changes_detail", TRICKY_DETAIL, "What?", TRICKY_DETAIL
                    ),
                ),
                confirmed_at=at,
            )
        )
        repo.confirm_step(ride_home(intake_id, TRICKY_DRIVER, at))
        repo.save_consent(
            intake_id,
            SignedConsent(
                version=3,
                language="en",
                text_sha256="a" * 64,
                printed_name=f"{first} {last}",
                meaning='I consent, "fully"',
                signed_at_utc=at,
                signature_png=b"\x89PNG not really",
                pdf=TRICKY_PDF,
                pdf_sha256=hashlib.sha256(TRICKY_PDF).hexdigest(),
                agreed_sections=("treatment",),
            ),
            at,
        )
        ids.append(intake_id)
    return ids


def ride_home(intake_id: int, driver: tuple[str, str], at: datetime) -> StepRecord:
    """The intake's confirmed ride step: a ride home with ``driver`` (name, phone)."""
    name, phone = driver
    return StepRecord(
        intake_id=intake_id,
        step_key="ride:ride_home",
        form_id="ride",
        replaces=(),
        answers=(
            StoredAnswer("ride", "has_ride", "yes", "Ride?", "Yes"),
            StoredAnswer("ride", "driver_name", name, "Name?", name),
            StoredAnswer("ride", "driver_phone", phone, "Phone?", phone),
        ),
        confirmed_at=at,
    )
