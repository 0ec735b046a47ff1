"""Qt benchmarks, each run in a fresh process: cold start, steps, the nurse board, memory over
sessions, frames while a finger scrolls.

    python benchmarks/qt_child.py cold kiosk|bare DATA_DIR
    python benchmarks/qt_child.py steps DATA_DIR DAY INTAKES [sync]
    python benchmarks/qt_child.py board DATA_DIR DAY REPS
    python benchmarks/qt_child.py memory DATA_DIR DAY SESSIONS
    python benchmarks/qt_child.py frames SESSIONS_DIR BOARD_DIR DAY SECONDS

Each prints one JSON line. Times are wall times (perf_counter), in milliseconds.
"""

from __future__ import annotations

import time

STARTED = time.monotonic()

import gc  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
from datetime import date, datetime  # noqa: E402
from datetime import time as clock_time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402


def cold(kind: str, data_dir: Path) -> None:
    """Spawn to the first paint of the Welcome screen (or of a bare label), then exit at once."""
    from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication, QLabel, QWidget  # noqa: PLC0415

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                QTimer.singleShot(0, report)  # once this whole paint is done
            return False

    def report() -> None:
        from common import emit  # noqa: PLC0415

        emit({"painted": time.monotonic(), "started": STARTED})
        sys.stdout.flush()
        os._exit(0)  # the figure ends at the paint; no teardown

    watcher = FirstPaint()
    target: QWidget
    if kind == "bare":
        app = QApplication([sys.argv[0]])
        target = QLabel("Welcome")
        target.installEventFilter(watcher)
        target.resize(1280, 800)
        target.show()
    else:
        from kiosk.ui.app import build_main_window  # noqa: PLC0415
        from kiosk.ui.main_window import MainWindow  # noqa: PLC0415

        window = build_main_window(data_dir)
        assert isinstance(window, MainWindow)
        target = window.current_screen()
        target.installEventFilter(watcher)
        window.resize(1280, 800)
        window.show()
        app = QApplication.instance()  # type: ignore[assignment]
    app.exec()


# --- driving the real window -----------------------------------------------------------------------


class Finger:
    """What the test driver needs of pytest-qt's qtbot: a real mouse click through QTest."""

    @staticmethod
    def mouseClick(widget: Any, button: Any) -> None:
        from PySide6.QtTest import QTest  # noqa: PLC0415

        QTest.mouseClick(widget, button)


def _paint(window: Any) -> None:
    """Settle posted events and paint the whole window now (the same for figure and floor)."""
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    QApplication.processEvents()
    window.repaint()


def _shown(window: Any) -> tuple[int, ...]:
    """Which screen, which step (a page or item screen is refilled with the next step), and
    which page of every stack inside it, is on display."""
    from PySide6.QtWidgets import QStackedWidget  # noqa: PLC0415

    screen = window.current_screen()
    pages = (s.currentIndex() for s in screen.findChildren(QStackedWidget))
    return (id(screen), window.session.current.key, *pages)


def timed_driver(window: Any) -> Any:
    """The tests' KioskDriver, timing every touch that brings another screen (or page)."""
    from tests.helpers.kiosk_driver import KioskDriver  # noqa: PLC0415

    class TimedDriver(KioskDriver):
        def __init__(self, window: Any) -> None:
            super().__init__(window, Finger())
            self.times: list[float] = []
            self.recording = True

        def tap(self, button: Any) -> None:
            before = _shown(self.window)
            start = time.perf_counter()
            super().tap(button)
            moved = _shown(self.window) != before
            if moved:
                _paint(self.window)
            elapsed = (time.perf_counter() - start) * 1000
            if moved and self.recording:
                self.times.append(elapsed)

    return TimedDriver(window)


def _window(data_dir: Path, day: date, worker: list[Any] | None = None) -> Any:
    """The real window on ``data_dir``; with ``worker``, the sync to the clinic server running
    beside it (``start_sync``, configured by the environment), appended to that list."""
    from kiosk.core.clock import FakeClock  # noqa: PLC0415
    from kiosk.services.context import open_context  # noqa: PLC0415
    from kiosk.services.sync import start_sync  # noqa: PLC0415
    from kiosk.ui.app import build_main_window, build_window  # noqa: PLC0415

    clock = FakeClock(datetime.combine(day, clock_time(12, 0)).astimezone())
    if worker is None:
        window = build_main_window(data_dir, clock=clock)
    else:
        context = open_context(data_dir, clock=clock)
        started = start_sync(context)
        if started is None:
            raise SystemExit("steps with the sync: no clinic server is configured")
        worker.append(started)
        window = build_window(context)
    window.resize(1280, 800)
    window.show()
    _paint(window)
    return window


