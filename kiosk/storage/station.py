"""The nurse station's reads and writes: board, intake detail, acknowledgements, vitals, discharge, prints."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from kiosk.core.board import BoardFlag, BoardRow, ScorePoint, sort_board
from kiosk.core.clock import Clock, utc_iso
from kiosk.core.flags import Flag
from kiosk.core.records import Stage
from kiosk.core.vitals import Phase, Vitals
from kiosk.storage.audit import AuditLog
from kiosk.storage.faults import boundary_class
from kiosk.storage.intakes import advance_stage, raise_flags


@dataclass(frozen=True)
class Discharge:
    """What the nurse confirmed at discharge."""

    driver_name: str
    driver_phone: str
    driver_present: bool
    discharged_at: datetime
    no_driving_until: datetime
    nurse_id: int | None
    nurse_name: str


@boundary_class
class StationRepository:
    """Everything the nurse screens read and write; each write is one transaction."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self._clock = clock
        self.audit = AuditLog(db, clock)

    # --- the board --------------------------------------------------------------------------

    def board(self, day: date) -> list[BoardRow]:
        """Every intake of ``day`` with its flags, most urgent first."""
        intakes = list(
            self.db.query(
                "SELECT id, first_name, last_name, birth_date, verified, stage, language, created_at,"
                " completed_at FROM intakes WHERE day = ? ORDER BY id",
                [day.isoformat()],
            )
        )
        flags: dict[int, list[BoardFlag]] = {}
        for row in self.db.query(
            "SELECT f.* FROM flags f JOIN intakes i ON i.id = f.intake_id WHERE i.day = ?"
            " ORDER BY f.alert DESC, CASE f.level WHEN 'red' THEN 0 ELSE 1 END, f.id",
            [day.isoformat()],
        ):
            flags.setdefault(row["intake_id"], []).append(_flag(row))
        return sort_board(
            [
                BoardRow(
                    intake_id=r["id"],
                    first_name=r["first_name"],
                    last_name=r["last_name"],
                    birth_date=r["birth_date"],
                    verified=bool(r["verified"]),
                    stage=r["stage"],
                    language=r["language"],
                    created_at=r["created_at"],
                    completed_at=r["completed_at"],
                    flags=tuple(flags.get(r["id"], [])),
                )
                for r in intakes
            ]
        )

    def change_marker(self) -> tuple[int, int]:
        """Changes whenever anything was committed, by this connection or any other."""
        version = self.db.execute("PRAGMA data_version").fetchone()[0]
        return int(version), self.db.conn.total_changes

    # --- one intake -------------------------------------------------------------------------

    def intake(self, intake_id: int) -> dict[str, Any]:
        """The intake row; LookupError if there is none."""
        rows = list(self.db.query("SELECT * FROM intakes WHERE id = ?", [intake_id]))
        if not rows:
            raise LookupError(f"no intake {intake_id}")
        return rows[0]

    def answers(self, intake_id: int) -> list[dict[str, Any]]:
        """Every answer with the question and answer as the patient saw them."""
        return list(
            self.db.query(
                "SELECT form_id, question_id, value, question_text, answer_text, answered_at"
                " FROM answers WHERE intake_id = ? ORDER BY rowid",
                [intake_id],
            )
        )

    def flags(self, intake_id: int) -> list[BoardFlag]:
        """The intake's flags, alerts and reds first."""
        return [
            _flag(r)
            for r in self.db.query(
                "SELECT * FROM flags WHERE intake_id = ? ORDER BY alert DESC,"
                " CASE level WHEN 'red' THEN 0 ELSE 1 END, id",
                [intake_id],
            )
        ]

    def score_history(self, intake_id: int) -> list[ScorePoint]:
        """PHQ-9 and GAD-7 totals of this patient on every day they came, oldest first."""
        person = self.intake(intake_id)
        return [
            ScorePoint(date.fromisoformat(r["day"]), r["instrument"], r["total"], r["severity"])
            for r in self.db.query(
                "SELECT i.day, s.instrument, s.total, s.severity FROM scores s"
                " JOIN intakes i ON i.id = s.intake_id"
                " WHERE i.name_key = ? AND i.birth_date = ? ORDER BY i.day, i.id",
                [person["name_key"], person["birth_date"]],
            )
        ]

    def latest_consent(self, intake_id: int) -> dict[str, Any] | None:
        """The signed consent of this intake (with its PDF), if any."""
        rows = list(
            self.db.query(
                "SELECT * FROM consents WHERE intake_id = ? ORDER BY id DESC LIMIT 1", [intake_id]
            )
        )
        return rows[0] if rows else None

    def ride(self, intake_id: int) -> dict[str, str]:
        """The ride home as the patient gave it: driver_name, driver_phone, driver_relationship, has_ride."""
        return {
            r["question_id"]: str(json.loads(r["value"]))
            for r in self.db.query(
                "SELECT question_id, value FROM answers WHERE intake_id = ? AND form_id = 'ride'",
                [intake_id],
            )
        }

    def vitals(self, intake_id: int) -> list[dict[str, Any]]:
        """Every set of vitals, oldest first."""
        return list(
            self.db.query(
                "SELECT v.*, s.name AS recorded_by_name FROM vitals v LEFT JOIN staff s ON s.id = v.recorded_by"
                " WHERE v.intake_id = ? ORDER BY v.id",
                [intake_id],
            )
        )

    def discharge_record(self, intake_id: int) -> dict[str, Any] | None:
        """The discharge, if the patient has gone home."""
        rows = list(self.db.query("SELECT * FROM discharges WHERE intake_id = ?", [intake_id]))
        return rows[0] if rows else None

    def prints(self, intake_id: int) -> list[dict[str, Any]]:
        """Every print of the intake's documents, oldest first."""
        return list(
            self.db.query("SELECT * FROM prints WHERE intake_id = ? ORDER BY id", [intake_id])
        )

    # --- writes -----------------------------------------------------------------------------

    def acknowledge(self, flag_id: int, staff_id: int | None, staff_name: str) -> None:
        """A nurse saw the flag: who and when, once (and in the audit log)."""
        with self.db.atomic():
            self.audit.record(staff_name, "acknowledge", f"flag {flag_id}")
            self.db.execute(
                "UPDATE flags SET acknowledged_by = ?, acknowledged_staff_id = ?, acknowledged_at = ?"
                " WHERE id = ? AND acknowledged_at IS NULL",
                [staff_name, staff_id, utc_iso(self._clock.now()), flag_id],
            )

    def record_vitals(
        self, intake_id: int, phase: Phase, vitals: Vitals, staff_id: int | None, flags: list[Flag]
    ) -> None:
        """Readings and any flags they raise; vitals before the infusion put the patient in the chair."""
        at = utc_iso(self._clock.now())
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO vitals (intake_id, phase, systolic, diastolic, heart_rate, spo2, recorded_by,"
                " recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    intake_id,
                    phase.value,
                    vitals.systolic,
                    vitals.diastolic,
                    vitals.heart_rate,
                    vitals.spo2,
                    staff_id,
                    at,
                ],
            )
            raise_flags(self.db, intake_id, flags, at)
            advance_stage(self.db, intake_id, Stage.IN_CHAIR if phase is Phase.PRE else None, at)

    def seat(self, intake_id: int) -> None:
        """The patient is in the infusion chair."""
        with self.db.atomic():
            advance_stage(self.db, intake_id, Stage.IN_CHAIR, utc_iso(self._clock.now()))

    def discharge(self, intake_id: int, record: Discharge) -> None:
        """The patient goes home: the driver, the times, the nurse; stage discharged."""
        at = utc_iso(record.discharged_at)
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO discharges (intake_id, driver_name, driver_phone, driver_present, discharged_at,"
                " no_driving_until, nurse_id, nurse_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    intake_id,
                    record.driver_name,
                    record.driver_phone,
                    int(record.driver_present),
                    at,
                    record.no_driving_until.isoformat(),
                    record.nurse_id,
                    record.nurse_name,
                ],
            )
            advance_stage(self.db, intake_id, Stage.DISCHARGED, at)

    def record_print(
        self,
        intake_id: int,
        *,
        document: str,
        staff_id: int | None,
        printed_by: str,
        queue: str,
        job_id: str,
        status: str,
        detail: str = "",
        saved_path: str = "",
    ) -> int:
        """One print attempt (sent, failed, or saved to a folder instead)."""
        with self.db.atomic():
            cursor = self.db.execute(
                "INSERT INTO prints (intake_id, document, staff_id, printed_by, queue, job_id, status, detail,"
                " saved_path, printed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    intake_id,
                    document,
                    staff_id,
                    printed_by,
                    queue,
                    job_id,
                    status,
                    detail,
                    saved_path,
                    utc_iso(self._clock.now()),
                ],
            )
        assert cursor.lastrowid is not None
        return int(cursor.lastrowid)


def _flag(row: dict[str, Any]) -> BoardFlag:
    return BoardFlag(
        id=row["id"],
        code=row["code"],
        level=row["level"],
        alert=bool(row["alert"]),
        reason=json.loads(row["reason"]),
        acknowledged_by=row["acknowledged_by"],
        acknowledged_at=row["acknowledged_at"],
    )
