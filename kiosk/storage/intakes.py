"""Intakes, answers, steps, flags, scores and consents: the patient side's writes and reads."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from kiosk.core import outbox as steps_out
from kiosk.core.clock import Clock, utc_iso
from kiosk.core.consent import SignedConsent
from kiosk.core.flags import Flag
from kiosk.core.forms.model import Answer
from kiosk.core.identity import Identity
from kiosk.core.records import NewIntake, Progress, Stage, StepRecord
from kiosk.storage.appointments import find_appointment
from kiosk.storage.faults import boundary, boundary_class
from kiosk.storage.outbox import append, appointment_uuid


def _value(text: str) -> Answer:
    value: Answer = json.loads(text)
    return value


def flag_reason_json(flag: Flag) -> str:
    """A flag's reason in every language, as stored."""
    return json.dumps(dict(flag.reason.values), ensure_ascii=False, sort_keys=True)


@boundary
def raise_flags(db: Database, intake_id: int, flags: Sequence[Flag], at: str) -> None:
    """Store flags inside the caller's transaction; flags are sticky: one row per code, never removed."""
    for flag in flags:
        db.execute(
            "INSERT INTO flags (intake_id, code, level, source, reason, alert, raised_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (intake_id, code) DO NOTHING",
            [
                intake_id,
                flag.code,
                flag.level.value,
                flag.source,
                flag_reason_json(flag),
                int(flag.alert),
                at,
            ],
        )


def _stage_update(stage: Stage | None) -> str:
    """The one UPDATE that stamps an intake, moves its stage forward to ``stage`` (never back)
    and returns its UUID."""
    earlier = [s.value for s in Stage if stage is not None and s.order < stage.order]
    if not earlier:
        return "UPDATE intakes SET updated_at = ? WHERE id = ? RETURNING uuid"
    listed = ", ".join(f"'{value}'" for value in earlier)
    return (
        f"UPDATE intakes SET stage = CASE WHEN stage IN ({listed}) THEN ? ELSE stage END,"  # noqa: S608
        " updated_at = ? WHERE id = ? RETURNING uuid"
    )


_STAGE_UPDATES = {stage: _stage_update(stage) for stage in [*Stage, None]}


@boundary
def advance_stage(db: Database, intake_id: int, stage: Stage | None, at: str) -> str:
    """Move an intake's stage forward (never back) and stamp it, inside the caller's transaction;
    the intake's UUID. One statement: no read of the stage first."""
    sql = _STAGE_UPDATES[stage]
    params: list[Any] = [at, intake_id]
    if stage is not None and "CASE" in sql:
        params.insert(0, stage.value)
    rows = db.execute(sql, params).fetchall()
    if not rows:
        raise LookupError(f"no intake {intake_id}")
    return str(rows[0][0])


