"""Measure the kiosk's figures on demo data, each beside a floor measured in the same run.

    python benchmarks/run.py            # the full run (several minutes); writes benchmarks/RESULTS.md
    python benchmarks/run.py --quick    # the same code paths at a smaller scale, under a minute

Prints one table: figure, value, floor, ratio, target. Targets are goals, reported as met or
missed; nothing here fails because a figure is slow.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from common import (
    FRAME_60HZ_MS,
    HERE,
    REPO,
    Row,
    child_env,
    csv_floor_query,
    database_key,
    engine_versions,
    median,
    percentile,
    ratio_row,
    raw_connection,
    run_child,
    table,
)


@dataclass(frozen=True)
class Scale:
    """How much of everything one run does."""

    name: str
    history: int  # earlier intakes, 200 a clinic day
    today: int  # intakes of the day itself, made through the real session
    cold_reps: int
    step_intakes: int  # whole intakes through the window (the first one warms up)
    board_reps: int
    commit_intakes: int
    pdf_reps: int
    export_reps: int  # for a day; a year is exported once
    sessions: int  # patient sessions through the window for the memory figure
    # the clinic server (skipped when PostgreSQL is not installed):
    sync_kiosks: int  # kiosks pushing at once, each with a copy of the day's intakes
    latency_steps: int  # steps confirmed with the sync running, commit to the server
    latency_pace: float  # mean seconds between them (jittered 0.5-1.5x)
    sync_step_pairs: int  # window runs (step_intakes intakes each) without, then with, the sync
    server_board_kiosks: int  # kiosks the server's earlier intakes (history of them) came from
    server_board_reps: int  # server board reads (and intake reads) timed
    listen_steps: int  # steps confirmed while a station desk follows the board through LISTEN
    listen_pace: float  # mean seconds between them (jittered 0.5-1.5x)


SCALES = {
    "full": Scale("full", 50_000, 200, 7, 6, 20, 8, 30, 3, 1000, 10, 120, 1.0, 2, 4, 200, 200, 1.0),
    "quick": Scale("quick", 2_000, 30, 2, 2, 5, 2, 10, 1, 60, 10, 40, 0.3, 2, 3, 30, 20, 0.3),
    "tiny": Scale("tiny", 200, 4, 1, 1, 2, 1, 2, 1, 3, 2, 6, 0.1, 1, 2, 5, 6, 0.1),  # the tests
}
# the frames figure: the board's rows (a clinic day) and how long each scroll is driven (s)
FRAME_ROWS = {"full": 200, "quick": 200, "tiny": 20}
FRAME_SECONDS = {"full": 2.0, "quick": 2.0, "tiny": 0.5}
STATION_POLL = 0.05  # seconds between the station's looks at the server
FORMATS = {"csv": "csv", "json": "json", "fhir": "fhir.json"}
SQLITE3 = shutil.which("sqlite3") or "sqlite3"


def main(argv: list[str] | None = None) -> int:
    """Run every benchmark, print the table, write the results when asked (always in a full run)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller counts, under a minute")
    parser.add_argument("--scale", choices=sorted(SCALES), help=argparse.SUPPRESS)
    parser.add_argument("--platform", default="offscreen", help="Qt platform (offscreen, xcb)")
    parser.add_argument(
        "--write",
        nargs="?",
        const=str(HERE / "RESULTS.md"),
        metavar="FILE",
        help="write the results as Markdown (default benchmarks/RESULTS.md; always in a full run)",
    )
    parser.add_argument("--json", metavar="FILE", help="also write the rows as JSON")
    parser.add_argument("--work", metavar="DIR", help="keep the demo data here (reused next time)")
    parser.add_argument(
        "--only",
        metavar="FIGURES",
        help="only these figures, comma-separated: cold_start, board, exports, commit, aftercare,"
        " steps, memory, frames, sync_throughput, sync_latency, sync_steps, server_board, board_listen;"
        " nothing is written unless --write names a file",
    )
    args = parser.parse_args(argv)
    scale = SCALES[args.scale or ("quick" if args.quick else "full")]
    if args.platform == "xcb" and not os.environ.get("DISPLAY"):
        print("run.py: error: --platform xcb needs a DISPLAY (start Xvfb first)", file=sys.stderr)
        return 2
    write = args.write or (
        str(HERE / "RESULTS.md") if scale.name == "full" and not args.only else None
    )
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="kiosk-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    # The database key lives beside the data, never in the user's own key file.
    if not os.environ.get("KIOSK_DB_KEY"):
        os.environ.setdefault("KIOSK_KEY_FILE", str(work / "keys" / "kiosk.key"))
    began = time.monotonic()
    load_before = os.getloadavg()
    bench = Bench(scale, args.platform, work, only=args.only.split(",") if args.only else None)
    rows = bench.run()
    spent = time.monotonic() - began
    print()
    print(table(rows))
    print(f"\n{scale.name} run, {spent:.0f} s, Qt platform {args.platform}; data in {work}")
    if args.json:
        payload = {"scale": scale.name, "rows": [r.as_dict() for r in rows], "facts": bench.facts}
        Path(args.json).write_text(json.dumps(payload, indent=2), encoding="utf-8")
    if write:
        machine = describe_machine(args.platform, load_before, os.getloadavg())
        Path(write).write_text(results_markdown(rows, scale, machine, bench.facts, spent), "utf-8")
        print(f"results written to {write}")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


