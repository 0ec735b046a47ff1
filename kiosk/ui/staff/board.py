"""Today's board: every intake with its stage and flags, red first, and the alert banner."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import date, datetime, tzinfo
from typing import TypeVar

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.board import urgency
from kiosk.core.clock import Clock, today
from kiosk.core.infusion import standing_of, vitals_due_of
from kiosk.core.intake_record import IntakeSummary
from kiosk.core.observation import Standing, VitalsDue
from kiosk.core.text import fill_in
from kiosk.services.faults import StorageError
from kiosk.services.station import StationService
from kiosk.ui.staff.board_model import BoardLine, BoardModel
from kiosk.ui.staff.board_table import BoardTable
from kiosk.ui.staff.faults import advice_for
from kiosk.ui.staff.labels import level_label, spoken_level, stage_label
from kiosk.ui.staff.watch_words import chair_spoken, chair_text
from kiosk.ui.widgets.accessible import problem_line
from kiosk.ui.widgets.background import Background
from kiosk.ui.widgets.buttons import text_label, touch_button

T = TypeVar("T")
Watch = tuple[Standing, VitalsDue] | None  # where a row's patient stands now (None: gone home)
Drawn = tuple[IntakeSummary, str, tzinfo | None, Watch, BoardLine]
POLL_MS = 2000
AMBER = 2  # the urgency rank (row colour) of an amber flag
MINUTE_MS = 60_000  # the countdowns and vitals due drawn again from the clock, no read


def local_time(iso_utc: str, clock: Clock) -> str:
    """HH:MM in the clinic's time zone of a stored UTC time."""
    return _hours_minutes(iso_utc, clock.local_now().tzinfo)


def _hours_minutes(iso_utc: str, zone: tzinfo | None) -> str:
    moment = datetime.fromisoformat(iso_utc).astimezone(zone)
    return f"{moment.hour:02d}:{moment.minute:02d}"


class AlertBanner(QFrame):
    """Open alarms (PHQ-9 item 9): stays until a nurse acknowledges each one."""

    acknowledge = Signal(int)  # flag id
    open_intake = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AlertBanner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.rows = QVBoxLayout(self)
        self.rows.setContentsMargins(16, 8, 16, 8)
        self._shown: tuple[tuple[int, str, int, str], ...] = ()
        self.hide()

    def show_alerts(self, rows: list[IntakeSummary], language: str) -> None:
        """One line per open alert, with Open and Acknowledge (the lines stay, and the focus on
        them, while the alerts are the same)."""
        alerts = [(row, flag) for row in rows for flag in row.open_alerts]
        shown = tuple((row.id, row.name, flag.id, flag.text(language)) for row, flag in alerts)
        if shown == self._shown and self.rows.count() == len(alerts):
            return
        self._shown = shown
        while self.rows.count():
            item = self.rows.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()  # type: ignore[union-attr]
        for row, flag in alerts:
            line = QWidget()
            layout = QHBoxLayout(line)
            layout.setContentsMargins(0, 0, 0, 0)
            text = text_label(
                fill_in(self.tr("▲ ALERT: %1 — %2"), row.name, flag.text(language)),
                "AlertText",
            )
            text.setAccessibleName(fill_in(self.tr("Alert: %1, %2"), row.name, flag.text(language)))
            layout.addWidget(text, 1)
            open_button = touch_button(
                self.tr("Open"),
                role="Secondary",
                accessible=fill_in(self.tr("Open %1"), row.name),
            )
            open_button.clicked.connect(lambda _=False, i=row.id: self.open_intake.emit(i))
            ack = touch_button(self.tr("Acknowledge"), role="Primary")
            ack.setAccessibleName(fill_in(self.tr("Acknowledge alert for %1"), row.name))
            ack.clicked.connect(lambda _=False, f=flag.id: self.acknowledge.emit(f))
            layout.addWidget(open_button)
            layout.addWidget(ack)
            self.rows.addWidget(line)
        self.setVisible(bool(alerts))


