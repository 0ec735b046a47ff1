"""The JSON export: an array of nested records, every field as stored, text exact, PDFs only on request."""

from __future__ import annotations

import base64
import hashlib
import io
import json
from datetime import date
from typing import Any

import pytest
from sqlite_utils import Database

from kiosk.export import MissingPdfError, write_json
from kiosk.services.context import KioskContext
from kiosk.storage.intakes import IntakeRepository
from kiosk.storage.reader import iter_intakes
from tests.helpers.clinic import (
    DAY,
    NEXT_DAY,
    NURSE,
    TRICKY_DETAIL,
    TRICKY_DRIVER,
    TRICKY_NAMES,
    TRICKY_PDF,
    add_tricky_intakes,
)
from tests.helpers.rows import Rows

KEYS = [
    "intake", "answers", "flags", "scores", "vitals", "ride", "consent", "prints", "discharge",
    "infusion", "side_effects", "readiness",
]  # fmt: skip


def export_json(
    db: Database, first: date, last: date | None = None, *, include_pdf: bool = False
) -> tuple[int, str, list[dict[str, Any]]]:
    """The count write_json returned, the text, and the text parsed back."""
    out = io.StringIO()
    records = iter_intakes(db, first, last or first, include_pdf=include_pdf)
    count = write_json(records, out, include_pdf=include_pdf)
    return count, out.getvalue(), json.loads(out.getvalue())


def _check(context: KioskContext, record: dict[str, Any], row: dict[str, Any]) -> None:
    """One exported record against the database, read through the repositories."""
    intake_id = int(row["id"])
    repo = station = Rows(context.db)
    assert list(record) == KEYS
    intake = record["intake"]
    for key in ("id", "day", "first_name", "last_name", "birth_date", "language", "stage"):
        assert intake[key] == row[key], key
    for key in ("created_at", "updated_at", "completed_at"):
        assert intake[key] == row[key], key
    assert intake["verified"] is bool(row["verified"])
    assert intake["form_versions"] == json.loads(row["form_versions"])
    assert record["answers"] == [
        {
            "form": a["form_id"],
            "question_id": a["question_id"],
            "question_text": a["question_text"],
            "value": json.loads(a["value"]),
            "answer_text": a["answer_text"],
            "answered_at": a["answered_at"],
        }
        for a in Rows(repo.db).answers(intake_id)
    ]
    assert record["flags"] == [
        {
            "code": f["code"],
            "level": f["level"],
            "source": f["source"],
            "alert": bool(f["alert"]),
            "reason_en": json.loads(f["reason"])["en"],
            "raised_at": f["raised_at"],
            "acknowledged_by": f["acknowledged_by"],
            "acknowledged_at": f["acknowledged_at"],
        }
        for f in Rows(repo.db).flags(intake_id)
    ]
    assert record["scores"] == {
        name: {"total": s["total"], "severity": s["severity"], "scored_at": s["scored_at"]}
        for name, s in Rows(repo.db).scores(intake_id).items()
    }
    assert {k: str(v) for k, v in record["ride"].items()} == station.ride(intake_id)
    vitals = station.vitals(intake_id)
    assert [(v["systolic"], v["spo2"], v["recorded_by"]) for v in record["vitals"]] == [
        (v["systolic"], v["spo2"], v["recorded_by_name"]) for v in vitals
    ]
    consents = Rows(repo.db).consents(intake_id)
    if consents:
        latest = consents[-1]
        consent = record["consent"]
        for key in ("version", "language", "signed_at", "printed_name", "meaning"):
            assert consent[key] == latest[key], key
        assert consent["text_sha256"] == latest["text_sha256"]
        assert consent["pdf_sha256"] == latest["pdf_sha256"]
        assert consent["agreed_sections"] == json.loads(latest["agreed_sections"])
        assert "pdf_base64" not in consent and "signature_png" not in consent
    else:
        assert record["consent"] is None
    assert [p["job_id"] for p in record["prints"]] == [
        p["job_id"] for p in station.prints(intake_id)
    ]
    discharge = station.discharge(intake_id)
    if discharge is None:
        assert record["discharge"] is None
    else:
        assert record["discharge"]["nurse_name"] == discharge["nurse_name"]
        assert record["discharge"]["no_driving_until"] == discharge["no_driving_until"]
        assert record["discharge"]["driver_name"] == discharge["driver_name"]
        assert record["discharge"]["override_reason"] == discharge["override_reason"]
    infusion = station.db.execute(
        "SELECT started_at, ended_at FROM infusions WHERE intake_id = ?", [intake_id]
    ).fetchone()
    if infusion is None:
        assert record["infusion"] is None
    else:
        assert (record["infusion"]["started_at"], record["infusion"]["ended_at"]) == infusion
    checks = station.db.execute(
        "SELECT score, passed FROM readiness_checks WHERE intake_id = ? ORDER BY id", [intake_id]
    ).fetchall()
    assert [(c["score"], int(c["passed"])) for c in record["readiness"]] == checks


