"""Faults while a patient is mid-intake: the disk fills, the database turns read-only, the file
is damaged, the database stays locked.

Each fault is made for real on the database the kiosk window writes to, at a patient step:
identify (new and returning), a checklist page, a PHQ-9 item, the ride page, consent. Each
test checks that the patient sees "Please see the front desk" and nothing of theirs, that no
exception escapes a Qt slot, that the log tells staff what happened, that every step confirmed
before the fault is in the database exactly as before (read through a fresh connection), and
that once the fault is cleared and a staff member has signed in, the same patient resumes at
the step that failed.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from kiosk.core import pins
from kiosk.core.clock import FakeClock
from kiosk.core.session import StepKind
from kiosk.core.staff import Role
from kiosk.storage.db import DatabaseDamagedError, database_path, open_database
from kiosk.storage.errors import StorageError, StorageFault
from kiosk.storage.faults import Fault
from kiosk.storage.staff import StaffRepository
from kiosk.ui import main_window as main_window_module
from kiosk.ui.main_window import MainWindow
from kiosk.ui.patient.done import DoneScreen
from kiosk.ui.patient.faults import SaveFault, save_fault
from kiosk.ui.patient.front_desk import FrontDeskScreen
from kiosk.ui.patient.identify import IdentifyScreen
from kiosk.ui.patient.welcome import WelcomeScreen
from kiosk.ui.staff.dialogs import Notice
from kiosk.ui.staff.pin_dialog import PinDialog
from tests.helpers.kiosk_driver import KioskDriver
from tests.helpers.widgets import all_texts, flush_deletes
from tests.reliability.conftest import FULL
from tests.ui import conftest as ui_conftest

# The GUI fixtures of tests/ui: the real window on a temp data folder, a finger on it, more
# windows on the same folder, and the checks for leaked windows and unanswered dialogs.
kiosk_window = ui_conftest.kiosk_window
driver = ui_conftest.driver
more_windows = ui_conftest.more_windows
_no_leaked_windows = ui_conftest._no_leaked_windows
_no_unanswered_dialogs = ui_conftest._no_unanswered_dialogs

FIRST, LAST = "Wilhelmina", "Quattlebaum-Ñúñez"
BIRTH = date(1958, 2, 27)
PIN = "482915"
# Where a fault strikes: the session's step just before the touch that saves it.
TARGETS = ("identify", "identify_again", "checklist", "item", "ride", "consent")
QUICK = {  # the quick scale (CI): each fault at one or two steps
    "disk_full": ("checklist",),
    "immutable": ("item",),
    "query_only": ("identify_again",),
    "damaged": ("identify", "ride"),
    "locked": ("checklist",),
}


def targets(fault: str) -> tuple[str, ...]:
    """Where ``fault`` strikes: every step in the full run, QUICK[fault] in the quick one."""
    return TARGETS if FULL else QUICK[fault]


# --- the patient and the staff ------------------------------------------------------------------


def reach(driver: KioskDriver, target: str) -> Callable[[], None]:
    """Bring a new patient to ``target``, confirming every step before it; return the touch that
    saves ``target``."""
    driver.start()
    if target == "identify":
        driver.type_identity(FIRST, LAST, BIRTH)
        return driver.ready_to_save()
    driver.identify(FIRST, LAST, BIRTH)
    if target == "identify_again":  # a returning patient: one page done, back ten minutes later
        driver.fill_page()
        driver.start_over()
        clock = driver.window.context.clock
        assert isinstance(clock, FakeClock)
        clock.advance(600)
        driver.start()
        driver.type_identity(FIRST.upper(), LAST, BIRTH)
        return driver.ready_to_save()
    session = driver.window.session
    arrived: dict[str, Callable[[], bool]] = {
        "checklist": lambda: session.current.key == "checklist:benzodiazepines",
        "item": lambda: session.current.key == "phq9:phq9_3",
        "ride": lambda: session.current.form_id == session.forms.ride.id,
        "consent": lambda: session.current.kind is StepKind.CONSENT,
    }
    while not arrived[target]():
        driver.ready_to_save()()
    return driver.ready_to_save()


def stored(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Everything the patient side stores, read through a new connection (quick_check first)."""
    db = open_database(path, migrate=False)
    try:
        return {
            table: [tuple(row.values()) for row in db.query(f"SELECT * FROM {table} ORDER BY 1, 2")]
            for table in ("intakes", "answers", "steps", "flags", "scores")
        } | {
            "consents": [
                tuple(r.values())
                for r in db.query("SELECT intake_id, version, pdf_sha256 FROM consents")
            ]
        }
    finally:
        db.close()