def _people(count: int, seed: int) -> list[Any]:
    from kiosk.services.demo.day import random_identity  # noqa: PLC0415

    rng = random.Random(seed)
    seen: set[tuple[str, date]] = set()
    people = []
    while len(people) < count:
        who = random_identity(rng)
        if (who.key, who.birth_date) not in seen:
            seen.add((who.key, who.birth_date))
            people.append(who)
    return people


def steps(data_dir: Path, day: date, intakes: int, with_sync: bool = False) -> None:
    """Next touched to the next screen painted, over whole intakes; then the bare-stack floor.
    ``with_sync``: the sync worker runs beside the window, pushing every confirmed step."""
    workers: list[Any] | None = [] if with_sync else None
    window = _window(data_dir, day, workers)
    driver = timed_driver(window)
    per_intake: list[list[float]] = []
    for number, who in enumerate(_people(intakes, seed=7 + intakes)):
        driver.times = []
        language = "es" if number % 2 else "en"
        driver.run_intake(who.first_name, who.last_name, who.birth_date, language=language)
        driver.finish()
        per_intake.append(driver.times)
    count = sum(len(t) for t in per_intake[1:] or per_intake)
    emit_steps: dict[str, Any] = {"intakes": per_intake}
    if workers:
        emit_steps.update(_drained(workers[0], data_dir))
    emit_steps["floor"] = _floor_flips(max(count, 20))
    from common import emit  # noqa: PLC0415

    emit(emit_steps)


def _drained(worker: Any, data_dir: Path) -> dict[str, Any]:
    """Wait (up to 30 s) for the sync to empty the outbox, stop it; what it sent and left."""
    from kiosk.storage import outbox  # noqa: PLC0415
    from kiosk.storage.db import database_path, open_database  # noqa: PLC0415

    db = open_database(database_path(data_dir), migrate=False, check=None)
    try:
        deadline = time.monotonic() + 30
        while outbox.counts(db).waiting and time.monotonic() < deadline:
            time.sleep(0.05)
        worker.stop()
        counts = outbox.counts(db)
    finally:
        db.close()
    return {"sent": counts.sent, "waiting": counts.waiting, "sync_failures": worker.failures}


def _floor_flips(count: int) -> list[float]:
    """A QStackedWidget flipping between two bare pages, touched and painted the same way."""
    from PySide6.QtWidgets import (  # noqa: PLC0415
        QMainWindow,
        QPushButton,
        QStackedWidget,
        QVBoxLayout,
        QWidget,
    )

    class Bare(QMainWindow):
        def __init__(self) -> None:
            super().__init__()
            self.stack = QStackedWidget()
            self.buttons = []
            for index in range(2):
                page = QWidget()
                button = QPushButton("Next", page)
                button.clicked.connect(lambda _=False, i=index: self.stack.setCurrentIndex(1 - i))
                QVBoxLayout(page).addWidget(button)
                self.stack.addWidget(page)
                self.buttons.append(button)
            self.setCentralWidget(self.stack)

        def current_screen(self) -> QWidget:
            return self.stack

    bare = Bare()
    bare.resize(1280, 800)
    bare.show()
    _paint(bare)
    finger = Finger()
    times: list[float] = []
    for _ in range(count + 3):
        button = bare.buttons[bare.stack.currentIndex()]
        start = time.perf_counter()
        finger.mouseClick(button, _left())
        _paint(bare)
        times.append((time.perf_counter() - start) * 1000)
    bare.close()
    return times[3:]  # the first flips warm up


def _left() -> Any:
    from PySide6.QtCore import Qt  # noqa: PLC0415

    return Qt.MouseButton.LeftButton


# --- the nurse board ----------------------------------------------------------------------------------


class OneChanged:
    """The station's board read, with one patient's stage moved on at every other read (what
    one confirmed step does to the board); everything else as the station reads it."""

    def __init__(self, station: Any) -> None:
        self.station = station
        self.forms = station.forms  # the board counts the observation by the clinic's settings
        self.moved = False

    def change_marker(self) -> Any:
        return self.station.change_marker()

    def board(self, day: date) -> list[Any]:
        from dataclasses import replace  # noqa: PLC0415

        rows = self.station.board(day)
        self.moved = not self.moved
        if self.moved and rows:
            middle = len(rows) // 2
            rows[middle] = replace(rows[middle], stage="in_chair", updated_at="9999")
        return rows