class Bench:
    """One run: the demo data, then every figure in turn."""

    def __init__(
        self, scale: Scale, qt_platform: str, work: Path, only: list[str] | None = None
    ) -> None:
        self.scale = scale
        self.only = only  # the figures to run alone (None: every figure)
        self.platform = qt_platform
        self.work = work
        self.day = date.today()
        self.year = work / "year"  # the day plus the earlier intakes
        self.one_day = work / "day"  # the day alone
        self.sessions = work / "sessions"  # written to by the window benchmarks
        self.facts: dict[str, Any] = {}

    def say(self, text: str) -> None:
        """Progress on stderr."""
        print(f"[bench] {text}", file=sys.stderr, flush=True)

    def run(self) -> list[Row]:
        """Every figure, in an order where the writing ones come after the reading ones."""
        self.make_data()
        local = (
            self.cold_start, self.board, self.exports, self.commit, self.aftercare, self.steps,
            self.memory, self.frames,
        )  # fmt: skip
        rows: list[Row] = []
        for figure in local:
            if not self.only or figure.__name__ in self.only:
                rows += figure()
        if not self.only or set(self.only) - {f.__name__ for f in local}:
            rows += self.clinic_server()
        return rows

    # --- data ------------------------------------------------------------------------------------

    def kiosk(self, *args: str, stdout: Any = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
        """``python -m kiosk ARGS`` in the benchmark's environment."""
        return subprocess.run(
            [sys.executable, "-m", "kiosk", *args],
            cwd=REPO,
            env=child_env(self.platform),
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            check=True,
        )

    def make_data(self) -> None:
        """The demo data folders, made by ``python -m kiosk demo`` (kept when --work is reused)."""
        marker = self.work / "scale.json"
        wanted = {"scale": self.scale.name, "day": self.day.isoformat()}
        if marker.exists() and json.loads(marker.read_text("utf-8")) == wanted:
            self.say("reusing the demo data")
        else:
            for folder in (self.year, self.one_day, self.sessions):
                shutil.rmtree(folder, ignore_errors=True)
            (self.work / "plaintext.db").unlink(missing_ok=True)
            day = self.day.isoformat()
            self.say(
                f"demo data: {self.scale.history} earlier intakes and {self.scale.today} today"
            )
            started = time.monotonic()
            self.kiosk(
                "--data-dir",
                str(self.year),
                "demo",
                "--intakes",
                str(self.scale.today),
                "--history",
                str(self.scale.history),
                "--date",
                day,
                "--seed",
                "1",
            )
            self.facts["demo data made in (s)"] = round(time.monotonic() - started, 1)
            self.kiosk(
                "--data-dir",
                str(self.one_day),
                "demo",
                "--intakes",
                str(self.scale.today),
                "--date",
                day,
                "--seed",
                "2",
            )
            self.kiosk(
                "--data-dir",
                str(self.sessions),
                "demo",
                "--intakes",
                "3",
                "--date",
                day,
                "--seed",
                "3",
            )
            marker.write_text(json.dumps(wanted), "utf-8")
        from kiosk.storage.db import database_path, open_database  # noqa: PLC0415

        database = open_database(database_path(self.year), check=None)
        try:
            days = [
                r["day"]
                for r in database.query(
                    "SELECT day, count(*) AS n FROM intakes WHERE day < ? GROUP BY day ORDER BY day",
                    [self.day.isoformat()],
                )
            ]
            total = next(iter(database.query("SELECT count(*) AS n FROM intakes")))["n"]
        finally:
            database.close()
        self.first_day, self.last_day = date.fromisoformat(days[0]), date.fromisoformat(days[-1])
        size = sum(p.stat().st_size for p in self.year.glob("kiosk.db*"))
        self.facts["intakes in the database"] = total
        self.facts["earlier clinic days"] = len(days)
        self.facts["database size (MB)"] = round(size / 1e6, 1)
        key = database_key(database_path(self.year))
        with database_path(self.year).open("rb") as head:
            self.encrypted = key is not None and head.read(16) != b"SQLite format 3\x00"
        self.key = key
        self.facts["encrypted"] = self.encrypted

    # --- cold start ------------------------------------------------------------------------------

    def _cold(self, kind: str, folder: Path) -> float:
        # Bytecode cached as on an installed kiosk (its first start writes it), even when this
        # shell says PYTHONDONTWRITEBYTECODE: else every start compiles the kiosk's own ~170
        # modules again, which the floor (PySide6 alone, compiled in site-packages) never does.
        cache = {"PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": str(self.work / "pycache")}
        start = time.monotonic()
        result = run_child(
            ["benchmarks/qt_child.py", "cold", kind, str(folder)], self.platform, env=cache
        )
        return (float(result["painted"]) - start) * 1000

    def cold_start(self) -> list[Row]:
        """Spawn to the Welcome screen painted, against a bare window with one label."""
        self.say("cold start")
        bare: list[float] = []
        day: list[float] = []
        year: list[float] = []
        self._cold("bare", self.one_day)  # warm-up, not counted: the bytecode cache written
        self._cold("kiosk", self.one_day)
        for _ in range(self.scale.cold_reps):  # interleaved, so load changes hit all three
            bare.append(self._cold("bare", self.one_day))
            day.append(self._cold("kiosk", self.one_day))
            year.append(self._cold("kiosk", self.year))
        floor = median(bare)
        return [
            ratio_row("cold start to Welcome painted (one demo day)", median(day), floor, "ms", 2),
            ratio_row(
                f"cold start to Welcome painted ({self.facts['intakes in the database']:,} intakes)",
                median(year),
                floor,
                "ms",
                2,
            ),
        ]

    # --- the nurse board -------------------------------------------------------------------------

    def board(self) -> list[Row]:
        """The board widget refreshed over today's intakes with the history in the database."""
        self.say("nurse board")
        result = run_child(
            [
                "benchmarks/qt_child.py",
                "board",
                str(self.year),
                self.day.isoformat(),
                str(self.scale.board_reps),
            ],
            self.platform,
        )
        floor = median(result["floor"])
        rows = self.facts["intakes in the database"]
        self.facts["board rows today"] = result["board_rows"]
        return [
            ratio_row(
                f"nurse board refreshed ({rows:,} intakes in the database)",
                median(result["refresh"]),
                floor,
                "ms",
                3,
            ),
            ratio_row(
                "  of which the board's read (storage only)",
                median(result["read"]),
                floor,
                "ms",
                None,
            ),
            ratio_row(
                "  refreshed with one patient changed since the last refresh",
                median(result["one_changed"]),
                floor,
                "ms",
                None,
            ),
        ]

    # --- exports ---------------------------------------------------------------------------------

    def _export(self, first: date, last: date, fmt: str) -> tuple[float, float, int]:
        """(ms, peak RSS in MB, bytes written) of ``python -m kiosk export`` into a file."""
        out = self.work / f"export.{FORMATS[fmt]}"
        peak = self.work / "export.peak"
        args = [
            sys.executable, "benchmarks/peak.py", str(peak), "--data-dir", str(self.year),
            "export", "--date", first.isoformat(), "--to", last.isoformat(), "--format", fmt,
            "--out", str(out),
        ]  # fmt: skip
        start = time.perf_counter()
        done = subprocess.run(args, cwd=REPO, env=child_env(self.platform), check=False,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)  # fmt: skip
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            raise RuntimeError(f"export {fmt} failed: {done.stderr.strip()}")
        peak_mb = int(peak.read_text("ascii")) / 1024
        size = out.stat().st_size
        out.unlink()
        return elapsed * 1000, peak_mb, size

    def _floor_csv(self, first: date, last: date) -> float:
        """``sqlite3 -csv`` of the same rows (of a plaintext copy when the database is encrypted)."""
        from kiosk.storage.db import database_path  # noqa: PLC0415

        query = csv_floor_query(first.isoformat(), last.isoformat())
        script = f".headers on\n.mode csv\n{query}\n"
        source = self.plaintext_copy() if self.encrypted else database_path(self.year)
        out = self.work / "floor.csv"
        start = time.perf_counter()
        with out.open("wb") as sink:
            subprocess.run(
                [SQLITE3, str(source)],
                input=script.encode(),
                stdout=sink,
                stderr=subprocess.PIPE,
                check=True,
            )
        elapsed = (time.perf_counter() - start) * 1000
        out.unlink()
        return elapsed

    def _floor_open(self, first: date, last: date) -> float:
        """A Python process that opens the same encrypted database with the kiosk's engine and
        key and writes one query's rows as CSV (benchmarks/open_query.py)."""
        out = self.work / "floor-open.csv"
        args = [
            sys.executable, "benchmarks/open_query.py", str(self.year), first.isoformat(),
            last.isoformat(), str(out),
        ]  # fmt: skip
        start = time.perf_counter()
        done = subprocess.run(args, cwd=REPO, env=child_env(self.platform), check=False,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)  # fmt: skip
        elapsed = (time.perf_counter() - start) * 1000
        if done.returncode != 0:
            raise RuntimeError(f"open_query failed: {done.stderr.strip()}")
        out.unlink()
        return elapsed

    def exports(self) -> list[Row]:
        """A day (200 intakes) and the whole history as CSV, JSON and FHIR, beside sqlite3 -csv."""
        self.say("exports")
        day, first = self.last_day, self.first_day
        ranges = {"a day": (day, day), "a year": (first, day)}
        if self.scale.name != "full":
            ranges = {
                "a day": (day, day),
                f"{self.facts['earlier clinic days']} days": (first, day),
            }
        rows: list[Row] = []
        peaks: dict[tuple[str, str], float] = {}
        for label, (start, end) in ranges.items():
            reps = self.scale.export_reps if start == end else 1
            floor = median([self._floor_csv(start, end) for _ in range(reps)])
            for fmt in FORMATS:
                runs = [self._export(start, end, fmt) for _ in range(reps)]
                took = median([r[0] for r in runs])
                peaks[(label, fmt)] = max(r[1] for r in runs)
                self.facts[f"export {label} {fmt} (MB written)"] = round(runs[0][2] / 1e6, 1)
                # the CSV of the whole history: ≤ 3x sqlite3 -csv; a day's export is mostly the
                # process starting, whose target is the empty day's against Python's own start
                limit = 3 if fmt == "csv" and start != end else None
                rows.append(ratio_row(f"export {label} as {fmt.upper()}", took, floor, "ms", limit))
        empty = self.first_day - timedelta(days=(self.first_day.weekday() + 1) % 7 or 7)  # a Sunday
        alone = median(
            [self._export(empty, empty, "csv")[0] for _ in range(self.scale.export_reps)]
        )
        rows.append(
            ratio_row(
                "  export of a day without intakes (start-up alone), CSV",
                alone,
                median([self._floor_csv(empty, empty) for _ in range(self.scale.export_reps)]),
                "ms",
                None,
            )
        )
        rows.append(
            ratio_row(
                "  the same, beside Python opening the database and running one query",
                alone,
                median([self._floor_open(empty, empty) for _ in range(self.scale.export_reps)]),
                "ms",
                2,
            )
        )
        long_label = list(ranges)[1]
        for fmt in FORMATS:
            rows.append(
                ratio_row(
                    f"export peak memory, {long_label} vs a day, {fmt.upper()}",
                    peaks[(long_label, fmt)],
                    peaks[("a day", fmt)],
                    "MB",
                    1.5,
                )
            )
        return rows

    def plaintext_copy(self) -> Path:
        """A plaintext copy of the encrypted database, made once, for the ``sqlite3`` shell.

        Debian's ``sqlcipher`` shell is SQLCipher 3.4 on SQLite 3.15: it can read neither
        SQLCipher 4's format nor STRICT tables, so the floor reads the same rows in the same
        file layout with SQLite's own shell, without the decryption.
        """
        from kiosk.storage.db import database_path  # noqa: PLC0415

        copy = self.work / "plaintext.db"
        if not copy.exists():
            raw, _ = raw_connection(database_path(self.year))
            try:
                raw.execute("ATTACH DATABASE ? AS plaintext KEY ''", [str(copy)])
                raw.execute("SELECT sqlcipher_export('plaintext')").fetchall()
                raw.execute("DETACH DATABASE plaintext")
            finally:
                raw.close()
        return copy

    # --- commit, aftercare ---------------------------------------------------------------------------

    def commit(self) -> list[Row]:
        """A confirmed answer committed by the session, beside a raw INSERT + COMMIT."""
        self.say("answer commits")
        result = run_child(
            [
                "benchmarks/store_child.py",
                "commit",
                str(self.year),
                self.day.isoformat(),
                str(self.scale.commit_intakes),
            ],
            self.platform,
        )
        self.facts["engine of the floors"] = result["engine"]
        floor = median(result["floor"])
        return [
            ratio_row(
                "a confirmed answer committed (PHQ-9/GAD-7 item)",
                median(result["answer"]),
                floor,
                "ms",
                1.5,
            ),
            ratio_row(
                "  a checklist page committed (several answers)",
                median(result["page"]),
                floor,
                "ms",
                None,
            ),
        ]

    def aftercare(self) -> list[Row]:
        """The aftercare sheet built, beside a one-paragraph reportlab PDF."""
        self.say("aftercare sheet")
        result = run_child(
            ["benchmarks/store_child.py", "aftercare", str(self.year), str(self.scale.pdf_reps)],
            self.platform,
        )
        return [
            ratio_row(
                "aftercare sheet PDF built",
                median(result["sheet"]),
                median(result["floor"]),
                "ms",
                10,
            ),
            ratio_row(
                "  the first one in a process (fonts loaded)",
                result["first_sheet"],
                result["first_floor"],
                "ms",
                None,
            ),
        ]

    # --- the window -----------------------------------------------------------------------------------

    def steps(self) -> list[Row]:
        """Next touched to the next screen painted over whole intakes, p50 and p95."""
        self.say("steps through the window")
        result = run_child(
            [
                "benchmarks/qt_child.py",
                "steps",
                str(self.sessions),
                self.day.isoformat(),
                str(self.scale.step_intakes),
            ],
            self.platform,
        )
        intakes = result["intakes"]
        times = [t for run in (intakes[1:] or intakes) for t in run]
        floor = result["floor"]
        self.facts["steps timed"] = len(times)
        p95, floor95 = percentile(times, 0.95), percentile(floor, 0.95)
        met = floor95 > 0 and p95 / floor95 <= 3 and p95 < FRAME_60HZ_MS
        return [
            ratio_row(
                "a step: Next to the next screen painted, p50",
                percentile(times, 0.5),
                percentile(floor, 0.5),
                "ms",
                None,
            ),
            Row(
                "a step: Next to the next screen painted, p95",
                p95,
                floor95,
                "ms",
                "ratio ≤ 3 and < 16 ms",
                met,
            ),
            Row(
                "  the slowest step (the longest the UI waits on a touch)",
                max(times, default=0.0),
                max(floor, default=0.0),
                "ms",
                "< 50 ms",
                max(times, default=0.0) < 50,
            ),
        ]

    def memory(self) -> list[Row]:
        """Memory after the first patient session and after many, through the real window."""
        self.say(f"memory over {self.scale.sessions} sessions")
        result = run_child(
            [
                "benchmarks/qt_child.py",
                "memory",
                str(self.sessions),
                self.day.isoformat(),
                str(self.scale.sessions),
            ],
            self.platform,
        )
        self.facts["session (median ms)"] = round(result["session_ms_median"], 1)
        first, last = result["rss_first_mb"], result["rss_last_mb"]
        n = result["sessions"]
        return [
            Row(
                f"memory (RSS) after {n} sessions vs after the first",
                last,
                first,
                "MB",
                "growth < 5%",
                last < first * 1.05,
            ),
            Row(
                "  the same with freed memory returned to the system (malloc_trim)",
                result["trimmed_last_mb"],
                result["trimmed_first_mb"],
                "MB",
                "",
                None,
            ),
            ratio_row(
                "  memory the C allocator has in use (mallinfo2)",
                result["in_use_last_mb"],
                result["in_use_first_mb"],
                "MB",
                None,
            ),
            ratio_row(
                "  objects Python's garbage collector tracks",
                result["objects_last"] / 1000,
                result["objects_first"] / 1000,
                "thousand",
                None,
            ),
        ]

    # --- frames while a finger scrolls ---------------------------------------------------------------

    def _board_day(self) -> Path:
        """A data folder whose day has FRAME_ROWS intakes: the year's when it has that many,
        else one made for it by ``python -m kiosk demo`` (kept when --work is reused)."""
        rows = FRAME_ROWS[self.scale.name]
        if self.scale.today >= rows:
            return self.year
        folder = self.work / f"board{rows}"
        marker = folder / "made.json"
        wanted = {"rows": rows, "day": self.day.isoformat()}
        if not (marker.exists() and json.loads(marker.read_text("utf-8")) == wanted):
            shutil.rmtree(folder, ignore_errors=True)
            self.say(f"a board of {rows} intakes for the frames")
            day = self.day.isoformat()
            self.kiosk("--data-dir", str(folder), "demo", "--intakes", str(rows), "--date", day)
            marker.write_text(json.dumps(wanted), "utf-8")
        return folder

    def frames(self) -> list[Row]:
        """Frames while a finger scrolls the consent's reading page and the nurse board, each
        beside a bare QScrollArea of plain QLabels of the same height scrolled the same way."""
        board_day = self._board_day()
        self.say("frames while a finger scrolls")
        seconds = FRAME_SECONDS[self.scale.name]
        result = run_child(
            [
                "benchmarks/qt_child.py",
                "frames",
                str(self.sessions),
                str(board_day),
                self.day.isoformat(),
                str(seconds),
            ],
            self.platform,
        )
        self.facts["frames: board rows, scroll seconds each"] = (
            f"{result['board_rows']}, {seconds:g}"
        )
        rows: list[Row] = []
        for key, name in (
            ("consent", "consent reading page scrolled by finger"),
            ("board", f"nurse board ({result['board_rows']} rows) scrolled by finger"),
        ):
            shown, floor = result[key], result[f"{key}_floor"]
            times, floor_times = shown["frames"], floor["frames"]
            p95, floor95 = percentile(times, 0.95), percentile(floor_times, 0.95)
            self.facts[f"frames: {key} (frames, swipes, px scrolled; floor's)"] = (
                f"{len(times)}, {shown['swipes']}, {shown['travelled_px']};"
                f" {len(floor_times)}, {floor['swipes']}, {floor['travelled_px']}"
            )
            rows += [
                Row(
                    f"{name}, frame p95",
                    p95,
                    floor95,
                    "ms",
                    "p95 < 16.7 ms",
                    p95 < FRAME_60HZ_MS,
                ),
                ratio_row(
                    "  of which the paint, p95",
                    percentile(shown["paints"], 0.95),
                    percentile(floor["paints"], 0.95),
                    "ms",
                    None,
                ),
                Row(
                    f"  frames dropped (over 16.7 ms) of {len(times)} (floor: of {len(floor_times)})",
                    sum(t > FRAME_60HZ_MS for t in times),
                    sum(t > FRAME_60HZ_MS for t in floor_times),
                    "frames",
                    "",
                    None,
                ),
            ]
        return rows

    # --- the clinic server ------------------------------------------------------------------------------

    def clinic_server(self) -> list[Row]:
        """Sync throughput, confirm-to-server latency and steps with the sync running, against a
        throwaway PostgreSQL cluster with TLS started for this run (as the tests start one)."""
        if str(REPO) not in sys.path:
            sys.path.insert(0, str(REPO))
        from tests.helpers import pg  # noqa: PLC0415

        missing = pg.missing_parts()
        if missing:
            self.say(f"clinic server skipped: missing {', '.join(missing)}")
            self.facts["clinic-server figures"] = f"skipped (missing {', '.join(missing)})"
            return []
        self.say("clinic server: starting a PostgreSQL cluster")
        began = time.monotonic()
        cluster = pg.start_cluster()
        self.facts["clinic server: test cluster started in (s)"] = round(
            time.monotonic() - began, 1
        )
        rows: list[Row] = []
        try:
            figures = (
                self.sync_throughput, self.sync_latency, self.sync_steps, self.server_board,
                self.board_listen,
            )  # fmt: skip
            for figure in figures:
                if self.only and figure.__name__ not in self.only:
                    continue
                began = time.monotonic()
                rows += figure(cluster)
                self.facts[f"clinic server: {figure.__name__} took (s)"] = round(
                    time.monotonic() - began, 1
                )
        finally:
            cluster.stop()
        return rows

    def _server_database(self, cluster: Any, name: str) -> str:
        """The admin's URL of a new database ``name`` on ``cluster`` with the schema applied."""
        from kiosk.server import schema  # noqa: PLC0415
        from kiosk.services import server  # noqa: PLC0415

        with schema.connect(cluster.url()) as admin:
            admin.execute(f"CREATE DATABASE {name}")
        url: str = cluster.url(name)
        server.init(url)
        return url

    def _server_work(self, name: str) -> Path:
        folder = self.work / "server" / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        return folder

    def sync_throughput(self, cluster: Any) -> list[Row]:
        """Kiosks pushing their day at once, beside the admin's COPY of the same rows."""
        kiosks, intakes = self.scale.sync_kiosks, self.scale.today
        self.say(f"sync throughput: {kiosks} kiosks of {intakes} intakes")
        url = self._server_database(cluster, "throughput")
        result = run_child(
            [
                "benchmarks/server_child.py", "throughput", url, str(cluster.ca_file),
                str(self.one_day), str(self._server_work("throughput")), str(kiosks),
            ],
            self.platform,
        )  # fmt: skip
        steps = result["steps"]
        if (result["on_server"], result["sent"], result["conflicts"], result["gaps"]) != (
            steps, steps, 0, 0,
        ):  # fmt: skip
            raise RuntimeError(f"the sync did not hand every step over once: {result}")
        floor_s = median(result["floor_s"])
        self.facts["sync throughput: steps (MB of content)"] = (
            f"{steps:,} ({result['content_mb']:.1f} MB)"
        )
        self.facts["sync throughput: kiosks enrolled and their copies made in (s)"] = round(
            result["prepared_s"], 1
        )
        return [
            ratio_row(
                f"sync throughput, {kiosks} kiosks × {intakes} intakes at once",
                steps / result["sync_s"],
                steps / floor_s,
                "steps/s",
                None,
            ),
            ratio_row(
                f"  the same as time: {steps:,} steps on the server",
                result["sync_s"] * 1000,
                floor_s * 1000,
                "ms",
                None,
            ),
        ]

    def sync_latency(self, cluster: Any) -> list[Row]:
        """A step confirmed to the step visible on the server, with the real sync worker."""
        count, pace = self.scale.latency_steps, self.scale.latency_pace
        self.say(f"confirm to server: {count} steps, one every ~{pace:g} s")
        url = self._server_database(cluster, "latency")
        result = run_child(
            [
                "benchmarks/server_child.py", "latency", url, str(cluster.ca_file),
                str(self._server_work("latency")), str(count), str(pace), str(STATION_POLL),
            ],
            self.platform,
        )  # fmt: skip
        if result["missing"]:
            raise RuntimeError(f"{result['missing']} steps never reached the server within 30 s")
        seen, floor = result["seen"], result["floor"]
        p95 = percentile(seen, 0.95)
        self.facts["confirm to server: steps timed, mean pace (s)"] = f"{len(seen)}, {pace:g}"
        poll = f"station polls every {STATION_POLL * 1000:g} ms"
        return [
            ratio_row(
                f"confirm → on the server ({poll}), p50",
                percentile(seen, 0.5),
                percentile(floor, 0.5),
                "ms",
                None,
            ),
            Row(
                f"confirm → on the server ({poll}), p95",
                p95,
                percentile(floor, 0.95),
                "ms",
                "p95 < 1 s",
                p95 < 1000,
            ),
            ratio_row(
                "  confirm → the server's received_at (no polling), p95",
                percentile(result["received"], 0.95),
                percentile(floor, 0.95),
                "ms",
                None,
            ),
        ]

    def sync_steps(self, cluster: Any) -> list[Row]:
        """The window's steps with the sync running beside it, against the same without."""
        from kiosk.services import server  # noqa: PLC0415

        self.say("steps through the window with and without the sync")
        url = self._server_database(cluster, "steps_window")
        work = self._server_work("window")
        secrets = work / "secrets"
        secrets.mkdir(mode=0o700)
        server.enrol(url, "bench_window", secrets / "bench_window.credential")
        env = {
            "KIOSK_SERVER_URL": f"postgresql://{cluster.host}:{cluster.port}/steps_window",
            "KIOSK_SERVER_CA": str(cluster.ca_file),
            "KIOSK_SERVER_CREDENTIAL": str(secrets / "bench_window.credential"),
        }
        seed = work / "seed"
        self.kiosk(
            "--data-dir", str(seed), "demo", "--intakes", "3",
            "--date", self.day.isoformat(), "--seed", "4",
        )  # fmt: skip
        plain: list[float] = []
        synced: list[float] = []
        sent = 0
        for pair in range(self.scale.sync_step_pairs):
            order = ("plain", "sync") if pair % 2 == 0 else ("sync", "plain")
            for kind in order:
                folder = work / f"{kind}-{pair}"
                shutil.copytree(seed, folder)
                result = run_child(
                    [
                        "benchmarks/qt_child.py", "steps", str(folder), self.day.isoformat(),
                        str(self.scale.step_intakes), *(["sync"] if kind == "sync" else []),
                    ],
                    self.platform,
                    env=env if kind == "sync" else None,
                )  # fmt: skip
                intakes = result["intakes"]
                times = [t for run in (intakes[1:] or intakes) for t in run]
                if kind == "sync":
                    if result["waiting"]:
                        raise RuntimeError(f"the sync left {result['waiting']} steps unsent")
                    sent += result["sent"]
                    synced += times
                else:
                    plain += times
        self.facts["steps with the sync: steps timed, steps sent meanwhile"] = (
            f"{len(synced)}, {sent}"
        )
        return [
            ratio_row(
                "a step with the sync running (vs without), p50",
                percentile(synced, 0.5),
                percentile(plain, 0.5),
                "ms",
                None,
            ),
            ratio_row(
                "a step with the sync running (vs without), p95",
                percentile(synced, 0.95),
                percentile(plain, 0.95),
                "ms",
                1.1,
            ),
        ]

    def server_board(self, cluster: Any) -> list[Row]:
        """The station's board of today on the server holding a clinic year, beside one raw
        query of the same rows; an intake's detail beside its raw queries."""
        history, kiosks = self.scale.history, self.scale.server_board_kiosks
        self.say(f"server board: {history:,} earlier intakes from {kiosks} kiosks")
        url = self._server_database(cluster, "board")
        result = run_child(
            [
                "benchmarks/board_child.py", "board", url, str(cluster.ca_file),
                str(self.one_day), str(self._server_work("board")), str(history), str(kiosks),
                str(self.scale.server_board_reps),
            ],
            self.platform,
        )  # fmt: skip
        times, counts = result["times"], result["counts"]
        total = counts["records_intakes"]
        self.facts["server board: intakes on the server (today), clinic days, kiosks"] = (
            f"{total:,} ({result['board_rows']}), {result['days']}, {result['kiosks']}"
        )
        self.facts["server board: answers, flags, vitals, discharges"] = ", ".join(
            f"{counts[f'records_{t}']:,}" for t in ("answers", "flags", "vitals", "discharges")
        )
        self.facts["server board: today's steps through the sync, intakes seen to by nurses"] = (
            f"{result['steps_sent']:,}, {result['looked_after']}"
        )
        self.facts["server board: earlier intakes copied in (s), database size (MB)"] = (
            f"{result['copied_s']:.1f}, {result['database_mb']:.0f}"
        )
        self.facts["server board: copies checked against the real path"] = result["verified"]
        self.facts["server board: reads timed"] = len(times["reader"])
        where = f"{total:,} intakes on the server"
        rows: list[Row] = []
        for key, figure, floor in (
            ("reader", f"server board, ServerReader.board ({where})", "floor"),
            ("desk", "server board, the station desk's StationService.board", "floor"),
            ("intake", "server intake detail, ServerReader.intake", "intake_floor"),
        ):
            rows.append(
                ratio_row(
                    f"{figure}, p50",
                    percentile(times[key], 0.5),
                    percentile(times[floor], 0.5),
                    "ms",
                    None,
                )
            )
            rows.append(
                ratio_row(
                    f"{figure}, p95",
                    percentile(times[key], 0.95),
                    percentile(times[floor], 0.95),
                    "ms",
                    3,
                )
            )
        return rows

    def board_listen(self, cluster: Any) -> list[Row]:
        """A step confirmed to a station's board read (on the server's notice) that shows it."""
        count, pace = self.scale.listen_steps, self.scale.listen_pace
        self.say(f"step to the board through LISTEN: {count} steps, one every ~{pace:g} s")
        url = self._server_database(cluster, "listen")
        result = run_child(
            [
                "benchmarks/board_child.py", "listen", url, str(cluster.ca_file),
                str(self._server_work("listen")), str(count), str(pace),
            ],
            self.platform,
        )  # fmt: skip
        if result["missing"]:
            raise RuntimeError(f"{result['missing']} steps never reached the board within 30 s")
        seen, floor, reads = result["seen"], result["floor"], result["reads"]
        p95 = percentile(seen, 0.95)
        self.facts["step to the board: steps timed, board reads on notices, mean pace (s)"] = (
            f"{len(seen)}, {len(reads)}, {pace:g}"
        )
        return [
            ratio_row(
                "confirm → on the station's board (LISTEN, no polling), p50",
                percentile(seen, 0.5),
                percentile(floor, 0.5),
                "ms",
                None,
            ),
            Row(
                "confirm → on the station's board (LISTEN, no polling), p95",
                p95,
                percentile(floor, 0.95),
                "ms",
                "p95 < 1 s",
                p95 < 1000,
            ),
            ratio_row(
                "  the board read on a notice, p95",
                percentile(reads, 0.95),
                percentile(floor, 0.95),
                "ms",
                None,
            ),
        ]


# --- the machine and the results file -----------------------------------------------------------------


def describe_machine(
    qt_platform: str, load_before: tuple[float, ...], load_after: tuple[float, ...]
) -> dict[str, str]:
    """CPU, cores, memory, OS, Python, Qt, SQLite/SQLCipher, the Qt platform, the load."""
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text("utf-8", "replace").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(meminfo.read_text("ascii").split("MemTotal:")[1].split()[0])
        memory = f"{kb / 1024 / 1024:.1f} GiB"
    system = platform.platform()
    release = Path("/etc/os-release")
    if release.exists():
        for line in release.read_text("utf-8").splitlines():
            if line.startswith("PRETTY_NAME="):
                system = f"{line.split('=', 1)[1].strip(chr(34))}, kernel {platform.release()}"
    import PySide6  # noqa: PLC0415
    import reportlab  # noqa: PLC0415
    from PySide6 import QtCore  # noqa: PLC0415

    described = {
        "CPU": cpu,
        "cores": str(os.cpu_count()),
        "memory": memory,
        "OS": system,
        "Python": platform.python_version(),
        "Qt / PySide6": f"{QtCore.qVersion()} / {PySide6.__version__}",
        "reportlab": reportlab.Version,
    }
    described.update(engine_versions())
    described["Qt platform plugin"] = qt_platform
    described["load average (1, 5, 15 min) before / after"] = (
        f"{', '.join(f'{v:.1f}' for v in load_before)} / {', '.join(f'{v:.1f}' for v in load_after)}"
    )
    return described


def results_markdown(
    rows: list[Row], scale: Scale, machine: dict[str, str], facts: dict[str, Any], spent: float
) -> str:
    """RESULTS.md: when, where, the table, the data, and the notes on every missed target."""
    lines = [
        "# Benchmark results",
        "",
        f"Made by `python benchmarks/run.py{'' if scale.name == 'full' else ' --' + scale.name}` on"
        f" {datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')} ({scale.name} run,"
        f" {spent:.0f} s). Each figure sits beside a floor measured in the same run; the ratio"
        " is figure / floor. ✓ a target met, ✗ missed. Times are medians unless a row says"
        " otherwise.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in machine.items()],
        "",
        "## Figures",
        "",
        table(rows, markdown=True),
        "",
        "## The data",
        "",
        "| | |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in facts.items()],
        "",
    ]
    notes = HERE / "NOTES.md"
    if notes.exists():
        lines += [notes.read_text("utf-8").strip(), ""]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