def confirmed_steps(path: Path) -> set[str]:
    """The step keys stored for the day."""
    return {row[1] for row in stored(path)["steps"]}


@pytest.fixture
def staff_told() -> list[str]:
    """The messages staff were shown at the staff corner."""
    return []


@pytest.fixture
def staff(
    kiosk_window: MainWindow, monkeypatch: pytest.MonkeyPatch, staff_told: list[str]
) -> Callable[[MainWindow], bool]:
    """A nurse on the kiosk's database; calling the result signs her in at the staff corner of a
    window and locks the station again. True when the station opened."""
    monkeypatch.setattr(pins, "DEFAULT_COST", 2**10)
    context = kiosk_window.context
    member = StaffRepository(
        context.db, context.clock, context.forms.settings.staff, cost=2**10
    ).add("Nora Nurse", Role.NURSE, PIN)

    def sign_in_and_lock(window: MainWindow) -> bool:
        answers: list[tuple[int, str] | None] = [(member.id, PIN)]
        monkeypatch.setattr(
            PinDialog, "ask", classmethod(lambda cls, *a, **k: answers.pop(0) if answers else None)
        )
        monkeypatch.setattr(
            Notice, "show_message", classmethod(lambda cls, _parent, text: staff_told.append(text))
        )
        window.open_staff()
        if window.station is None:
            return False
        window.station.lock()
        flush_deletes()
        return True

    return sign_in_and_lock


def save_hits_the_fault(
    driver: KioskDriver, save: Callable[[], None], qtbot: Any, caplog: pytest.LogCaptureFixture
) -> SaveFault | None:
    """Touch ``save``; no exception may escape a slot. The fault, if the front desk came up."""
    window = driver.window
    raised: list[SaveFault] = []
    errors: list[BaseException] = []

    def recorded(error: BaseException, *args: Any) -> SaveFault:
        errors.append(error)
        return save_fault(error, *args)

    window.save_failed.connect(raised.append)
    caplog.clear()
    with (
        pytest.MonkeyPatch.context() as patch,
        caplog.at_level(logging.INFO, logger="kiosk.ui"),
        qtbot.captureExceptions() as escaped,
    ):
        patch.setattr(main_window_module, "save_fault", recorded)
        save()
        flush_deletes()
    window.save_failed.disconnect(raised.append)
    assert not escaped, f"an exception escaped a slot: {escaped[0][1]!r}"
    if not raised:
        assert not driver.at_front_desk()
        return None
    assert driver.at_front_desk()
    # storage's own error of the fault's kind reached the window, never the driver's
    (error,) = errors
    assert isinstance(error, StorageError) and error.kind is raised[0].kind, error
    if isinstance(error, StorageFault):
        assert error.__cause__ is not None and not isinstance(error.__cause__, StorageError)
    return raised[0]