def board(data_dir: Path, day: date, reps: int) -> None:
    """The board widget refreshed (read, rows, painted), its read alone, and one raw query; and
    refreshed when one patient changed between two refreshes."""
    from common import emit, raw_connection  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from kiosk.core.clock import FakeClock  # noqa: PLC0415
    from kiosk.services.context import open_context  # noqa: PLC0415
    from kiosk.services.station import StationService  # noqa: PLC0415
    from kiosk.storage.db import database_path  # noqa: PLC0415
    from kiosk.ui.app import ensure_application  # noqa: PLC0415
    from kiosk.ui.staff.board import BoardView  # noqa: PLC0415

    ensure_application()
    clock = FakeClock(datetime.combine(day, clock_time(12, 0)).astimezone())
    context = open_context(data_dir, clock=clock)
    station = StationService.on(context)
    view = BoardView(station, clock, lambda: "en")
    view.resize(1280, 800)
    view.show()
    QApplication.processEvents()
    raw, engine = raw_connection(database_path(data_dir))
    query = (
        "SELECT i.id, i.first_name, i.last_name, i.birth_date, i.verified, i.stage, i.language,"
        " i.created_at, i.completed_at, f.id, f.code, f.level, f.source, f.reason, f.alert,"
        " f.acknowledged_by, f.acknowledged_at FROM intakes i LEFT JOIN flags f"
        " ON f.intake_id = i.id WHERE i.day = ? ORDER BY i.id, f.id"
    )
    refreshed: list[float] = []
    read: list[float] = []
    floor: list[float] = []
    rows = 0
    for _ in range(reps + 1):  # the first round warms up
        start = time.perf_counter()
        view.refresh()
        view.repaint()
        refreshed.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        station.board(day)
        read.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        rows = len(raw.execute(query, [day.isoformat()]).fetchall())
        floor.append((time.perf_counter() - start) * 1000)
    changing = BoardView(OneChanged(station), clock, lambda: "en")  # type: ignore[arg-type]
    changing.resize(1280, 800)
    changing.show()
    QApplication.processEvents()
    view.hide()
    one_changed: list[float] = []
    for _ in range(reps + 1):
        start = time.perf_counter()
        changing.refresh()
        changing.repaint()
        one_changed.append((time.perf_counter() - start) * 1000)
    emit(
        {
            "refresh": refreshed[1:],
            "one_changed": one_changed[1:],
            "read": read[1:],
            "floor": floor[1:],
            "board_rows": len(view.rows),
            "raw_rows": rows,
            "engine": engine,
        }
    )


# --- memory over many patients -----------------------------------------------------------------------


