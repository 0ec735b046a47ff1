"""Staff at the station in GUI tests: accounts on a window's database, the PIN prompt, signing in."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.core.clock import FakeClock, today
from kiosk.core.staff import Role, Signer, StaffMember
from kiosk.services.context import KioskContext, open_context
from kiosk.services.demo.day import make_demo
from kiosk.services.discharge import DischargeDesk, PrintOutcome
from kiosk.storage.staff import StaffRepository
from kiosk.ui.main_window import MainWindow
from kiosk.ui.staff.aftercare_view import AftercareDialog
from kiosk.ui.staff.pin_dialog import PinDialog
from kiosk.ui.staff.station import StationView
from tests.helpers.watch import make_ready

NURSE_PIN = "482915"
ADMIN_PIN = "739164"


def add_member(window: MainWindow, name: str, role: Role, pin: str) -> StaffMember:
    """A staff account on the window's database, its PIN hashed cheaply."""
    repo = StaffRepository(
        window.context.db, window.context.clock, window.context.forms.settings.staff, cost=2**10
    )
    return repo.add(name, role, pin)


def add_staff(window: MainWindow) -> tuple[StaffMember, StaffMember]:
    """A nurse (NURSE_PIN) and an admin (ADMIN_PIN) on the window's database."""
    return (
        add_member(window, "Nora Nurse", Role.NURSE, NURSE_PIN),
        add_member(window, "Ada Admin", Role.ADMIN, ADMIN_PIN),
    )


class PinAnswers:
    """Answers the PIN prompt from a list, then cancels; records what each prompt showed."""

    def __init__(self, answers: list[tuple[int, str] | None]) -> None:
        self.answers = answers
        self.messages: list[str] = []
        self.names: list[list[str]] = []

    def __call__(
        self, parent: Any, members: Any, message: str = "", preselect: int | None = None
    ) -> Any:
        self.messages.append(message)
        self.names.append([m.name for m in members])
        return self.answers.pop(0) if self.answers else None


def answer_pins(
    monkeypatch: pytest.MonkeyPatch, answers: list[tuple[int, str] | None]
) -> PinAnswers:
    """Patch the PIN prompt to give these (staff id, PIN) answers in turn."""
    prompt = PinAnswers(answers)
    monkeypatch.setattr(PinDialog, "ask", classmethod(lambda cls, *a, **k: prompt(*a, **k)))
    return prompt


def sign_in(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, member: StaffMember, pin: str
) -> StationView:
    """Touch the staff corner and give this member's PIN at the prompt, once."""
    answer_pins(monkeypatch, [(member.id, pin)])
    window.open_staff()
    assert isinstance(window.station, StationView)
    return window.station


def print_now(dialog: AftercareDialog, seconds: float = 60) -> PrintOutcome:
    """Touch Print on an aftercare preview and wait for what happened (the sheet is made, sent
    and watched on a thread of its own); that outcome."""
    before = len(dialog.outcomes)
    deadline = time.monotonic() + seconds
    while dialog.preparing:  # Print waits for the preview's pages
        assert time.monotonic() < deadline, "the aftercare preview never showed"
        QApplication.processEvents()
        time.sleep(0.01)
    dialog.print_sheet()
    while len(dialog.outcomes) == before:
        assert time.monotonic() < deadline, "the print never ended"
        QApplication.processEvents()
        time.sleep(0.01)
    return dialog.outcomes[-1]


@contextmanager
def one_discharged(data_dir: Path, nurse: Signer) -> Iterator[tuple[KioskContext, int]]:
    """A kiosk context on ``data_dir`` with one of today's demo patients brought to the door
    (tests.helpers.watch.make_ready) and discharged by ``nurse`` (driver Pat Driver); the
    context, and the intake's id. Closed afterwards."""
    clock = FakeClock()
    context = open_context(data_dir, clock=clock)
    try:
        intake_id = make_demo(context, 1, today(clock), seed=4)[0]
        desk = DischargeDesk(context)
        make_ready(desk.station, intake_id, nurse)
        desk.discharge(
            intake_id,
            driver_name="Pat Driver",
            driver_phone="555 123 4567",
            driver_present=True,
            nurse=nurse,
        )
        yield context, intake_id
    finally:
        context.close()


def corner_credential(url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A station login "corner" on the server at ``url``: its credential file, owner-only
    outside the data folder, named by $KIOSK_STATION_CREDENTIAL."""
    from kiosk.services import server  # noqa: PLC0415 - the clinic server's tests alone
    from kiosk.services.station_desk import ENV_STATION_CREDENTIAL  # noqa: PLC0415

    folder = tmp_path / "station-secrets"
    folder.mkdir(mode=0o700)
    path = folder / "corner.credential"
    server.station_login(url, "corner", path)
    monkeypatch.setenv(ENV_STATION_CREDENTIAL, str(path))
    return path