@boundary_class
class IntakeRepository:
    """The IntakeStore the patient session writes through; each write is one transaction, and
    each confirmed step appends its outbox row for the clinic server inside it. ``committed``
    is called after each such COMMIT (the sync wakes up); it must not raise."""

    def __init__(
        self, db: Database, clock: Clock, committed: Callable[[], None] | None = None
    ) -> None:
        self.db = db
        self._clock = clock
        self._committed = committed

    def _done(self) -> None:
        if self._committed is not None:
            self._committed()

    def match_appointment(self, day: date, identity: Identity) -> int | None:
        """Today's appointment with this name and date of birth, if any."""
        return find_appointment(self.db, day, identity)

    def open_intake(self, day: date, identity: Identity) -> Progress | None:
        """The latest intake of the day for this person, with what was confirmed."""
        row = self._one(
            "SELECT id, verified, stage, completed_at FROM intakes "
            "WHERE day = ? AND name_key = ? AND birth_date = ? ORDER BY id DESC LIMIT 1",
            [day.isoformat(), identity.key, identity.birth_date.isoformat()],
        )
        if row is None:
            return None
        intake_id = int(row["id"])
        progress = Progress(intake_id=intake_id, verified=bool(row["verified"]))
        for answer in self._all(
            "SELECT form_id, question_id, value FROM answers WHERE intake_id = ?", [intake_id]
        ):
            progress.answers.setdefault(answer["form_id"], {})[answer["question_id"]] = _value(
                answer["value"]
            )
        progress.confirmed = {
            r["step_key"]
            for r in self._all("SELECT step_key FROM steps WHERE intake_id = ?", [intake_id])
        }
        progress.consent_signed = (
            self._one("SELECT 1 AS x FROM consents WHERE intake_id = ? LIMIT 1", [intake_id])
            is not None
        )
        progress.completed = row["completed_at"] is not None
        return progress

    def create_intake(self, new: NewIntake) -> int:
        """A new intake at the checking-in stage."""
        now = utc_iso(new.created_at)
        intake_uuid = str(uuid.uuid4())
        with self.db.atomic():
            cursor = self.db.execute(
                "INSERT INTO intakes (uuid, day, first_name, last_name, birth_date, name_key,"
                " appointment_id, verified, language, stage, form_versions, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    intake_uuid,
                    new.day.isoformat(),
                    new.identity.first_name,
                    new.identity.last_name,
                    new.identity.birth_date.isoformat(),
                    new.identity.key,
                    new.appointment_id,
                    int(new.appointment_id is not None),
                    new.language,
                    Stage.CHECKING_IN.value,
                    json.dumps(new.form_versions, sort_keys=True),
                    now,
                    now,
                ],
            )
            intake_id = cursor.lastrowid
            booked = appointment_uuid(self.db, new.appointment_id)
            append(self.db, intake_uuid, steps_out.check_in(intake_uuid, new, booked), now)
        assert intake_id is not None
        self._done()
        return int(intake_id)

    def set_language(self, intake_id: int, language: str) -> None:
        """The language the patient uses now."""
        with self.db.atomic():
            self.db.execute(
                "UPDATE intakes SET language = ?, updated_at = ? WHERE id = ?",
                [language, utc_iso(self._clock.now()), intake_id],
            )

    def confirm_step(self, record: StepRecord) -> None:
        """Answers, flags, score, stage and the step mark in one transaction."""
        moment = record.confirmed_at or self._clock.now()
        at = utc_iso(moment)
        # An answer that replaces one of the step's own questions is written with INSERT OR
        # REPLACE: the earlier row goes and the new one comes last in rowid order, exactly as a
        # DELETE and an INSERT would leave it. Only the replaced questions left unanswered (a
        # question the patient's answers now hide) need a DELETE of their own.
        replaced = set(record.replaces)
        answered = {a.question_id for a in record.answers if a.form_id == record.form_id} & replaced
        gone = [q for q in record.replaces if q not in answered]
        with self.db.atomic():
            if gone:
                marks = ", ".join("?" for _ in gone)
                self.db.execute(
                    f"DELETE FROM answers WHERE intake_id = ? AND form_id = ? AND question_id IN ({marks})",  # noqa: S608
                    [record.intake_id, record.form_id, *gone],
                )
            for answer in record.answers:
                verb = "INSERT OR REPLACE" if answer.question_id in answered else "INSERT"
                self.db.execute(
                    f"{verb} INTO answers (intake_id, form_id, question_id, value, question_text,"
                    " answer_text, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        record.intake_id,
                        answer.form_id,
                        answer.question_id,
                        json.dumps(answer.value, ensure_ascii=False),
                        answer.question_text,
                        answer.answer_text,
                        at,
                    ],
                )
            raise_flags(self.db, record.intake_id, record.flags, at)
            if record.score is not None:
                self.db.execute(
                    "INSERT INTO scores (intake_id, instrument, total, severity, scored_at)"
                    " VALUES (?, ?, ?, ?, ?) ON CONFLICT (intake_id, instrument) DO UPDATE SET"
                    " total = excluded.total, severity = excluded.severity, scored_at = excluded.scored_at",
                    [
                        record.intake_id,
                        record.score.instrument,
                        record.score.total,
                        record.score.severity.key,
                        at,
                    ],
                )
            self.db.execute(
                "INSERT INTO steps (intake_id, step_key, confirmed_at) VALUES (?, ?, ?)"
                " ON CONFLICT (intake_id, step_key) DO UPDATE SET confirmed_at = excluded.confirmed_at",
                [record.intake_id, record.step_key, at],
            )
            intake_uuid = advance_stage(self.db, record.intake_id, record.stage, at)
            append(self.db, intake_uuid, steps_out.step(intake_uuid, record, moment), at)
        self._done()

    def save_consent(self, intake_id: int, signed: SignedConsent, completed_at: datetime) -> int:
        """The signed consent and its copy, the stage, the step and completion: one transaction."""
        at = utc_iso(completed_at)
        with self.db.atomic():
            cursor = self.db.execute(
                "INSERT INTO consents (intake_id, version, language, text_sha256, printed_name, meaning,"
                " signed_at, signature_png, pdf, pdf_sha256, agreed_sections, stored_at,"
                " signature_method, typed_name, witness_staff_id, witness_name, witness_accounts)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    intake_id,
                    signed.version,
                    signed.language,
                    signed.text_sha256,
                    signed.printed_name,
                    signed.meaning,
                    utc_iso(signed.signed_at_utc),
                    signed.signature_png,
                    signed.pdf,
                    signed.pdf_sha256,
                    json.dumps(list(signed.agreed_sections)),
                    at,
                    signed.method.value,
                    signed.typed_name,
                    None if signed.witness is None else signed.witness.staff_id,
                    "" if signed.witness is None else signed.witness.name,
                    "kiosk" if signed.witness is None else signed.witness.accounts.value,
                ],
            )
            self.db.execute(
                "INSERT INTO steps (intake_id, step_key, confirmed_at) VALUES (?, 'consent', ?)"
                " ON CONFLICT (intake_id, step_key) DO UPDATE SET confirmed_at = excluded.confirmed_at",
                [intake_id, at],
            )
            intake_uuid = advance_stage(self.db, intake_id, Stage.CONSENT_SIGNED, at)
            self.db.execute("UPDATE intakes SET completed_at = ? WHERE id = ?", [at, intake_id])
            consent_id = cursor.lastrowid
            append(self.db, intake_uuid, steps_out.consent(intake_uuid, signed, completed_at), at)
        assert consent_id is not None
        self._done()
        return int(consent_id)

    def _one(self, sql: str, params: list[Any]) -> dict[str, Any] | None:
        rows = self._all(sql, params)
        return rows[0] if rows else None

    def _all(self, sql: str, params: list[Any]) -> list[dict[str, Any]]:
        return list(self.db.query(sql, params))
