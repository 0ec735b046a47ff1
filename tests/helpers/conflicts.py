"""Steps handed in to the clinic server as the kiosk ``lobby`` hands them, to make conflicts:
a check-in and a checklist step, each content built here."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import psycopg

from kiosk.core import outbox as steps_out

AT = "2026-12-04T09:00:00+00:00"


class Kiosk:
    """Steps handed in as the kiosk ``lobby`` hands them (its login, through submit_step)."""

    def __init__(self, conn: psycopg.Connection[tuple[object, ...]]) -> None:
        self.conn = conn
        self.intake = str(uuid4())
        self.check_in_uuid = str(uuid4())
        self.checklist_uuid = str(uuid4())

    def submit(self, uuid: str, sequence: int, content: dict[str, Any]) -> str:
        text = steps_out.canonical({"format": 1, "intake": self.intake, "at": AT, **content})
        self.conn.execute("SET SESSION AUTHORIZATION kiosk_lobby")
        try:
            row = self.conn.execute(
                "SELECT submit_step(%s, %s, %s, %s, %s)",
                (uuid, self.intake, sequence, text, steps_out.sha256_hex(text)),
            ).fetchone()
        finally:
            self.conn.execute("RESET SESSION AUTHORIZATION")
        assert row is not None
        return str(row[0])


def check_in(first_name: str) -> dict[str, Any]:
    return {
        "kind": "check_in",
        "day": "2026-12-04",
        "first_name": first_name,
        "last_name": "Lee",
        "birth_date": "1980-02-03",
        "appointment": None,
        "verified": False,
        "language": "en",
        "form_versions": {"checklist": 1},
    }


def checklist(answer: str, flags: list[str]) -> dict[str, Any]:
    return {
        "kind": "step",
        "form": "checklist",
        "replaces": [],
        "answers": [
            {
                "form": "checklist",
                "question": "fasting",
                "value": answer,
                "question_text": "Have you fasted?",
                "answer_text": answer,
            }
        ],
        "flags": [
            {"code": code, "level": "red", "source": "checklist", "reason": {}, "alert": False}
            for code in flags
        ],
        "score": None,
        "stage": "checklist_done",
    }
