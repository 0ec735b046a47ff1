"""The benchmark harness runs end to end at a tiny scale and reports well-formed rows (never timings)."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import pg

REPO = Path(__file__).resolve().parents[2]
RUN = REPO / "benchmarks" / "run.py"
FIGURES = (
    "cold start to Welcome painted",
    "nurse board refreshed",
    "export a day as CSV",
    "export a day as JSON",
    "export a day as FHIR",
    "export peak memory",
    "a confirmed answer committed",
    "aftercare sheet PDF built",
    "a step: Next to the next screen painted, p50",
    "a step: Next to the next screen painted, p95",
    "memory (RSS) after",
    "consent reading page scrolled by finger, frame p95",
    "nurse board (20 rows) scrolled by finger, frame p95",
)
SERVER_FIGURES = (  # measured when PostgreSQL is installed (as in CI)
    "sync throughput, 2 kiosks",
    "confirm → on the server (station polls every 50 ms), p50",
    "confirm → on the server (station polls every 50 ms), p95",
    "a step with the sync running (vs without), p95",
    "server board, ServerReader.board",
    "server board, the station desk's StationService.board",
    "server intake detail, ServerReader.intake",
    "confirm → on the station's board (LISTEN, no polling), p50",
    "confirm → on the station's board (LISTEN, no polling), p95",
)


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(RUN), *args],
        cwd=REPO,
        env=env or {**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.mark.slow
def test_tiny_run_reports_every_figure(tmp_path: Path) -> None:
    """A tiny run makes its demo data with the CLI, measures every figure beside a floor, prints
    one table (figure, value, floor, ratio, target) and writes the JSON rows and the Markdown
    results with the machine's description."""
    rows_file, results = tmp_path / "rows.json", tmp_path / "RESULTS.md"
    done = _run(
        "--scale", "tiny", "--work", str(tmp_path / "work"),
        "--json", str(rows_file), "--write", str(results),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    payload = json.loads(rows_file.read_text("utf-8"))
    rows = payload["rows"]
    expected = FIGURES + (() if pg.missing_parts() else SERVER_FIGURES)
    for figure in expected:
        assert any(r["figure"].startswith(figure) for r in rows), figure
    for row in rows:
        assert set(row) >= {"figure", "value", "floor", "ratio", "unit", "target", "met"}
        assert math.isfinite(row["value"]) and row["value"] >= 0, row
        assert (row["met"] is None) == (row["target"] == ""), row
        if row["unit"] == "frames":  # frames dropped: the floor may drop none
            assert math.isfinite(row["floor"]) and row["floor"] >= 0, row
            continue
        assert math.isfinite(row["floor"]) and row["floor"] > 0, row
        assert row["ratio"] == pytest.approx(row["value"] / row["floor"])
    assert payload["facts"]["intakes in the database"] == 204  # 200 earlier + 4 today
    header = next(line for line in done.stdout.splitlines() if line.startswith("figure"))
    assert header.split() == ["figure", "value", "floor", "ratio", "target"]
    printed = [line for line in done.stdout.splitlines() if line.startswith(expected)]
    assert len(printed) >= len(expected)
    text = results.read_text("utf-8")
    for part in (
        "## Machine",
        "| CPU |",
        "| Python |",
        "| Qt / PySide6 |",
        "| Qt platform plugin | offscreen |",
        "## Figures",
    ):
        assert part in text, part
    assert text.count("\n| ") >= len(rows)


def test_xcb_without_a_display(tmp_path: Path) -> None:
    """--platform xcb with no DISPLAY stops at once with one line on stderr."""
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    done = _run("--quick", "--platform", "xcb", "--work", str(tmp_path), env=env)
    assert done.returncode == 2
    assert done.stderr.strip() == "run.py: error: --platform xcb needs a DISPLAY (start Xvfb first)"
