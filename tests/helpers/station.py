"""Staff at the station in GUI tests: accounts on a window's database, and signing in."""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.core.staff import Role, StaffMember
from kiosk.storage.staff import StaffRepository
from kiosk.ui.main_window import MainWindow
from kiosk.ui.staff.pin_dialog import PinDialog
from kiosk.ui.staff.station import StationView


def add_member(window: MainWindow, name: str, role: Role, pin: str) -> StaffMember:
    """A staff account on the window's database, its PIN hashed cheaply."""
    repo = StaffRepository(
        window.context.db, window.context.clock, window.context.forms.settings.staff, cost=2**10
    )
    return repo.add(name, role, pin)


def sign_in(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, member: StaffMember, pin: str
) -> StationView:
    """Touch the staff corner and give this member's PIN at the prompt."""

    def ask(cls: Any, *args: Any, **kwargs: Any) -> tuple[int, str]:
        return member.id, pin

    monkeypatch.setattr(PinDialog, "ask", classmethod(ask))
    window.open_staff()
    assert isinstance(window.station, StationView)
    return window.station
