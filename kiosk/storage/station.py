"""The nurse station on the kiosk's own database: the StationStore and ExportSource of core."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import AbstractContextManager
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlite_utils import Database

from kiosk.core.clock import Clock, utc_iso
from kiosk.storage import reader
from kiosk.storage.acts import Act, one_act
from kiosk.storage.faults import boundary_class

if TYPE_CHECKING:
    from kiosk.core.board import ScorePoint
    from kiosk.core.flags import Flag
    from kiosk.core.intake_line import IntakeLine
    from kiosk.core.intake_record import IntakeRecord, IntakeSummary
    from kiosk.core.ports import Discharge, PrintAttempt, ReadinessEntry
    from kiosk.core.side_effects import SideEffect
    from kiosk.core.vitals import Phase, Vitals

# The writes' helpers (kiosk.storage.intakes, kiosk.core.records, kiosk.core.vitals) are imported
# by the methods that write: an export, which only reads, does not load them.


@boundary_class
class StationRepository:
    """The read model and the nurse's writes on one SQLite database (kiosk.core.ports'
    StationStore and ExportSource); each write is one transaction, or the caller's ``act()``."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self._clock = clock

    # --- reads -------------------------------------------------------------------------------

    def board(self, day: date) -> list[IntakeSummary]:
        """Every intake of ``day`` with its flags, most urgent first."""
        return reader.read_board(self.db, day)

    def intake(self, intake_id: int) -> IntakeRecord:
        """One intake with everything about it (the consent PDF too); LookupError if none."""
        return reader.read_intake(self.db, intake_id)

    def score_history(self, intake_id: int) -> list[ScorePoint]:
        """PHQ-9 and GAD-7 totals of this patient on every day they came, oldest first."""
        return reader.score_history(self.db, intake_id)

    def next_appointment(self, intake_id: int, after: date) -> tuple[date, str] | None:
        """The patient's first appointment after ``after``: its day and time ("" if none)."""
        return reader.next_appointment(self.db, intake_id, after)

    def snapshot(self) -> AbstractContextManager[None]:
        """One read transaction: every page of an export sees the database as it began."""
        return reader.read_snapshot(self.db)

    def intake_lines(self, first: date, last: date) -> Iterator[IntakeLine]:
        """Every intake of the days as a line: the CSV's columns alone (core.ports.LineSource)."""
        return reader.iter_intake_lines(self.db, first, last)

    def intakes(
        self, first: date, last: date, *, include_pdf: bool = False
    ) -> Iterator[IntakeRecord]:
        """Every intake of the days ``first`` to ``last``, in (day, id) order, a page at a time."""
        return reader.iter_intakes(self.db, first, last, include_pdf=include_pdf)

    # --- writes ------------------------------------------------------------------------------

    def act(self) -> AbstractContextManager[Act]:
        """One transaction: the writes inside and their audit entry commit together."""
        return one_act(self.db, self._clock)

    def change_marker(self) -> tuple[int, int]:
        """Changes whenever anything was committed, by this connection or any other."""
        version = self.db.execute("PRAGMA data_version").fetchone()[0]
        return int(version), self.db.conn.total_changes

    def acknowledge(
        self,
        flag_id: int,
        staff_id: int | None,
        staff_name: str,
        *,
        seen_version: int | None = None,
    ) -> None:
        """A nurse saw the flag: who and when, once (one database: no view to check)."""
        with self.db.atomic():
            self.db.execute(
                "UPDATE flags SET acknowledged_by = ?, acknowledged_staff_id = ?, acknowledged_at = ?"
                " WHERE id = ? AND acknowledged_at IS NULL",
                [staff_name, staff_id, utc_iso(self._clock.now()), flag_id],
            )

    def record_vitals(
        self,
        intake_id: int,
        phase: Phase,
        vitals: Vitals,
        staff_id: int | None,
        flags: list[Flag],
        *,
        seen_version: int | None = None,
    ) -> None:
        """Readings and any flags they raise; vitals before the infusion put the patient in the chair."""
        from kiosk.core.records import Stage  # noqa: PLC0415 - writes only
        from kiosk.core.vitals import Phase  # noqa: PLC0415
        from kiosk.storage.intakes import advance_stage, raise_flags  # noqa: PLC0415

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

    def seat(self, intake_id: int, *, seen_version: int | None = None) -> None:
        """The patient is in the infusion chair."""
        from kiosk.core.records import Stage  # noqa: PLC0415 - writes only
        from kiosk.storage.intakes import advance_stage  # noqa: PLC0415

        with self.db.atomic():
            advance_stage(self.db, intake_id, Stage.IN_CHAIR, utc_iso(self._clock.now()))

    def discharge(
        self, intake_id: int, record: Discharge, *, seen_version: int | None = None
    ) -> None:
        """The patient goes home: the driver, the times, the nurse; stage discharged."""
        from kiosk.core.discharge import override_flag  # noqa: PLC0415 - writes only
        from kiosk.core.records import Stage  # noqa: PLC0415
        from kiosk.storage.intakes import advance_stage, raise_flags  # noqa: PLC0415

        at = utc_iso(record.discharged_at)
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO discharges (intake_id, driver_name, driver_phone, driver_present, discharged_at,"
                " no_driving_until, nurse_id, nurse_name, override_reason)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    intake_id,
                    record.driver_name,
                    record.driver_phone,
                    int(record.driver_present),
                    at,
                    record.no_driving_until.isoformat(),
                    record.nurse_id,
                    record.nurse_name,
                    record.override_reason,
                ],
            )
            if record.override_reason:
                raise_flags(self.db, intake_id, [override_flag(record.override_reason)], at)
            advance_stage(self.db, intake_id, Stage.DISCHARGED, at)

    def record_print(
        self, intake_id: int, attempt: PrintAttempt, *, seen_version: int | None = None
    ) -> int:
        """One print attempt (sent, failed, or saved to a folder instead)."""
        with self.db.atomic():
            cursor = self.db.execute(
                "INSERT INTO prints (intake_id, document, staff_id, printed_by, queue, job_id, status, detail,"
                " saved_path, printed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    intake_id,
                    attempt.document,
                    attempt.staff_id,
                    attempt.printed_by,
                    attempt.queue,
                    attempt.job_id,
                    attempt.status,
                    attempt.detail,
                    attempt.saved_path,
                    utc_iso(self._clock.now()),
                ],
            )
        assert cursor.lastrowid is not None
        return int(cursor.lastrowid)

    def mark_infusion(
        self,
        intake_id: int,
        mark: str,
        at: datetime,
        staff_id: int | None,
        staff_name: str,
        *,
        seen_version: int | None = None,
    ) -> None:
        """The infusion started (the patient is in the chair) or ended at ``at``."""
        from kiosk.core.records import Stage  # noqa: PLC0415 - writes only
        from kiosk.storage.intakes import advance_stage  # noqa: PLC0415

        stamp = utc_iso(at)
        with self.db.atomic():
            if mark == "started":
                self.db.execute(
                    "INSERT INTO infusions (intake_id, started_at, started_staff_id, started_by)"
                    " VALUES (?, ?, ?, ?)",
                    [intake_id, stamp, staff_id, staff_name],
                )
                advance_stage(self.db, intake_id, Stage.IN_CHAIR, stamp)
            else:
                self.db.execute(
                    "UPDATE infusions SET ended_at = ?, ended_staff_id = ?, ended_by = ?"
                    " WHERE intake_id = ? AND ended_at IS NULL",
                    [stamp, staff_id, staff_name, intake_id],
                )
                advance_stage(self.db, intake_id, None, stamp)

    def correct_infusion(
        self,
        intake_id: int,
        mark: str,
        at: datetime,
        reason: str,
        *,
        staff_id: int | None,
        staff_name: str,
        seen_version: int | None = None,
    ) -> None:
        """The start or end time corrected: the old time, the new, why and who are kept."""
        from kiosk.storage.intakes import advance_stage  # noqa: PLC0415 - writes only

        column = "started_at" if mark == "started" else "ended_at"
        now = utc_iso(self._clock.now())
        with self.db.atomic():
            row = self.db.execute(
                f"SELECT {column} FROM infusions WHERE intake_id = ?",  # noqa: S608 - fixed
                [intake_id],
            ).fetchone()
            if row is None:
                raise LookupError(f"no infusion of intake {intake_id}")
            self.db.execute(
                f"UPDATE infusions SET {column} = ? WHERE intake_id = ?",  # noqa: S608 - fixed
                [utc_iso(at), intake_id],
            )
            self.db.execute(
                "INSERT INTO infusion_corrections (intake_id, which, old_at, new_at, reason,"
                " staff_id, corrected_by, corrected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [intake_id, mark, row[0], utc_iso(at), reason, staff_id, staff_name, now],
            )
            advance_stage(self.db, intake_id, None, now)

    def record_side_effect(
        self,
        intake_id: int,
        effect: SideEffect,
        staff_id: int | None,
        staff_name: str,
        *,
        seen_version: int | None = None,
    ) -> None:
        """A side effect the nurse saw."""
        from kiosk.storage.intakes import advance_stage  # noqa: PLC0415 - writes only

        now = utc_iso(self._clock.now())
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO side_effects (intake_id, kind, severity, seen_at, other_text,"
                " staff_id, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    intake_id,
                    effect.kind.value,
                    effect.severity.value,
                    utc_iso(effect.seen_at),
                    effect.other_text,
                    staff_id,
                    staff_name,
                    now,
                ],
            )
            advance_stage(self.db, intake_id, None, now)

    def record_readiness(
        self,
        intake_id: int,
        check: ReadinessEntry,
        staff_id: int | None,
        staff_name: str,
        *,
        seen_version: int | None = None,
    ) -> None:
        """A readiness check as scored."""
        from kiosk.storage.intakes import advance_stage  # noqa: PLC0415 - writes only

        now = utc_iso(self._clock.now())
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO readiness_checks (intake_id, form_version, answers, confirmed, points,"
                " score, max_score, passed, reasons, staff_id, recorded_by, recorded_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    intake_id,
                    check.form_version,
                    json.dumps(check.answers, sort_keys=True),
                    json.dumps(list(check.confirmed)),
                    json.dumps(check.points),
                    check.score,
                    check.max_score,
                    int(check.passed),
                    json.dumps(list(check.reasons)),
                    staff_id,
                    staff_name,
                    now,
                ],
            )
            advance_stage(self.db, intake_id, None, now)
