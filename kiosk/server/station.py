"""The nurse station on the clinic server (kiosk.core.ports' StationStore): the reads are the
ServerReader's, each write is a station function on the server that refuses a stale view (row
versions) and commits with its entry in the server's audit log."""

from __future__ import annotations

import json
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, Any

import psycopg
from psycopg.types.json import Jsonb

from kiosk.core.audit import AuditAction
from kiosk.core.board import ScorePoint
from kiosk.core.discharge import DischargeError
from kiosk.core.faults import DischargeProblem, InfusionProblem
from kiosk.core.flags import Flag
from kiosk.core.infusion import InfusionError
from kiosk.core.intake_record import IntakeRecord, IntakeSummary
from kiosk.core.outbox import flag_content
from kiosk.core.ports import Discharge, PrintAttempt, ReadinessEntry, StationStore
from kiosk.core.row_versions import StaleViewError
from kiosk.core.side_effects import SideEffect
from kiosk.core.vitals import Phase, Vitals
from kiosk.server import audit
from kiosk.server.reader import Connection, ServerReader

STALE = "KS409"  # SQLSTATE of a stale view (its DETAIL: the intake's last change as JSON)
ALREADY_DISCHARGED = "KS410"
INFUSION_REFUSED = "KS411"  # its DETAIL: the InfusionProblem (a race past the station's check)


class ServerAct:
    """The audit entry of the act whose transaction is open on the server (kiosk.core.ports'
    ActLog): it commits with the act or not at all."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def record(self, actor: str, action: AuditAction, subject: str = "", **detail: Any) -> int:
        """Append the entry in the act's transaction; its id."""
        return audit.record(self._conn, actor, action, subject, **detail)


