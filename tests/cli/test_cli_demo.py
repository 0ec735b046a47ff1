"""The demo command: a reproducible day of intakes made through the real session and storage."""

from __future__ import annotations

import random
import re
from contextlib import closing
from datetime import datetime
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from kiosk.cli import main
from kiosk.context import open_context
from kiosk.demo import encode_png, signature_png
from kiosk.storage.db import database_path, open_database

DAY = "2026-11-20"


def _intakes(data_dir: Path) -> list[dict[str, object]]:
    context = open_context(data_dir)
    try:
        rows = list(context.db.query("SELECT * FROM intakes ORDER BY id"))
        for row in rows:
            row["consents"] = context.intakes.consents(int(row["id"]))
            row["answers"] = [
                (a["question_id"], a["value"]) for a in context.intakes.answers(int(row["id"]))
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
