"""What every benchmark shares: result rows, statistics, the raw engine, child processes, the table."""

from __future__ import annotations

import contextlib
import json
import math
import os
import sqlite3
import statistics
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
FRAME_60HZ_MS = 1000 / 60


@dataclass(frozen=True)
class Row:
    """One figure beside its floor measured in the same run, and whether its target is met."""

    figure: str
    value: float
    floor: float
    unit: str
    target: str  # the goal in words ("ratio ≤ 1.5"), "" when the row only informs
    met: bool | None  # None: no target for this row
    note: str = ""

    @property
    def ratio(self) -> float:
        """value / floor (infinite when the floor measured nothing; not a number when neither
        did, as with frames dropped by neither)."""
        if self.floor > 0:
            return self.value / self.floor
        return math.inf if self.value else math.nan

    def as_dict(self) -> dict[str, Any]:
        """The row with its ratio, for JSON."""
        return {**asdict(self), "ratio": self.ratio}


def ratio_row(
    figure: str, value: float, floor: float, unit: str, limit: float | None, *, note: str = ""
) -> Row:
    """A row whose target is ``value / floor ≤ limit`` (no target when ``limit`` is None)."""
    if limit is None:
        return Row(figure, value, floor, unit, "", None, note)
    met = floor > 0 and value / floor <= limit
    return Row(figure, value, floor, unit, f"ratio ≤ {limit:g}", met, note)


def median(values: Sequence[float]) -> float:
    """The median (0 for no values)."""
    return statistics.median(values) if values else 0.0


def percentile(values: Sequence[float], share: float) -> float:
    """The ``share`` (0..1) percentile by the nearest-rank method."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


# --- the raw engine: the kiosk's own connection maker when there is one --------------------------


def raw_connection(path: Path) -> tuple[sqlite3.Connection, str]:
    """A raw DB-API connection to ``path`` with the engine and pragmas the kiosk uses, and its name.

    ``kiosk.storage.engine.connect`` with the kiosk's key (SQLCipher) when ``open_database``
    connects through it; otherwise the standard library's sqlite3 with the same pragmas as
    ``open_database``.
    """
    from kiosk.storage import db  # noqa: PLC0415

    engine = getattr(db, "engine", None)
    if engine is not None:
        key = database_key(path)
        return engine.connect(path, key), "SQLCipher" if key is not None else "SQLite"
    conn = sqlite3.connect(str(path), timeout=10)
    conn.isolation_level = None
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 10000")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    return conn, "SQLite"


def csv_floor_query(first: str, last: str) -> str:
    """The rows a CSV export shows, in one query: the intakes of the days ``first`` to ``last``
    (YYYY-MM-DD) with their answers, flags, scores, consent and discharge, by (day, id)."""
    return (
        "SELECT i.id, i.day, i.first_name, i.last_name, i.birth_date, i.verified, i.language,"
        " i.stage, i.created_at, i.completed_at,"
        " (SELECT group_concat(a.question_id || '=' || a.value, '; ') FROM answers a"
        " WHERE a.intake_id = i.id) AS answers,"
        " (SELECT group_concat(f.level || ':' || f.code, '; ') FROM flags f"
        " WHERE f.intake_id = i.id) AS flags,"
        " p.total, p.severity, g.total, g.severity, c.version, c.signed_at,"
        " d.driver_name, d.discharged_at, d.no_driving_until, d.nurse_name"
        " FROM intakes i LEFT JOIN scores p ON p.intake_id = i.id AND p.instrument = 'phq9'"
        " LEFT JOIN scores g ON g.intake_id = i.id AND g.instrument = 'gad7'"
        " LEFT JOIN consents c ON c.intake_id = i.id LEFT JOIN discharges d ON d.intake_id = i.id"
        f" WHERE i.day BETWEEN '{first}' AND '{last}' ORDER BY i.day, i.id;"
    )


def database_key(path: Path) -> Any:
    """The key the kiosk opens the database at ``path`` with, or None when it encrypts nothing."""
    from kiosk.storage import db  # noqa: PLC0415

    finder = getattr(db, "database_key", None)
    return finder(path) if finder is not None else None


def engine_versions() -> dict[str, str]:
    """SQLite's version in the standard library and SQLCipher's when the driver is there."""
    found = {"SQLite (sqlite3 module)": sqlite3.sqlite_version}
    try:
        from sqlcipher3 import dbapi2  # noqa: PLC0415

        conn = dbapi2.connect(":memory:")
        found["SQLCipher"] = str(conn.execute("PRAGMA cipher_version").fetchone()[0])
        found["SQLite (in SQLCipher)"] = dbapi2.sqlite_version
        conn.close()
    except ImportError:
        pass
    return found


# --- child processes ------------------------------------------------------------------------------


def child_env(platform: str) -> dict[str, str]:
    """The environment of a benchmark child: the repository importable, Qt on ``platform``."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = platform
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(REPO), str(HERE), env.get("PYTHONPATH", "")) if p
    )
    env.pop("QT_IM_MODULE", None)  # no on-screen keyboard in the measurements
    return env


