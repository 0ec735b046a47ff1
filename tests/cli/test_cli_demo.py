"""The demo command: a reproducible day of intakes made through the real session and storage."""

from __future__ import annotations

import json
import random
import re
from contextlib import closing
from datetime import datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from kiosk.cli import main
from kiosk.core.rules import evaluate
from kiosk.core.scoring import score
from kiosk.core.session import IntakeSession
from kiosk.documents.consent_pdf import render_consent
from kiosk.services.context import open_context
from kiosk.services.demo.day import encode_png, signature_png
from kiosk.storage.db import database_path, open_database
from tests.helpers.rows import Rows

DAY = "2026-11-20"


def _intakes(data_dir: Path) -> list[dict[str, object]]:
    context = open_context(data_dir)
    try:
        rows = list(context.db.query("SELECT * FROM intakes ORDER BY id"))
        for row in rows:
            row["consents"] = Rows(context.db).consents(int(row["id"]))
            row["answers"] = [
                (a["question_id"], a["value"]) for a in Rows(context.db).answers(int(row["id"]))
            ]
        return rows
    finally:
        context.close()


def _demo(data_dir: Path, *extra: str) -> int:
    return main(["--data-dir", str(data_dir), "demo", "--intakes", "12", "--date", DAY, *extra])


def test_demo_day(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """12 intakes on the day, some unverified, complete ones with a PDF consent copy."""
    assert _demo(data_dir, "--seed", "3") == 0
    assert "12 intakes" in capsys.readouterr().out
    rows = _intakes(data_dir)
    assert len(rows) == 12
    assert {r["day"] for r in rows} == {DAY}
    assert any(not r["verified"] for r in rows)
    assert any(r["verified"] for r in rows)
    signed = [r for r in rows if r["consents"]]
    assert signed
    for row in signed:
        consent = row["consents"][0]  # type: ignore[index]
        assert consent["pdf"].startswith(b"%PDF")
        assert consent["signature_png"].startswith(b"\x89PNG")
        assert row["completed_at"] is not None
    assert any(r["completed_at"] is None for r in rows)  # someone walked away
    with closing(open_database(database_path(data_dir))) as db:
        totals = {
            r["total"] for r in db.query("SELECT total FROM scores WHERE instrument = 'phq9'")
        }
    assert len(totals) > 3  # a spread of PHQ-9 totals
    assert all(r["created_at"].startswith(DAY) for r in rows)  # type: ignore[attr-defined]


def test_demo_in_clinic_time_zone(
    data_dir: Path, forms_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Arrivals fall in the clinic day (08:00-17:00) of the time zone set in settings.toml."""
    settings = forms_copy / "settings.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        re.sub(r'(?m)^time_zone = ".*"$', 'time_zone = "America/Chicago"', text), encoding="utf-8"
    )
    argv = ["--data-dir", str(data_dir), "--forms-dir", str(forms_copy), "demo", "--intakes", "8"]
    assert main([*argv, "--date", DAY, "--seed", "5"]) == 0
    chicago = ZoneInfo("America/Chicago")
    with closing(open_database(database_path(data_dir))) as db:
        rows = list(db.query("SELECT day, created_at FROM intakes"))
    assert len(rows) == 8
    for row in rows:
        local = datetime.fromisoformat(row["created_at"]).astimezone(chicago)
        assert row["day"] == DAY == local.date().isoformat()
        assert 8 <= local.hour < 17


def test_demo_is_reproducible(tmp_path: Path, data_dir: Path) -> None:
    """The same seed, day and count give the same people and answers in another folder."""
    other = tmp_path / "other"
    assert _demo(data_dir, "--seed", "3") == 0
    assert _demo(other, "--seed", "3") == 0
    first, second = _intakes(data_dir), _intakes(other)

    def people(rows: list[dict[str, object]]) -> list[tuple[object, ...]]:
        keys = ("first_name", "last_name", "birth_date", "language", "verified", "created_at")
        return [(*(r[k] for k in keys), r["answers"]) for r in rows]

    assert people(first) == people(second)
    assert _demo(tmp_path / "third", "--seed", "4") == 0
    assert people(_intakes(tmp_path / "third")) != people(first)


def test_demo_twice_in_one_folder(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The same demo again in the same folder refuses in one line and adds nothing."""
    assert _demo(data_dir, "--seed", "3") == 0
    capsys.readouterr()
    assert _demo(data_dir, "--seed", "3") == 2
    err = capsys.readouterr().err
    assert "already checked in" in err
    assert "Traceback" not in err
    assert len(_intakes(data_dir)) == 12


def test_demo_at_a_moment(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--at lays the day out as it stands then, and says where everyone is on the board: some
    waiting, in the chair (one with vitals overdue), in observation, ready and gone home."""
    assert _demo(data_dir, "--seed", "3", "--at", "14:00") == 0
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if line.startswith("demo: the board at 14:00:"))
    found = {what: int(n) for n, what in re.findall(r"(\d+) ([a-z ]+?)(?:,|$)", line[26:])}
    assert set(found) == {
        "waiting", "in the chair", "vitals overdue", "in observation", "ready", "gone home"
    }  # fmt: skip
    assert all(n >= 1 for n in found.values()), line
    assert found["vitals overdue"] == 1


def test_demo_of_a_day_gone_by_ran_its_course(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --at, a day gone by is complete: every complete intake went home."""
    assert _demo(data_dir, "--seed", "3") == 0
    out = capsys.readouterr().out
    rows = _intakes(data_dir)
    complete = sum(1 for r in rows if r["completed_at"])
    assert f"demo: the board now: {12 - complete} waiting, 0 in the chair" in out
    assert f"{complete} gone home" in out
    assert all(r["stage"] == "discharged" for r in rows if r["completed_at"])


def test_demo_bad_at(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A malformed --at, or one before the clinic has anyone in it, is refused (exit 2) before
    anything is opened."""
    assert _demo(data_dir, "--at", "2pm") == 2
    assert "HH:MM" in capsys.readouterr().err
    assert _demo(data_dir, "--at", "07:00") == 2
    assert "--at must be 08:30 or later" in capsys.readouterr().err
    assert not data_dir.exists()


def test_demo_bad_date(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A malformed --date is a usage error (exit 2) before anything is opened."""
    assert main(["--data-dir", str(data_dir), "demo", "--intakes", "3", "--date", "20/11"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
    assert not data_dir.exists()


def test_signature_png_is_a_real_png() -> None:
    """The synthetic signature decodes as a grayscale PNG with ink on a white ground."""
    png = signature_png(random.Random(1))
    image = Image.open(BytesIO(png))
    assert image.mode == "L"
    assert image.size == (360, 120)
    colours = {value for _, value in image.getcolors() or []}
    assert colours == {0, 255}
    assert signature_png(random.Random(1)) == png


def test_encode_png_pixels() -> None:
    """encode_png keeps every pixel where it was put."""
    gray = bytes(range(0, 240, 10)) * 2
    image = Image.open(BytesIO(encode_png(6, 8, gray)))
    assert image.tobytes() == gray


# --- earlier intakes: --history -----------------------------------------------------------------


def _question_texts(forms: Any, language: str) -> dict[tuple[str, str], tuple[str, Any]]:
    """(form, question) -> (the text shown in ``language``, the question or instrument)."""
    names = forms.settings.placeholders()
    texts: dict[tuple[str, str], tuple[str, Any]] = {}
    for form in (forms.checklist, forms.ride):
        for page in form.pages:
            for question in page.questions:
                texts[form.id, question.id] = (question.text.format(language, **names), question)
    for instrument in (forms.phq9, forms.gad7):
        for item in instrument.items:
            texts[instrument.id, item.id] = (item.text.get(language), instrument)
    return texts


def test_demo_history(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--history writes earlier intakes, 200 a weekday before the day, holding the values the real
    session and the nurse's discharge store: each answer's question and answer as shown, scores
    and flags as core computes them, the steps of the way through; like a session-made intake."""
    assert _demo(data_dir, "--seed", "3", "--history", "450") == 0
    out = capsys.readouterr().out
    assert "450 earlier intakes on 3 clinic days, 2026-11-17 to 2026-11-19" in out
    context = open_context(data_dir)
    try:
        forms = context.forms
        days = {
            r["day"]: r["n"]
            for r in context.db.query("SELECT day, count(*) AS n FROM intakes GROUP BY day")
        }
        assert days == {"2026-11-17": 200, "2026-11-18": 200, "2026-11-19": 50, DAY: 12}
        earlier = list(context.db.query("SELECT * FROM intakes WHERE day < ? ORDER BY id", [DAY]))
        today_rows = list(context.db.query("SELECT * FROM intakes WHERE day = ?", [DAY]))
        assert max(r["id"] for r in earlier) < min(r["id"] for r in today_rows)  # oldest first
        people = {(r["name_key"], r["birth_date"]) for r in earlier}
        assert len(people) < len(earlier)  # patients come back for their series
        session = IntakeSession(forms, context.intakes, context.clock, render_consent)
        store = context.intakes
        for row in earlier:
            intake_id = int(row["id"])
            assert row["created_at"].startswith(row["day"])
            assert {r["day"] for r in earlier if r["name_key"] == row["name_key"]
                    and r["birth_date"] == row["birth_date"]}  # fmt: skip
            session.language = row["language"]
            texts = _question_texts(forms, row["language"])
            answers: dict[str, dict[str, Any]] = {}
            for answer in Rows(store.db).answers(intake_id):
                assert answer["answered_at"].startswith(row["day"])
                shown, source = texts[answer["form_id"], answer["question_id"]]
                assert answer["question_text"] == shown
                value = json.loads(answer["value"])
                answers.setdefault(answer["form_id"], {})[answer["question_id"]] = value
                if answer["form_id"] in (forms.phq9.id, forms.gad7.id):
                    assert answer["answer_text"] == dict(source.options)[value].get(row["language"])
                else:
                    assert answer["answer_text"] == session.answer_text(source, value)
            scores = Rows(store.db).scores(intake_id)
            for instrument in (forms.phq9, forms.gad7):
                if instrument.id in answers:
                    expected = score(instrument, answers[instrument.id])
                    if expected is not None:
                        assert scores[instrument.id]["total"] == expected.total
            flags = {f["code"] for f in Rows(store.db).flags(intake_id)}
            for form in (forms.checklist, forms.ride):
                computed = {
                    f.code for f in evaluate(form, answers.get(form.id, {}), forms.settings)
                }
                assert computed <= flags
            assert Rows(store.db).steps(intake_id)
            consents = Rows(store.db).consents(intake_id)
            if row["completed_at"] is not None:
                assert consents[0]["pdf"].startswith(b"%PDF")
                assert consents[0]["printed_name"] == f"{row['first_name']} {row['last_name']}"
                assert row["stage"] == "discharged"
                discharge = next(
                    iter(
                        context.db.query(
                            "SELECT * FROM discharges WHERE intake_id = ?", [intake_id]
                        )
                    )
                )
                at = datetime.fromisoformat(discharge["discharged_at"])
                until = datetime.fromisoformat(discharge["no_driving_until"])
                assert until - at == timedelta(hours=forms.settings.aftercare.no_driving_hours)
            if row["verified"]:
                booked = list(context.db.query(
                    "SELECT day, name_key, birth_date FROM appointments WHERE id = ?",
                    [row["appointment_id"]],
                ))  # fmt: skip
                assert booked == [{k: row[k] for k in ("day", "name_key", "birth_date")}]
        # The same tables and columns hold values for an earlier intake as for one made today.
        made_today = next(r for r in today_rows if r["completed_at"] is not None)
        copied = next(r for r in earlier if r["completed_at"] is not None)

        def shape(row: dict[str, Any]) -> tuple[object, ...]:
            intake_id = int(row["id"])
            filled = tuple(sorted(k for k, v in row.items() if v is not None))
            tables = tuple(
                name
                for name in ("answers", "steps", "scores", "consents")
                if list(
                    context.db.query(f"SELECT 1 AS x FROM {name} WHERE intake_id = ?", [intake_id])
                )
            )
            return filled, tables

        assert shape(made_today) == shape(copied)
    finally:
        context.close()


def test_demo_history_needs_an_empty_folder(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--history on a folder that already holds intakes refuses in one line and adds nothing."""
    assert _demo(data_dir, "--seed", "3") == 0
    capsys.readouterr()
    assert _demo(data_dir, "--seed", "4", "--history", "10") == 2
    err = capsys.readouterr().err
    assert "--history needs a data folder without intakes" in err
    assert "Traceback" not in err
    assert len(_intakes(data_dir)) == 12
