"""Benchmarks without a window, each in a fresh process: an answer committed, the aftercare PDF.

    python benchmarks/store_child.py commit DATA_DIR DAY INTAKES
    python benchmarks/store_child.py aftercare DATA_DIR REPS

Each prints one JSON line; times in milliseconds.
"""

from __future__ import annotations

import sys
import time
from datetime import date, datetime
from datetime import time as clock_time
from io import BytesIO
from pathlib import Path
from typing import Any

from common import emit, raw_connection

from kiosk.core.clock import FakeClock
from kiosk.core.forms.model import Answer
from kiosk.core.session import IntakeSession, StepKind
from kiosk.documents.consent_pdf import render_consent
from kiosk.services.context import open_context
from kiosk.services.demo.day import random_identity
from kiosk.services.discharge import DischargeDesk
from tests.helpers.intake import rule_safe_answer

FLOOR_TABLE = (
    "CREATE TABLE IF NOT EXISTS floor (id INTEGER PRIMARY KEY, intake_id INTEGER NOT NULL,"
    " form_id TEXT NOT NULL, question_id TEXT NOT NULL, value TEXT NOT NULL,"
    " question_text TEXT NOT NULL, answer_text TEXT NOT NULL, answered_at TEXT NOT NULL) STRICT"
)


def _page(session: IntakeSession) -> None:
    draft: dict[str, Answer | None] = {}
    for _ in range(20):
        missing = [q for q in session.visible_questions(draft) if q.id not in draft]
        if not missing:
            break
        for question in missing:
            draft[question.id] = rule_safe_answer(session, question)
    problems = session.confirm_page(draft)
    if problems:
        raise RuntimeError(f"the page was refused: {problems}")


def commit(data_dir: Path, day: date, intakes: int) -> None:
    """PHQ-9 and GAD-7 answers committed by the real session, each beside a raw INSERT + COMMIT."""
    clock = FakeClock(datetime.combine(day, clock_time(12, 0)).astimezone())
    context = open_context(data_dir, clock=clock)
    floor_path = data_dir / "benchmark-floor.db"
    floor_path.unlink(missing_ok=True)
    raw, engine = raw_connection(floor_path)
    raw.execute(FLOOR_TABLE)
    import random  # noqa: PLC0415

    rng = random.Random(5)
    answered: list[float] = []
    floor: list[float] = []
    pages: list[float] = []
    for number in range(intakes):
        session = IntakeSession(context.forms, context.intakes, clock, render_consent)
        session.begin("es" if number % 2 else "en", "normal")
        who = random_identity(rng)
        session.identify(who.first_name, who.last_name, who.birth_date)
        while session.current.kind in (StepKind.PAGE, StepKind.ITEM):
            clock.advance(5)
            if session.current.kind is StepKind.PAGE:
                start = time.perf_counter()
                _page(session)
                pages.append((time.perf_counter() - start) * 1000)
                continue
            start = time.perf_counter()
            session.answer_item(0)
            answered.append((time.perf_counter() - start) * 1000)
            if session.calm_message_due:
                session.calm_message_seen()
            start = time.perf_counter()  # the floor, interleaved so both see the same load
            raw.execute("BEGIN")
            raw.execute(
                "INSERT INTO floor (intake_id, form_id, question_id, value, question_text,"
                " answer_text, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    number,
                    "phq9",
                    "item1",
                    "0",
                    "Little interest or pleasure in doing things",
                    "Not at all",
                    "2026-11-20T12:00:00+00:00",
                ],
            )
            raw.execute("COMMIT")
            floor.append((time.perf_counter() - start) * 1000)
    raw.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{floor_path}{suffix}").unlink(missing_ok=True)
    context.close()
    emit({"answer": answered, "floor": floor, "page": pages, "engine": engine})


def aftercare(data_dir: Path, reps: int) -> None:
    """The aftercare sheet of a discharged patient built (compose and PDF); a one-paragraph PDF."""
    from reportlab.lib.pagesizes import letter  # noqa: PLC0415
    from reportlab.lib.styles import getSampleStyleSheet  # noqa: PLC0415
    from reportlab.platypus import Paragraph, SimpleDocTemplate  # noqa: PLC0415

    context = open_context(data_dir)
    row = next(
        iter(context.db.query("SELECT intake_id FROM discharges ORDER BY intake_id DESC LIMIT 1"))
    )
    desk = DischargeDesk(context)
    style = getSampleStyleSheet()["Normal"]

    def one_paragraph() -> bytes:
        out = BytesIO()
        SimpleDocTemplate(out, pagesize=letter).build(
            [Paragraph("Do not drive until tomorrow at 4:30 PM.", style)]
        )
        return out.getvalue()

    def timed(build: Any) -> float:
        start = time.perf_counter()
        build()
        return (time.perf_counter() - start) * 1000

    first_sheet = timed(lambda: desk.sheet(int(row["intake_id"])))
    first_floor = timed(one_paragraph)
    sheet: list[float] = []
    floor: list[float] = []
    for _ in range(reps):
        sheet.append(timed(lambda: desk.sheet(int(row["intake_id"]))))
        floor.append(timed(one_paragraph))
    size = len(desk.sheet(int(row["intake_id"]))[1])
    context.close()
    emit(
        {
            "sheet": sheet,
            "floor": floor,
            "first_sheet": first_sheet,
            "first_floor": first_floor,
            "bytes": size,
        }
    )


def main(argv: list[str]) -> None:
    """Dispatch on the first argument."""
    if argv[0] == "commit":
        commit(Path(argv[1]), date.fromisoformat(argv[2]), int(argv[3]))
    elif argv[0] == "aftercare":
        aftercare(Path(argv[1]), int(argv[2]))
    else:
        raise SystemExit(f"unknown mode {argv[0]!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