def test_a_demo_day_matches_the_database_field_by_field(clinic: KioskContext) -> None:
    """Every intake of a demo day: identity, answers, flags, scores, ride, consent, vitals, discharge."""
    count, _, records = export_json(clinic.db, DAY)
    rows = list(
        clinic.db.query("SELECT * FROM intakes WHERE day = ? ORDER BY id", [DAY.isoformat()])
    )
    assert count == len(records) == len(rows) == 20
    for record, row in zip(records, rows, strict=True):
        _check(clinic, record, row)
    assert any(r["discharge"] for r in records) and any(r["vitals"] for r in records)
    assert any(r["infusion"] for r in records) and any(r["readiness"] for r in records)
    assert any(f["acknowledged_by"] == NURSE for r in records for f in r["flags"])
    assert any(r["consent"] is None for r in records)


def test_a_range_spans_days(clinic: KioskContext) -> None:
    """Two days: both days' intakes, in day order."""
    count, _, records = export_json(clinic.db, DAY, NEXT_DAY)
    assert count == 25
    assert [r["intake"]["day"] for r in records] == [DAY.isoformat()] * 20 + [
        NEXT_DAY.isoformat()
    ] * 5


def test_an_empty_day_gives_an_empty_array(clinic: KioskContext) -> None:
    """No intakes: the text is an empty array and the count 0."""
    count, text, records = export_json(clinic.db, date(2026, 1, 1))
    assert (count, text.strip(), records) == (0, "[]", [])


def test_tricky_text_comes_back_exactly(db: Database, repo: IntakeRepository) -> None:
    """Names, notes and the driver come back exactly (no apostrophe in JSON), not \\u-escaped."""
    add_tricky_intakes(repo)
    count, text, records = export_json(db, DAY)
    assert count == len(TRICKY_NAMES)
    for (first, last), record in zip(TRICKY_NAMES, records, strict=True):
        assert (record["intake"]["first_name"], record["intake"]["last_name"]) == (first, last)
        assert record["consent"]["printed_name"] == f"{first} {last}"
        assert record["ride"]["driver_name"] == TRICKY_DRIVER[0]
        assert record["ride"]["driver_phone"] == "+1 555"
        detail = [a for a in record["answers"] if a["question_id"] == "health_changes_detail"]
        assert detail[0]["value"] == detail[0]["answer_text"] == TRICKY_DETAIL
    assert records[0]["intake"]["first_name"] == '=HYPERLINK("x")'
    assert "张伟" in text and "🙂" in text  # ensure_ascii=False


def test_the_pdf_is_in_only_when_asked(db: Database, repo: IntakeRepository) -> None:
    """By default no PDF; with include_pdf the consent copy is there as base64 and matches its hash."""
    add_tricky_intakes(repo)
    _, text, records = export_json(db, DAY)
    assert "pdf_base64" not in text
    _, _, with_pdf = export_json(db, DAY, include_pdf=True)
    for record in with_pdf:
        pdf = base64.b64decode(record["consent"]["pdf_base64"])
        assert pdf == TRICKY_PDF
        assert hashlib.sha256(pdf).hexdigest() == record["consent"]["pdf_sha256"]
    assert len(records) == len(with_pdf)


def test_include_pdf_needs_records_read_with_their_pdfs(
    db: Database, repo: IntakeRepository
) -> None:
    """Asking for PDFs of records read without them is an error, not a silent null."""
    add_tricky_intakes(repo)
    with pytest.raises(MissingPdfError):
        write_json(iter_intakes(db, DAY, DAY), io.StringIO(), include_pdf=True)