def memory(data_dir: Path, day: date, sessions: int) -> None:
    """RSS after the first patient session and after ``sessions``; beside it, the memory the C
    allocator has in use and the objects Python's garbage collector tracks, at the same two
    moments (no tracemalloc: its own bookkeeping grew with the run and counted in the RSS).

    A session: Welcome (language and text size), identify, two checklist pages, then the idle
    wipe. Every tenth, the first among them, is a whole intake to the signed consent and Done
    instead, so the first session already went every way the later ones go.
    """
    from common import emit, in_use_mb, rss_mb, trimmed_rss_mb  # noqa: PLC0415

    from tests.helpers.widgets import flush_deletes  # noqa: PLC0415

    window = _window(data_dir, day)
    driver = timed_driver(window)
    driver.recording = False
    people = _people(sessions, seed=11)
    sizes = ("normal", "large", "extra_large")
    rss: list[float] = []
    trimmed: list[float] = []
    in_use: list[float] = []
    objects: list[int] = []
    durations: list[float] = []

    def measure() -> None:
        gc.collect()
        rss.append(rss_mb())
        in_use.append(in_use_mb())
        objects.append(len(gc.get_objects()))
        trimmed.append(trimmed_rss_mb())

    for number, who in enumerate(people):
        start = time.perf_counter()
        language = "es" if number % 3 == 1 else "en"
        if number % 10 == 0:
            driver.run_intake(who.first_name, who.last_name, who.birth_date, language=language)
            driver.finish()
        else:
            driver.start(language, sizes[number % 3])
            driver.identify(who.first_name, who.last_name, who.birth_date, language)
            driver.fill_page()
            driver.fill_page()
            window.wipe()  # what the idle guard does when the patient walks away
        flush_deletes()
        durations.append((time.perf_counter() - start) * 1000)
        if number == 0:
            measure()
    measure()
    emit(
        {
            "rss_first_mb": rss[0],
            "rss_last_mb": rss[-1],
            "trimmed_first_mb": trimmed[0],
            "trimmed_last_mb": trimmed[-1],
            "in_use_first_mb": in_use[0],
            "in_use_last_mb": in_use[-1],
            "objects_first": objects[0],
            "objects_last": objects[-1],
            "sessions": sessions,
            "session_ms_median": sorted(durations)[len(durations) // 2],
            "widgets": len(__import__("PySide6.QtWidgets").QtWidgets.QApplication.allWidgets()),
        }
    )


# --- frames while a finger scrolls --------------------------------------------------------------------

TICK = 1 / 60  # a 60 Hz display's frame


def _frame_meter(window: Any) -> Any:
    """Times each paint of ``window``: every UpdateRequest it gets (all its dirty widgets
    painted and the backing store flushed), handled inside the filter between two clock reads."""
    from PySide6.QtCore import QEvent, QObject  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    class Meter(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.paints: list[float] = []
            self.inside = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if self.inside or event.type() != QEvent.Type.UpdateRequest:
                return False
            self.inside = True
            start = time.perf_counter()
            try:
                QApplication.sendEvent(watched, event)
            finally:
                self.inside = False
            self.paints.append((time.perf_counter() - start) * 1000)
            return True

    meter = Meter()
    window.installEventFilter(meter)
    return meter


def _finger_scroll(viewport: Any, bar: Any, seconds: float) -> dict[str, Any]:
    """A finger swiping ``viewport`` (a QScroller on it, LeftMouseButtonGesture) for
    ``seconds``, at 60 Hz ticks: each swipe a press, 12 moves of 1/20 of the viewport's height
    (one a tick), a release, then the fling coasting until the scroller stops; down the content
    until its end, then up again.

    Every tick: the tick's input (press, move, release, or none while coasting) sent through
    QTest, then ``processEvents`` (the scroller's timer, the scroll, the paint). A frame is a
    tick in which the window painted: its time is the tick's whole work, input to paint
    flushed; ``paints`` the paint alone. Then sleep to the next tick (a late tick starts the
    next at once)."""
    from PySide6.QtWidgets import QApplication, QScroller  # noqa: PLC0415

    scroller = QScroller.scroller(viewport)
    meter = _frame_meter(viewport.window())
    height = viewport.height()
    frames: list[float] = []
    paints: list[float] = []
    plan: list[tuple[str, int]] = []  # the ticks' inputs still to come
    down = True
    swipes = 0
    travelled = 0
    ticks = 0
    began = time.perf_counter()
    deadline = began
    while time.perf_counter() - began < seconds:
        if not plan and scroller.state() == QScroller.State.Inactive:
            if down and bar.value() >= bar.maximum():
                down = False
            elif not down and bar.value() <= bar.minimum():
                down = True
            plan = _swipe(height, down)
            swipes += 1
        before = len(meter.paints)
        value = bar.value()
        start = time.perf_counter()
        if plan:
            _touch(viewport, *plan.pop(0))
        QApplication.processEvents()
        elapsed = (time.perf_counter() - start) * 1000
        ticks += 1
        travelled += abs(bar.value() - value)
        if len(meter.paints) > before:
            frames.append(elapsed)
            paints.append(sum(meter.paints[before:]))
        deadline = max(deadline + TICK, time.perf_counter())
        time.sleep(max(0.0, deadline - time.perf_counter()))
    scroller.stop()
    QApplication.processEvents()
    return {
        "frames": frames,
        "paints": paints,
        "ticks": ticks,
        "swipes": swipes,
        "travelled_px": travelled,
        "viewport": [viewport.width(), viewport.height()],
        "content_px": bar.maximum() + bar.pageStep(),
    }


def _swipe(height: int, down: bool) -> list[tuple[str, int]]:
    """One swipe's inputs, a tick each: press, 12 moves of 1/20 of ``height``, release; the
    finger goes up (``down``: later content comes in) or down."""
    y = height * 3 // 4 if down else height // 4
    step = max(1, height // 20) * (-1 if down else 1)
    return [
        ("press", y),
        *(("move", y + step * i) for i in range(1, 13)),
        ("release", y + step * 12),
    ]


def _touch(viewport: Any, kind: str, y: int) -> None:
    """A press, move or release of the left button at the middle of ``viewport``'s width."""
    from PySide6.QtCore import QPoint, Qt  # noqa: PLC0415
    from PySide6.QtTest import QTest  # noqa: PLC0415

    at = QPoint(viewport.width() // 2, y)
    if kind == "press":
        QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
    elif kind == "move":
        QTest.mouseMove(viewport, at)
    else:
        QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)


def _label_floor(viewport: Any, content_height: int, seconds: float) -> dict[str, Any]:
    """The floor: the same swipes over a bare QScrollArea (QScroller on it) whose viewport is
    ``viewport`` (a QSize) in a 1280x800 window, holding plain word-wrapped QLabels of text
    ``content_height`` tall."""
    from PySide6.QtCore import Qt  # noqa: PLC0415
    from PySide6.QtWidgets import (  # noqa: PLC0415
        QApplication,
        QFrame,
        QLabel,
        QMainWindow,
        QScrollArea,
        QScroller,
        QVBoxLayout,
        QWidget,
    )

    window = QMainWindow()
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
    area.setFixedSize(
        viewport.width() + area.verticalScrollBar().sizeHint().width(), viewport.height()
    )
    body = QWidget()
    column = QVBoxLayout(body)
    text = " ".join(["Plain text of the same height as the page it stands in for."] * 6)
    body.setFixedWidth(viewport.width())
    while column.heightForWidth(viewport.width()) < content_height:
        label = QLabel(text)
        label.setWordWrap(True)
        column.addWidget(label)
    body.setFixedHeight(content_height)
    area.setWidget(body)
    holder = QWidget()
    QVBoxLayout(holder).addWidget(area)
    window.setCentralWidget(holder)
    window.resize(1280, 800)
    window.show()
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    _paint(window)
    measured = _finger_scroll(area.viewport(), area.verticalScrollBar(), seconds)
    window.close()
    QApplication.processEvents()
    return measured


def frames(sessions_dir: Path, board_dir: Path, day: date, seconds: float) -> None:
    """Frames while a finger scrolls the consent's reading page (a real intake, through the real
    window) and the nurse board (every intake of ``board_dir``'s day), each beside its floor."""
    from common import emit  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication, QScroller  # noqa: PLC0415

    from kiosk.core.clock import FakeClock  # noqa: PLC0415
    from kiosk.services.context import open_context  # noqa: PLC0415
    from kiosk.services.station import StationService  # noqa: PLC0415
    from kiosk.ui.patient.consent import ConsentScreen  # noqa: PLC0415
    from kiosk.ui.staff.board import BoardView  # noqa: PLC0415

    # The consent's reading page of a real intake, in the real window.
    window = _window(sessions_dir, day)
    driver = timed_driver(window)
    driver.recording = False
    who = _people(1, seed=time.time_ns() % 1_000_003)[0]  # new to the reused data folder
    driver.start("en", "normal")
    driver.identify(who.first_name, who.last_name, who.birth_date)
    driver.walk_pages()
    driver.answer_items()
    driver.walk_pages()
    screen = window.current_screen()
    if not isinstance(screen, ConsentScreen):
        raise SystemExit(f"frames: the intake stopped at {type(screen).__name__}, not the consent")
    area = screen.read.scroll_area
    _paint(window)
    consent = _finger_scroll(area.viewport(), area.verticalScrollBar(), seconds)
    consent_floor = _label_floor(area.viewport().size(), area.widget().height(), seconds)
    window.close()
    QApplication.processEvents()

    # The nurse board on its own, as the board figure shows it, a finger on its table.
    clock = FakeClock(datetime.combine(day, clock_time(12, 0)).astimezone())
    context = open_context(board_dir, clock=clock)
    view = BoardView(StationService.on(context), clock, lambda: "en")
    view.resize(1280, 800)
    view.show()
    table = view.table
    QScroller.grabGesture(table.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    _paint(view)
    QApplication.processEvents()  # the rows measured again once the columns have their widths
    _paint(view)
    board_rows = table.model().rowCount()
    board = _finger_scroll(table.viewport(), table.verticalScrollBar(), seconds)
    board_floor = _label_floor(table.viewport().size(), table.verticalHeader().length(), seconds)
    emit(
        {
            "consent": consent,
            "consent_floor": consent_floor,
            "board": board,
            "board_floor": board_floor,
            "board_rows": board_rows,
        }
    )


def main(argv: list[str]) -> None:
    """Dispatch on the first argument."""
    mode = argv[0]
    if mode == "cold":
        cold(argv[1], Path(argv[2]))
    elif mode == "steps":
        steps(Path(argv[1]), date.fromisoformat(argv[2]), int(argv[3]), argv[4:] == ["sync"])
    elif mode == "board":
        board(Path(argv[1]), date.fromisoformat(argv[2]), int(argv[3]))
    elif mode == "memory":
        memory(Path(argv[1]), date.fromisoformat(argv[2]), int(argv[3]))
    elif mode == "frames":
        frames(Path(argv[1]), Path(argv[2]), date.fromisoformat(argv[3]), float(argv[4]))
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