def check_front_desk(
    driver: KioskDriver,
    fault: SaveFault,
    kind: Fault,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The front desk screen as a clinic wants it: calm, nothing of the patient, nothing to
    touch, there to stay; the log says what happened and what to do, without patient text."""
    window = driver.window
    assert fault.kind is kind, fault
    assert window.fault == fault
    texts = "\n".join(all_texts())
    assert "Please see the front desk" in texts
    for secret in (FIRST, LAST, "Wilhelmina".upper(), "1958", "February 27"):
        assert secret not in texts
    screen = driver.screen()
    assert isinstance(screen, FrontDeskScreen)
    assert not [b for b in screen.findChildren(type(window.staff_corner)) if b.isVisible()]
    assert not window.start_over_button.isVisible() and not window.progress.isVisible()
    assert not window.session.started and window.session.answers == {}
    lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any(f"kind={kind}" in line and f"step={fault.step}" in line for line in lines), lines
    assert not any(FIRST in line or "Quattlebaum" in line for line in caplog.messages)
    settings = window.context.forms.settings.kiosk
    clock.advance(settings.idle_timeout_seconds + settings.idle_warning_seconds + 1)
    window.idle.poll()
    assert isinstance(driver.screen(), FrontDeskScreen)  # it waits for staff


def resumes_at(driver: KioskDriver, failed: str) -> None:
    """The same patient, after staff cleared the fault, starts again where saving failed."""
    assert isinstance(driver.screen(), WelcomeScreen)
    driver.start()
    driver.identify(FIRST, LAST, BIRTH)
    session = driver.window.session
    if failed == "identify":
        assert session.current == session.steps()[0]
    else:
        assert session.current.key == failed
    intakes = list(driver.window.context.db.query("SELECT id FROM intakes"))
    assert len(intakes) == 1


# --- the faults ---------------------------------------------------------------------------------


def tighten_disk(db: Database) -> None:
    """The disk is full: the database may not grow by a single page (SQLite's max_page_count,
    set on the window's own connection, where it applies)."""
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")


@pytest.mark.parametrize("start", targets("disk_full"))
def test_disk_full(
    start: str,
    driver: KioskDriver,
    kiosk_window: MainWindow,
    staff: Callable[[MainWindow], bool],
    clock: FakeClock,
    qtbot: Any,
    caplog: pytest.LogCaptureFixture,
    tally: Any,
) -> None:
    """From ``start`` on, the disk has no room left before each step: the first step that needs
    a new page fails (at the latest the consent, whose copy takes many pages) and the patient
    sees the front desk; everything confirmed before stays; with room again, the same patient
    resumes at that step."""
    db = kiosk_window.context.db
    path = database_path(kiosk_window.context.data_dir)
    limit = db.execute("PRAGMA max_page_count").fetchone()[0]
    save = reach(driver, start)
    while True:
        before = stored(path)
        step = "identify" if isinstance(driver.screen(), IdentifyScreen) else ""
        step = step or kiosk_window.session.current.key
        tighten_disk(db)
        fault = save_hits_the_fault(driver, save, qtbot, caplog)
        if fault is not None:
            break
        db.execute(f"PRAGMA max_page_count = {limit}")
        assert not isinstance(driver.screen(), DoneScreen), "the disk never filled up"
        save = driver.ready_to_save()
    tally.add("faults injected")
    assert fault.step == step
    check_front_desk(driver, fault, Fault.DISK_FULL, clock, caplog)
    assert stored(path) == before
    db.execute(f"PRAGMA max_page_count = {limit}")  # space freed
    assert staff(kiosk_window)
    resumes_at(driver, step)


def chattr_works(folder: Path) -> str:
    """Why ``chattr +i`` cannot make a file immutable here; "" when it can."""
    if shutil.which("chattr") is None:
        return "chattr is not installed (Debian: e2fsprogs)"
    probe = folder / "immutable-probe"
    probe.write_text("x")
    try:
        done = subprocess.run(["chattr", "+i", str(probe)], capture_output=True, check=False)
        if done.returncode != 0:
            return f"chattr +i is refused here: {done.stderr.decode().strip()}"
        try:
            with probe.open("a") as handle:
                handle.write("y")
        except OSError:
            return ""
        return "an immutable file can still be written here"
    finally:
        subprocess.run(["chattr", "-i", str(probe)], capture_output=True, check=False)
        probe.unlink()


@pytest.fixture
def immutable(kiosk_window: MainWindow) -> Iterator[Callable[[bool], None]]:
    """Make the database file and its write-ahead log immutable (True) or writable (False), as a
    disk remounted read-only would; root ignores file modes, not this. Always undone after."""
    path = database_path(kiosk_window.context.data_dir)
    files = [str(path), f"{path}-wal"]
    reason = chattr_works(path.parent)
    if reason:
        pytest.skip(reason + "; test_read_only_query_only covers a read-only database")

    def set_immutable(on: bool) -> None:
        subprocess.run(["chattr", "+i" if on else "-i", *files], check=True)

    yield set_immutable
    subprocess.run(["chattr", "-i", *files], check=False)


def query_only(db: Database, on: bool) -> None:
    """SQLite's query_only on the window's connection: every write refused as read-only."""
    db.execute(f"PRAGMA query_only = {int(on)}")


def fault_run(
    target: str,
    driver: KioskDriver,
    inject: Callable[[], None],
    clear: Callable[[], None],
    kind: Fault,
    clock: FakeClock,
    qtbot: Any,
    caplog: pytest.LogCaptureFixture,
) -> str:
    """Reach ``target``, inject, touch save, check the front desk and the stored data, clear.
    Returns the step that failed."""
    window = driver.window
    path = database_path(window.context.data_dir)
    save = reach(driver, target)
    step = "identify" if target.startswith("identify") else window.session.current.key
    before = stored(path)
    inject()
    fault = save_hits_the_fault(driver, save, qtbot, caplog)
    assert fault is not None, "the save went through despite the fault"
    check_front_desk(driver, fault, kind, clock, caplog)
    assert fault.step == step
    clear()
    assert stored(path) == before
    return step


@pytest.mark.parametrize("target", targets("immutable"))
def test_read_only_file(
    target: str,
    driver: KioskDriver,
    kiosk_window: MainWindow,
    immutable: Callable[[bool], None],
    staff: Callable[[MainWindow], bool],
    staff_told: list[str],
    clock: FakeClock,
    qtbot: Any,
    caplog: pytest.LogCaptureFixture,
    tally: Any,
) -> None:
    """The database file and its log turn immutable under the running kiosk: front desk; staff
    signing in before it is fixed still find the front desk; after, the patient resumes."""
    still_broken: list[bool] = []

    def clear() -> None:
        still_broken.append(staff(kiosk_window))  # the sign-in itself cannot be saved yet
        assert driver.at_front_desk()
        immutable(False)

    failed = fault_run(
        target, driver, lambda: immutable(True), clear, Fault.READ_ONLY, clock, qtbot, caplog
    )
    tally.add("faults injected")
    assert still_broken == [False]
    # The nurse is told why the station did not open and what to do, not only the front desk.
    [told] = staff_told
    assert "sign-in could not be saved" in told
    assert "read-only" in told
    staff_told.clear()
    assert staff(kiosk_window)
    assert staff_told == []
    resumes_at(driver, "identify" if target == "identify" else _failed_key(failed, target))


def _failed_key(failed: str, target: str) -> str:
    """A returning patient who failed at identify resumes at their first unconfirmed step."""
    return "checklist:benzodiazepines" if target == "identify_again" else failed


@pytest.mark.parametrize("target", targets("query_only"))
def test_read_only_query_only(
    target: str,
    driver: KioskDriver,
    kiosk_window: MainWindow,
    staff: Callable[[MainWindow], bool],
    clock: FakeClock,
    qtbot: Any,
    caplog: pytest.LogCaptureFixture,
    tally: Any,
) -> None:
    """SQLite refuses every write of the window's connection as read-only: front desk; after it
    is lifted, the patient resumes."""
    db = kiosk_window.context.db
    failed = fault_run(
        target,
        driver,
        lambda: query_only(db, True),
        lambda: query_only(db, False),
        Fault.READ_ONLY,
        clock,
        qtbot,
        caplog,
    )
    tally.add("faults injected")
    assert staff(kiosk_window)
    resumes_at(driver, "identify" if target == "identify" else _failed_key(failed, target))


class PageDamage:
    """Garbage over one page in the middle of the file: the root page of an index the next
    save reads. The window's connection is made to drop its cache first, as memory pressure
    would, so that it reads the page from the disk."""

    def __init__(self, db: Database, path: Path, index: str) -> None:
        self.db = db
        self.path = path
        self.index = index
        self.offset = 0
        self.original = b""

    def inject(self) -> None:
        """Move the log into the file, then overwrite the index's root page."""
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = int(self.db.execute("PRAGMA page_size").fetchone()[0])
        pages = int(self.db.execute("PRAGMA page_count").fetchone()[0])
        root = int(
            self.db.execute(
                "SELECT rootpage FROM sqlite_master WHERE name = ?", [self.index]
            ).fetchone()[0]
        )
        assert 1 < root < pages, (root, pages)  # in the middle of the file
        self.offset = (root - 1) * size
        with self.path.open("r+b") as handle:
            handle.seek(self.offset)
            self.original = handle.read(size)
            handle.seek(self.offset)
            handle.write(b"\xde\xad\xbe\xef" * (size // 4))
        self.db.execute("PRAGMA shrink_memory")

    def mend(self) -> None:
        """Put the page back as it was (what restoring it from a sound copy does)."""
        with self.path.open("r+b") as handle:
            handle.seek(self.offset)
            handle.write(self.original)
        self.db.execute("PRAGMA shrink_memory")


@pytest.mark.parametrize("target", targets("damaged"))
def test_damaged_file(
    target: str,
    driver: KioskDriver,
    kiosk_window: MainWindow,
    more_windows: Callable[..., MainWindow],
    clock: FakeClock,
    qtbot: Any,
    caplog: pytest.LogCaptureFixture,
    tally: Any,
) -> None:
    """A page in the middle of the file is overwritten: the next save fails as damage, the
    kiosk would refuse the file at its next start, and after the page is mended a restarted
    kiosk lets the same patient resume."""
    path = database_path(kiosk_window.context.data_dir)
    index = "intakes_day" if target == "identify" else "sqlite_autoindex_steps_1"
    damage = PageDamage(kiosk_window.context.db, path, index)

    def clear() -> None:
        with pytest.raises(DatabaseDamagedError):
            open_database(path)  # what a restarted kiosk would meet
        damage.mend()

    failed = fault_run(target, driver, damage.inject, clear, Fault.DAMAGED, clock, qtbot, caplog)
    tally.add("faults injected")
    restarted = more_windows(beside=False)
    resumes_at(
        KioskDriver(restarted, qtbot),
        "identify" if target == "identify" else _failed_key(failed, target),
    )


@pytest.mark.parametrize("target", targets("locked"))
def test_locked_too_long(
    target: str,
    driver: KioskDriver,
    kiosk_window: MainWindow,
    staff: Callable[[MainWindow], bool],
    clock: FakeClock,
    qtbot: Any,
    caplog: pytest.LogCaptureFixture,
    tally: Any,
) -> None:
    """Another program holds the write lock past the busy timeout (shortened to none here so
    the test does not wait ten seconds): front desk; once it lets go, the patient resumes."""
    db = kiosk_window.context.db
    path = database_path(kiosk_window.context.data_dir)
    holder: list[Database] = []

    def inject() -> None:
        other = open_database(path, migrate=False)
        other.execute("BEGIN IMMEDIATE")
        holder.append(other)
        db.execute("PRAGMA busy_timeout = 0")

    def clear() -> None:
        other = holder.pop()
        other.execute("ROLLBACK")
        other.close()
        db.execute("PRAGMA busy_timeout = 10000")

    try:
        failed = fault_run(target, driver, inject, clear, Fault.BUSY, clock, qtbot, caplog)
    finally:
        for other in holder:
            other.close()
    tally.add("faults injected")
    assert staff(kiosk_window)
    resumes_at(driver, "identify" if target == "identify" else _failed_key(failed, target))
