"""JSON export: an array of nested intake records, written one record at a time."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from typing import Any, TextIO

from kiosk.core.intake_record import ConsentRecord, IntakeRecord
from kiosk.export.csv_export import infusion_minutes


class MissingPdfError(ValueError):
    """``include_pdf`` was asked of records read without their consent PDFs."""


def record_json(record: IntakeRecord, *, include_pdf: bool = False) -> dict[str, Any]:
    """One intake as nested plain data: intake, answers, flags, scores, vitals, ride, consent,
    prints, discharge, then the day of the infusion: infusion, side_effects, readiness.

    The intake names its kiosk (``device``) when it has one (read from the clinic server).
    ``infusion`` is null until it is marked started; its times are as corrected, each
    correction listed with the time it replaced and the nurse's reason. ``readiness`` lists
    every check, oldest first: the last is the one that counts. ``discharge.override_reason``
    is "" unless the nurse discharged the patient before the checks passed.
    """
    return {
        "intake": _intake(record),
        "answers": [
            {
                "form": a.form_id,
                "question_id": a.question_id,
                "question_text": a.question_text,
                "value": a.value,
                "answer_text": a.answer_text,
                "answered_at": a.answered_at,
            }
            for a in record.answers
        ],
        "flags": [
            {
                "code": f.code,
                "level": f.level,
                "source": f.source,
                "alert": f.alert,
                "reason_en": f.reason_en,
                "raised_at": f.raised_at,
                "acknowledged_by": f.acknowledged_by,
                "acknowledged_at": f.acknowledged_at,
            }
            for f in record.flags
        ],
        "scores": {
            s.instrument: {"total": s.total, "severity": s.severity, "scored_at": s.scored_at}
            for s in record.scores.values()
        },
        "vitals": [
            {
                "phase": v.phase,
                "systolic": v.systolic,
                "diastolic": v.diastolic,
                "heart_rate": v.heart_rate,
                "spo2": v.spo2,
                "recorded_by": v.recorded_by,
                "recorded_at": v.recorded_at,
            }
            for v in record.vitals
        ],
        "ride": record.ride,
        "consent": _consent(record, include_pdf=include_pdf),
        "prints": [
            {
                "document": p.document,
                "printed_by": p.printed_by,
                "queue": p.queue,
                "job_id": p.job_id,
                "status": p.status,
                "detail": p.detail,
                "saved_path": p.saved_path,
                "printed_at": p.printed_at,
            }
            for p in record.prints
        ],
        "discharge": None
        if record.discharge is None
        else {
            "driver_name": record.discharge.driver_name,
            "driver_phone": record.discharge.driver_phone,
            "driver_present": record.discharge.driver_present,
            "discharged_at": record.discharge.discharged_at,
            "no_driving_until": record.discharge.no_driving_until,
            "nurse_name": record.discharge.nurse_name,
            "override_reason": record.discharge.override_reason,
        },
        "infusion": _infusion(record),
        "side_effects": [
            {
                "kind": e.kind,
                "other_text": e.other_text,
                "severity": e.severity,
                "seen_at": e.seen_at,
                "recorded_by": e.recorded_by,
                "recorded_at": e.recorded_at,
            }
            for e in record.side_effects
        ],
        "readiness": [
            {
                "form_version": c.form_version,
                "answers": dict(c.answers),
                "confirmed": list(c.confirmed),
                "points": dict(c.points),
                "score": c.score,
                "max_score": c.max_score,
                "passed": c.passed,
                "reasons": list(c.reasons),
                "recorded_by": c.recorded_by,
                "recorded_at": c.recorded_at,
            }
            for c in record.readiness
        ],
    }


def _infusion(record: IntakeRecord) -> dict[str, Any] | None:
    infusion = record.infusion
    if infusion is None:
        return None
    return {
        "started_at": infusion.started_at,
        "ended_at": infusion.ended_at,
        "minutes": infusion_minutes(infusion.started_at, infusion.ended_at),
        "started_by": infusion.started_by,
        "ended_by": infusion.ended_by,
        "corrections": [
            {
                "which": c.which,
                "old_at": c.old_at,
                "new_at": c.new_at,
                "reason": c.reason,
                "corrected_by": c.corrected_by,
                "corrected_at": c.corrected_at,
            }
            for c in infusion.corrections
        ],
    }


def _intake(record: IntakeRecord) -> dict[str, Any]:
    intake: dict[str, Any] = {
        "id": record.id,
        "day": record.day.isoformat(),
        "first_name": record.first_name,
        "last_name": record.last_name,
        "birth_date": record.birth_date.isoformat(),
        "verified": record.verified,
        "language": record.language,
        "stage": record.stage,
        "form_versions": dict(record.form_versions),
        "created_at": record.created_at,
        "updated_at": record.updated_at,
        "completed_at": record.completed_at,
    }
    if record.device:
        intake["device"] = record.device
    return intake


def _consent(record: IntakeRecord, *, include_pdf: bool) -> dict[str, Any] | None:
    consent: ConsentRecord | None = record.consent
    if consent is None:
        return None
    data: dict[str, Any] = {
        "version": consent.version,
        "language": consent.language,
        "signed_at": consent.signed_at,
        "printed_name": consent.printed_name,
        "meaning": consent.meaning,
        "text_sha256": consent.text_sha256,
        "pdf_sha256": consent.pdf_sha256,
        "agreed_sections": list(consent.agreed_sections),
        "stored_at": consent.stored_at,
        "signature_method": consent.signature_method,
        "typed_name": consent.typed_name,
        "witness": None
        if consent.signature_method != "witnessed"
        else {
            "staff_id": consent.witness_staff_id,
            "name": consent.witness_name,
            "accounts": consent.witness_accounts,
        },
    }
    if include_pdf:
        if consent.pdf is None:
            raise MissingPdfError(
                f"intake {record.id}: the records were read without their PDFs"
                " (iter_intakes(..., include_pdf=True))"
            )
        data["pdf_base64"] = base64.b64encode(consent.pdf).decode("ascii")
    return data


def write_json(records: Iterable[IntakeRecord], out: TextIO, *, include_pdf: bool = False) -> int:
    """Write a JSON array of ``record_json`` objects, one line each, as they come; returns the count.

    Text stays as typed (UTF-8, not escaped). The consent PDF is in it (as ``pdf_base64``) only
    with ``include_pdf``, and then the records must have been read with their PDFs.
    """
    out.write("[")
    count = 0
    for record in records:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(record_json(record, include_pdf=include_pdf), ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count
