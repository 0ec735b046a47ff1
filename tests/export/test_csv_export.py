"""The CSV export: stable columns, every field as stored, exact text, inert in a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from kiosk.export import COLUMNS, write_csv
from kiosk.export.csv_export import _CELLS, inert
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
    add_tricky_intakes,
)
from tests.helpers.rows import Rows

RISKY_STARTS = ("=", "+", "-", "@", "\t", "\r")
FIRST_COLUMNS = (
    "intake_id", "day", "first_name", "last_name", "birth_date", "verified", "language", "stage",
    "arrived_at", "completed_at", "hours_since_food", "hours_since_clear_liquids",
    "benzodiazepine_today", "substances_recent", "pregnancy", "phq9_total", "phq9_severity",
    "phq9_item9", "gad7_total", "gad7_severity", "flags", "open_alerts", "has_ride",
    "driver_name", "driver_phone", "driver_relationship", "consent_version", "consent_signed_at",
    "discharged_at", "no_driving_until", "discharged_by", "consent_signature_method",
)  # fmt: skip
"""The columns before the infusion's: they keep their names and places."""
WATCH_COLUMNS = (
    "infusion_started_at", "infusion_ended_at", "infusion_minutes", "side_effects",
    "readiness_score", "readiness_max", "readiness_passed", "discharge_override_reason",
)  # fmt: skip


def export_csv(db: Database, first: date, last: date | None = None) -> tuple[int, list[list[str]]]:
    """The count write_csv returned and the file parsed back with the csv module."""
    out = io.StringIO(newline="")
    count = write_csv(iter_intakes(db, first, last or first), out)
    return count, list(csv.reader(io.StringIO(out.getvalue(), newline="")))