class BoardView(QWidget):
    """The day's intakes; updates itself while patients move on at the kiosk.

    ``background``: the same station on a connection of its own, for ``refresh_soon``: read on
    a thread of its own and drawn when the read is back (a clinic server that stops answering
    cannot freeze the station). A read drawn never gives way to one that started before it;
    ``refreshed`` is emitted after each read is drawn.
    """

    open_intake = Signal(int)
    acknowledge = Signal(int)
    refreshed = Signal()

    def __init__(
        self,
        station: StationService,
        clock: Clock,
        language: Callable[[], str],
        parent: QWidget | None = None,
        *,
        background: StationService | None = None,
    ) -> None:
        super().__init__(parent)
        self._background = background
        self.reads = Background(self) if background is not None else None
        self._started = 0  # reads started, in order
        self._drawn = 0  # the order of the read drawn last
        self._station = station
        self._clock = clock
        self._language = language
        self._marker: Hashable | None = None
        self._read_failed = False
        self.rows: list[IntakeSummary] = []
        # each intake's row as last drawn, and what it was drawn from (drawn again only when
        # that changed): intake id -> (summary, language, zone, watch, row)
        self._drawn_lines: dict[int, Drawn] = {}
        self.banner = AlertBanner()
        self.banner.acknowledge.connect(self.acknowledge.emit)
        self.banner.open_intake.connect(self.open_intake.emit)
        self.fault = text_label("", "Problem")
        self.fault.hide()
        self.notice = text_label("", "Problem")  # stays until the station is locked
        self.notice.hide()
        self.title = text_label("", "Title")
        self.model = BoardModel(
            [self.tr("Arrived"), self.tr("Patient"), self.tr("Stage"), self.tr("Flags")], self
        )
        self.table = self._make_table()
        # Rows are measured when drawn; all of them again (once, after the event) when the
        # columns change width (shown, resized, a longer name), as the flags wrap anew.
        self._measure = QTimer(self)
        self._measure.setSingleShot(True)
        self._measure.setInterval(0)
        self._measure.timeout.connect(self.table.resizeRowsToContents)
        self.table.horizontalHeader().sectionResized.connect(self._columns_resized)
        self.table.clicked.connect(self._clicked)
        self.empty = text_label(self.tr("No patients have checked in today yet."), "Subtitle")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.addWidget(self.notice)
        layout.addWidget(self.fault)
        layout.addWidget(self.banner)
        layout.addWidget(self.title)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.minute = QTimer(self)  # runs while the board is in use, polled or not
        self.minute.setInterval(MINUTE_MS)
        self.minute.timeout.connect(self.tick)
        self.minute.start()
        self.refresh()

    def _make_table(self) -> BoardTable:
        """The table on the model: rows selected whole, never edited, a finger's height."""
        table = BoardTable(self.model)
        table.setAccessibleName(self.tr("Today's patients"))
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setMinimumSectionSize(56)  # a finger opens a row
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setWordWrap(True)
        table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)  # a finger's pace
        # Tab leaves the table (to the banner's Open and Acknowledge, the station's buttons);
        # the arrows move in it and Enter opens the row.
        table.setTabKeyNavigation(False)
        table.installEventFilter(self)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        return table

    def _columns_resized(self, _column: int, _old: int, _new: int) -> None:
        self._measure.start()

    def poll(self) -> None:
        """Refresh only when something on the board changed (cheap check)."""
        marker = self._read(self._station.change_marker)
        if marker is not None and marker != self._marker:
            self.refresh()

    def _read(self, read: Callable[[], T]) -> T | None:
        """``read()``; a database that cannot be read says so in the problem line (None)."""
        try:
            value = read()
        except StorageError as problem:  # the station's store lets no driver error out
            self._unreadable(problem)
            return None
        if self._read_failed:
            self.clear_fault()
        return value

    def _unreadable(self, problem: Exception) -> None:
        if not isinstance(problem, StorageError):
            raise problem
        self.show_fault("⚠ " + self.tr("The board cannot be read.") + " " + advice_for(problem))

    def show_fault(self, text: str) -> None:
        """A storage problem across the top of the board until ``clear_fault`` or a good read."""
        self._read_failed = True
        problem_line(self.fault, text)
        self.fault.show()

    def show_notice(self, text: str) -> None:
        """A problem staff must know about (a patient's save failed), until the station locks."""
        problem_line(self.notice, text)
        self.notice.show()

    def clear_fault(self) -> None:
        """The problem line goes away."""
        self._read_failed = False
        self.fault.clear()
        self.fault.setAccessibleName("")
        self.fault.hide()

    def refresh(self) -> None:
        """Read the day's intakes and redraw (the last rows stay when they cannot be read)."""
        day = today(self._clock)
        self._started += 1
        order = self._started
        read = self._read(lambda: (self._station.change_marker(), self._station.board(day)))
        if read is not None:
            self._draw(order, day, read)

    def refresh_soon(self) -> None:
        """``refresh`` in the background when the board has one: the screen goes on while the
        read is out, and the board is drawn when it is back."""
        station = self._background
        if station is None or self.reads is None:
            self.refresh()
            return
        day = today(self._clock)
        self._started += 1
        order = self._started

        def fetch() -> tuple[Hashable, list[IntakeSummary]]:
            return station.change_marker(), station.board(day)

        def failed(problem: Exception) -> None:
            if order > self._drawn:
                self._unreadable(problem)

        self.reads.run(fetch, lambda read: self._draw(order, day, read), failed)

    def clear(self) -> None:
        """Nothing of the board on screen, and no read still coming back draws it again."""
        if self.reads is not None:
            self.reads.forget()
        self._drawn = self._started  # nothing read before this is drawn
        self._marker = None
        self.rows = []
        self._drawn_lines = {}
        self.model.update([])
        self.table.forget()
        self.banner.show_alerts([], self._language())

    def _draw(self, order: int, day: date, read: tuple[Hashable, list[IntakeSummary]]) -> None:
        if order <= self._drawn:
            return  # a later read is on screen already (or the board was cleared since)
        self._drawn = order
        if self._read_failed:
            self.clear_fault()
        self._marker, self.rows = read
        language = self._language()
        self.title.setText(
            fill_in(self.tr("Today, %1: %n patient(s)", "", len(self.rows)), day.isoformat())
        )
        self.banner.show_alerts(self.rows, language)
        self.empty.setVisible(not self.rows)
        changed = self.model.update(self._lines(language))
        for place in changed:  # the rest keep their measured heights
            self.table.resizeRowToContents(place)
        self.refreshed.emit()

    def tick(self) -> None:
        """The rows drawn again from the clock, without a read: observation countdowns, vitals
        due and overdue (each minute); only the rows whose words changed are redrawn."""
        if not self.rows:
            return
        for place in self.model.update(self._lines(self._language())):
            self.table.resizeRowToContents(place)

    def _watch(self, row: IntakeSummary, now: datetime) -> Watch:
        """Where the row's patient stands at ``now`` (None once discharged)."""
        if row.stage == "discharged":
            return None
        settings = self._station.forms.settings
        return standing_of(row, now, settings), vitals_due_of(row, now, settings)

    def _lines(self, language: str) -> list[BoardLine]:
        """Every row's cells, made again only for the intakes that changed since last drawn
        (or whose countdown or vitals due moved on with the clock)."""
        zone = self._clock.local_now().tzinfo
        now = self._clock.now()
        drawn: dict[int, Drawn] = {}
        lines = []
        for row in self.rows:
            watch = self._watch(row, now)
            before = self._drawn_lines.get(row.id)
            if before is not None and before[:4] == (row, language, zone, watch):
                line = before[4]
            else:
                line = self._line(row, language, zone, watch)
            drawn[row.id] = (row, language, zone, watch, line)
            lines.append(line)
        self._drawn_lines = drawn
        return lines

    def _line(
        self, row: IntakeSummary, language: str, zone: tzinfo | None, watch: Watch
    ) -> BoardLine:
        """The row's cells as shown and as spoken (shapes and ticks read as words)."""
        name = row.name if row.verified else row.name + "  " + self.tr("⚠ unverified")
        spoken_name = row.name if row.verified else fill_in(self.tr("%1, unverified"), row.name)
        flags = "\n".join(
            f"{level_label(f.level, f.open_alert)}  {f.text(language)}"
            + ("  ✓" if f.acknowledged_at else "")
            for f in row.flags
        )
        spoken_flags = "; ".join(
            f"{spoken_level(f.level, f.open_alert)}: {f.text(language)}"
            + (", " + self.tr("acknowledged") if f.acknowledged_at else "")
            for f in row.flags
        )
        stage = spoken_stage = stage_label(row.stage)
        loud = False
        if watch is not None:
            standing, due = watch
            stage = chair_text(standing, due, row.readiness_passed)
            spoken_stage = chair_spoken(standing, due, row.readiness_passed)
            loud = due is VitalsDue.OVERDUE
            if row.stage == "checking_in":  # still at the kiosk
                stage = spoken_stage = stage_label(row.stage)
            elif row.infusion_started_at is None:  # the stage it came to, then waiting
                stage = stage_label(row.stage) + "\n" + stage
                spoken_stage = stage_label(row.stage) + "; " + spoken_stage
        return BoardLine(
            row.id,
            (_hours_minutes(row.created_at, zone), name, stage, flags or "—"),
            (None, spoken_name, spoken_stage, spoken_flags or self.tr("No flags")),
            min(urgency(row)[0], AMBER) if loud else urgency(row)[0],  # overdue: amber at least
            loud,
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter (or Return) on the table opens the current row."""
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._clicked(self.table.currentIndex())
                return True
        return False

    def _clicked(self, index: QModelIndex) -> None:
        intake = self.model.intake_id(index.row()) if index.isValid() else None
        if intake is not None:
            self.open_intake.emit(intake)

    def start(self) -> None:
        """Begin polling (the staff side is showing)."""
        self.refresh()
        self.timer.start()
        self.minute.start()

    def stop(self) -> None:
        """Stop polling, and the minute's redraw."""
        self.timer.stop()
        self.minute.stop()