class ServerStation:
    """The station's reads and writes on the clinic server, for one clinic (None: all).

    ``zone``: the clinic's time zone, in which a refusal names the time of the change that made
    the view stale (None: the machine's own).
    """

    def __init__(
        self, conn: Connection, clinic: str | None = None, *, zone: tzinfo | None = None
    ) -> None:
        self.conn = conn
        self.reader = ServerReader(conn, clinic)
        self.zone = zone

    # --- reads -------------------------------------------------------------------------------

    def board(self, day: date) -> list[IntakeSummary]:
        """Every intake of ``day`` with its flags, most urgent first."""
        return self.reader.board(day)

    def intake(self, intake_id: int) -> IntakeRecord:
        """One intake with everything about it (the consent PDF too); LookupError if none."""
        return self.reader.intake(intake_id)

    def score_history(self, intake_id: int) -> list[ScorePoint]:
        """PHQ-9 and GAD-7 totals of this patient on every day they came, oldest first."""
        return self.reader.score_history(intake_id)

    def next_appointment(self, intake_id: int, after: date) -> tuple[date, str] | None:
        """The patient's first appointment after ``after``: its day and time ("" if none)."""
        return self.reader.next_appointment(intake_id, after)

    def change_marker(self) -> Hashable:
        """Changes whenever anything was committed on the server, from anywhere."""
        return self.reader.change_marker()

    # --- writes ------------------------------------------------------------------------------

    @contextmanager
    def act(self) -> Iterator[ServerAct]:
        """One transaction on the server: the writes inside and their audit entry commit
        together (a savepoint inside a caller's)."""
        with self.conn.transaction():
            yield ServerAct(self.conn)

    def acknowledge(
        self,
        flag_id: int,
        staff_id: int | None,
        staff_name: str,
        *,
        seen_version: int | None = None,
    ) -> None:
        """A nurse saw the flag: who and when, once; the intake's version moves on."""
        self._call(
            "SELECT station_acknowledge(%s, %s, %s, %s)",
            (flag_id, seen_version, staff_id, staff_name),
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
        """Readings and the flags they raise; vitals before the infusion seat the patient."""
        raised = [flag_content(f) for f in flags]
        self._call(
            "SELECT station_record_vitals(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (
                intake_id,
                seen_version,
                phase.value,
                vitals.systolic,
                vitals.diastolic,
                vitals.heart_rate,
                vitals.spo2,
                staff_id,
                self._staff_name(staff_id),
                Jsonb(raised),
            ),
        )

    def seat(self, intake_id: int, *, seen_version: int | None = None) -> None:
        """The patient is in the infusion chair."""
        self._call("SELECT station_seat(%s, %s, %s)", (intake_id, seen_version, ""))

    def discharge(
        self, intake_id: int, record: Discharge, *, seen_version: int | None = None
    ) -> None:
        """The patient goes home: the driver, the times, the nurse; stage discharged. Once:
        DischargeError (already discharged) for a second discharge of a current view. With an
        override reason (the patient was not ready) the server raises its red flag too."""
        self._call(
            "SELECT station_discharge(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (
                intake_id,
                seen_version,
                record.driver_name,
                record.driver_phone,
                record.driver_present,
                record.discharged_at,
                record.no_driving_until.isoformat(),
                record.nurse_id,
                record.nurse_name,
                record.override_reason,
            ),
        )

    def record_print(
        self, intake_id: int, attempt: PrintAttempt, *, seen_version: int | None = None
    ) -> int:
        """One print attempt (sent, failed, or saved to a folder instead); its id."""
        row = self._call(
            "SELECT station_record_print(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (
                intake_id,
                seen_version,
                attempt.document,
                attempt.staff_id,
                attempt.printed_by,
                attempt.queue,
                attempt.job_id,
                attempt.status,
                attempt.detail,
                attempt.saved_path,
            ),
        )
        return int(row)

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
        self._call(
            "SELECT station_mark_infusion(%s, %s, %s, %s, %s, %s)",
            (intake_id, seen_version, mark, at, staff_id, staff_name),
        )

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
        self._call(
            "SELECT station_correct_infusion(%s, %s, %s, %s, %s, %s, %s)",
            (intake_id, seen_version, mark, at, reason, staff_id, staff_name),
        )

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
        self._call(
            "SELECT station_record_side_effect(%s, %s, %s, %s, %s, %s, %s, %s)",
            (
                intake_id,
                seen_version,
                effect.kind.value,
                effect.severity.value,
                effect.seen_at,
                effect.other_text,
                staff_id,
                staff_name,
            ),
        )

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
        self._call(
            "SELECT station_record_readiness(%s, %s, %s, %s, %s)",
            (
                intake_id,
                seen_version,
                Jsonb(
                    {
                        "form_version": check.form_version,
                        "answers": check.answers,
                        "confirmed": list(check.confirmed),
                        "points": check.points,
                        "score": check.score,
                        "max_score": check.max_score,
                        "passed": check.passed,
                        "reasons": list(check.reasons),
                    }
                ),
                staff_id,
                staff_name,
            ),
        )

    # --- helpers -----------------------------------------------------------------------------

    def _staff_name(self, staff_id: int | None) -> str:
        if staff_id is None:
            return ""
        row = self.conn.execute("SELECT name FROM staff WHERE id = %s", (staff_id,)).fetchone()
        return "" if row is None else str(row[0])

    def _call(self, query: str, params: tuple[Any, ...]) -> Any:
        """One station function; its stale-view and no-such-intake refusals in words."""
        try:
            row = self.conn.execute(query.encode(), params).fetchone()
        except psycopg.Error as exc:
            raise self._refusal(exc) from None
        assert row is not None
        return row[0]

    def _refusal(self, exc: psycopg.Error) -> Exception:
        if exc.sqlstate == STALE:
            change = json.loads(exc.diag.message_detail or "{}")
            at = change.get("at")
            moment = datetime.fromisoformat(at) if isinstance(at, str) else None
            return StaleViewError(
                str(change.get("by", "")), str(change.get("act", "")), moment, self.zone
            )
        if exc.sqlstate == ALREADY_DISCHARGED:
            return DischargeError(DischargeProblem.ALREADY_DISCHARGED)
        if exc.sqlstate == INFUSION_REFUSED:
            return InfusionError(InfusionProblem(exc.diag.message_detail or ""))
        if exc.sqlstate == "P0002":  # no_data_found: no such intake or flag
            return LookupError(exc.diag.message_primary or "not found")
        return exc


if TYPE_CHECKING:  # mypy proves the server's station is what the nurse screens ask for

    def _is_a_station_store(station: ServerStation) -> StationStore:
        return station