def _cell(value: Any) -> str:
    """What the CSV should hold for a stored value, worked out without kiosk.export."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(value)
    if isinstance(value, str):
        return "'" + value if value.startswith(RISKY_STARTS) else value
    return str(value)


def _expected(context: KioskContext, row: dict[str, Any]) -> dict[str, str]:
    """The CSV row of one intake, read from the database through the repositories."""
    intake_id = int(row["id"])
    repo = station = Rows(context.db)
    answers = {
        (a["form_id"], a["question_id"]): json.loads(a["value"])
        for a in Rows(repo.db).answers(intake_id)
    }
    scores = Rows(repo.db).scores(intake_id)
    flags = Rows(repo.db).flags(intake_id)
    consents = Rows(repo.db).consents(intake_id)
    discharge = station.discharge(intake_id) or {}
    infusion = context.db.execute(
        "SELECT started_at, ended_at FROM infusions WHERE intake_id = ?", [intake_id]
    ).fetchone()
    check = context.db.execute(
        "SELECT score, max_score, passed FROM readiness_checks WHERE intake_id = ?"
        " ORDER BY id DESC LIMIT 1",
        [intake_id],
    ).fetchone()
    effects = context.db.execute(
        "SELECT kind, other_text, severity, seen_at FROM side_effects WHERE intake_id = ?"
        " ORDER BY seen_at, id",
        [intake_id],
    ).fetchall()
    minutes = ""
    if infusion and infusion[1]:
        started, ended = (datetime.fromisoformat(t) for t in infusion)
        minutes = str(int((ended - started).total_seconds()) // 60)

    def answer(form: str, question: str) -> str:
        return _cell(answers.get((form, question)))

    def score(instrument: str, part: str) -> str:
        return _cell(scores[instrument][part]) if instrument in scores else ""

    return {
        "intake_id": str(intake_id),
        "day": row["day"],
        "first_name": _cell(row["first_name"]),
        "last_name": _cell(row["last_name"]),
        "birth_date": row["birth_date"],
        "verified": str(row["verified"]),
        "language": row["language"],
        "stage": row["stage"],
        "arrived_at": row["created_at"],
        "completed_at": _cell(row["completed_at"]),
        "hours_since_food": answer("checklist", "hours_since_food"),
        "hours_since_clear_liquids": answer("checklist", "hours_since_clear_liquids"),
        "benzodiazepine_today": answer("checklist", "benzodiazepine_today"),
        "substances_recent": answer("checklist", "substances_recent"),
        "pregnancy": answer("checklist", "pregnancy"),
        "phq9_total": score("phq9", "total"),
        "phq9_severity": score("phq9", "severity"),
        "phq9_item9": answer("phq9", "phq9_9"),
        "gad7_total": score("gad7", "total"),
        "gad7_severity": score("gad7", "severity"),
        "flags": "; ".join(f"{f['level']}:{f['code']}" for f in flags),
        "open_alerts": str(sum(1 for f in flags if f["alert"] and f["acknowledged_at"] is None)),
        "has_ride": answer("ride", "has_ride"),
        "driver_name": answer("ride", "driver_name"),
        "driver_phone": answer("ride", "driver_phone"),
        "driver_relationship": answer("ride", "driver_relationship"),
        "consent_version": _cell(consents[-1]["version"]) if consents else "",
        "consent_signed_at": _cell(consents[-1]["signed_at"]) if consents else "",
        "discharged_at": _cell(discharge.get("discharged_at")),
        "no_driving_until": _cell(discharge.get("no_driving_until")),
        "discharged_by": _cell(discharge.get("nurse_name")),
        "consent_signature_method": _cell(consents[-1]["signature_method"]) if consents else "",
        "infusion_started_at": infusion[0] if infusion else "",
        "infusion_ended_at": _cell(infusion[1]) if infusion else "",
        "infusion_minutes": minutes,
        "side_effects": "; ".join(
            f"{kind}({other}):{severity}@{seen}" if other else f"{kind}:{severity}@{seen}"
            for kind, other, severity, seen in effects
        ),
        "readiness_score": str(check[0]) if check else "",
        "readiness_max": str(check[1]) if check else "",
        "readiness_passed": str(check[2]) if check else "",
        "discharge_override_reason": _cell(discharge.get("override_reason")),
    }


def test_the_columns_are_the_documented_ones() -> None:
    """COLUMNS is the stable header: every column has a cell, none is missing, none repeats."""
    assert COLUMNS[:3] == ("intake_id", "day", "first_name")
    assert COLUMNS[: len(FIRST_COLUMNS)] == FIRST_COLUMNS  # new columns go at the end
    assert COLUMNS[len(FIRST_COLUMNS) :] == WATCH_COLUMNS
    assert len(set(COLUMNS)) == len(COLUMNS)
    assert set(_CELLS) == set(COLUMNS)


def test_a_demo_day_matches_the_database_field_by_field(clinic: KioskContext) -> None:
    """Every intake of a demo day comes out once, in id order, each cell as the database has it."""
    count, rows = export_csv(clinic.db, DAY)
    intakes = list(
        clinic.db.query("SELECT * FROM intakes WHERE day = ? ORDER BY id", [DAY.isoformat()])
    )
    assert rows[0] == list(COLUMNS)
    assert count == len(intakes) == len(rows) - 1 == 20
    for row, intake in zip(rows[1:], intakes, strict=True):
        assert dict(zip(COLUMNS, row, strict=True)) == _expected(clinic, intake)
    by_column = {
        column: [dict(zip(COLUMNS, r, strict=True))[column] for r in rows[1:]] for column in COLUMNS
    }
    # The demo day covers what the columns are for.
    assert "0" in by_column["verified"] and "1" in by_column["verified"]
    assert "" in by_column["consent_version"] and "1" in by_column["consent_version"]
    assert any("red:" in flags for flags in by_column["flags"])
    assert any("red:phq9_alert" in flags for flags in by_column["flags"])
    assert "1" in by_column["open_alerts"] and "not_yet" in by_column["has_ride"]
    assert NURSE in by_column["discharged_by"]
    assert "1" in by_column["readiness_passed"] and "" in by_column["readiness_passed"]
    assert any(by_column["infusion_minutes"])


def test_a_range_spans_days_in_day_order(clinic: KioskContext) -> None:
    """--date to --to: both days, the first day's intakes before the next day's."""
    count, rows = export_csv(clinic.db, DAY, NEXT_DAY)
    days = [row[1] for row in rows[1:]]
    assert count == 25
    assert days == [DAY.isoformat()] * 20 + [NEXT_DAY.isoformat()] * 5
    _, only_next = export_csv(clinic.db, NEXT_DAY)
    assert rows[21:] == only_next[1:]


def test_an_empty_day_gives_only_the_header(clinic: KioskContext) -> None:
    """A day without intakes: the header line and nothing else, count 0."""
    out = io.StringIO(newline="")
    assert write_csv(iter_intakes(clinic.db, date(2026, 1, 1), date(2026, 1, 1)), out) == 0
    assert out.getvalue() == ",".join(COLUMNS) + "\r\n"


def test_tricky_text_round_trips_and_formulas_are_inert(
    db: Database, repo: IntakeRepository
) -> None:
    """Commas, quotes, newlines, emoji and non-Latin letters come back exactly; risky starts get an apostrophe."""
    add_tricky_intakes(repo)
    count, rows = export_csv(db, DAY)
    assert count == len(TRICKY_NAMES)
    cells = [dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]]
    for (first, last), cell in zip(TRICKY_NAMES, cells, strict=True):
        assert cell["first_name"] == (f"'{first}" if first[0] in "=+-@\t\r" else first)
        assert cell["last_name"] == (f"'{last}" if last[0] in "=+-@\t\r" else last)
        assert cell["driver_name"] == "'" + TRICKY_DRIVER[0]
        assert cell["driver_phone"] == "'+1 555"
        assert cell["hours_since_food"] == "0.5"  # a number stays a number
    assert cells[0]["first_name"] == '\'=HYPERLINK("x")'
    assert cells[1]["first_name"] == 'Zoë "Zo", Jr.' and cells[1]["last_name"] == "O'Brien,\nWalker"
    assert cells[2]["first_name"] == "张伟" and cells[3]["first_name"] == "Саша 🙂"
    assert cells[6]["last_name"] == "Smith\r\nJones"
    assert TRICKY_DETAIL not in rows[1]  # free-text notes are in the JSON export only


def test_no_cell_of_a_tricky_export_starts_a_formula(db: Database, repo: IntakeRepository) -> None:
    """Whatever the column, no text cell in the file starts with = + - @ tab or carriage return."""
    add_tricky_intakes(repo)
    _, rows = export_csv(db, DAY)
    for row in rows:
        for value in row:
            assert not value.startswith(RISKY_STARTS), value


def test_inert_leaves_numbers_alone_and_guards_text() -> None:
    """Numbers (negative ones too) are written as numbers; the same text gets an apostrophe."""
    assert inert(-3) == -3
    assert inert(0.5) == 0.5
    assert inert(True) == 1
    assert inert(None) == ""
    assert inert("-3") == "'-3"
    assert inert("@SUM(A1)") == "'@SUM(A1)"
    assert inert("a=b") == "a=b"
    assert inert("O'Brien") == "O'Brien"