def run_child(
    args: Sequence[str],
    platform: str,
    timeout: float = 1800,
    env: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Run ``python benchmarks/<args>`` (with ``env`` added to the environment) and return the
    JSON object of its last output line."""
    done = subprocess.run(
        [sys.executable, *args],
        cwd=REPO,
        env={**child_env(platform), **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        tail = "\n".join(done.stderr.strip().splitlines()[-15:])
        raise RuntimeError(f"{' '.join(args)} failed (exit {done.returncode}):\n{tail}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def emit(result: dict[str, Any]) -> None:
    """A child's result: one JSON line on stdout."""
    print(json.dumps(result), flush=True)


def trimmed_rss_mb() -> float:
    """Resident memory after the C allocator returned its free memory to the system (glibc's
    malloc_trim): what the process holds, without the allocator's high-water mark."""
    import ctypes  # noqa: PLC0415

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    return rss_mb()


def in_use_mb() -> float:
    """Memory the C allocator has handed out and not had back (glibc's mallinfo2: small
    blocks in use plus mapped large ones), in MB; 0 where there is no mallinfo2."""
    import ctypes  # noqa: PLC0415

    class _Info(ctypes.Structure):
        _fields_ = [
            (name, ctypes.c_size_t)
            for name in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks",
                         "uordblks", "fordblks", "keepcost")
        ]  # fmt: skip

    try:
        mallinfo2 = ctypes.CDLL("libc.so.6").mallinfo2
    except (OSError, AttributeError):
        return 0.0
    mallinfo2.restype = _Info
    info = mallinfo2()
    return (info.uordblks + info.hblkhd) / 1e6


def rss_mb() -> float:
    """This process's resident memory now, in MB (from /proc)."""
    with Path("/proc/self/statm").open(encoding="ascii") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


# --- the table --------------------------------------------------------------------------------------


def _number(value: float, unit: str) -> str:
    if math.isinf(value):
        return "∞"
    if unit == "frames":  # counted
        return f"{value:.0f} {unit}"
    text = (
        f"{value:.2f}"
        if abs(value) < 10
        else f"{value:.1f}"
        if abs(value) < 100
        else f"{value:.0f}"
    )
    return f"{text} {unit}".strip()


def table(rows: Sequence[Row], *, markdown: bool = False) -> str:
    """figure, value, floor, ratio, target (✓ met, ✗ missed) as plain text or a Markdown table."""
    head = ("figure", "value", "floor", "ratio", "target")
    body = [
        (
            row.figure,
            _number(row.value, row.unit),
            _number(row.floor, row.unit),
            "∞" if math.isinf(row.ratio) else "—" if math.isnan(row.ratio) else f"{row.ratio:.2f}",
            "" if row.met is None else f"{'✓' if row.met else '✗'} {row.target}",
        )
        for row in rows
    ]
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(cells) + " |" for cells in body]
        return "\n".join(lines)
    widths = [max(len(str(cells[i])) for cells in [head, *body]) for i in range(len(head))]
    out = ["  ".join(str(c).ljust(w) for c, w in zip(head, widths, strict=True)).rstrip()]
    out.append("  ".join("-" * w for w in widths))
    out += [
        "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip() for cells in body
    ]
    return "\n".join(out)
