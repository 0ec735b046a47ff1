"""Staff sign-in: who, PIN, and what a refusal means, until it succeeds or is cancelled."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from kiosk.core.clock import Clock
from kiosk.core.staff import Reason, SignIn, StaffMember
from kiosk.core.text import fill_in
from kiosk.ui.staff.dialogs import Notice
from kiosk.ui.staff.pin_dialog import PinDialog, StaffChoice


def refusal_text(result: SignIn, clock: Clock) -> str:
    """Why a sign-in failed, in plain words."""
    if result.reason is Reason.WRONG_PIN:
        return "⚠ " + fill_in(
            QCoreApplication.translate(
                "StaffGate", "Wrong PIN. Tries left before this account locks: %1."
            ),
            str(result.attempts_left),
        )
    if result.reason is Reason.LOCKED and result.locked_until is not None:
        until = result.locked_until.astimezone(clock.local_now().tzinfo).strftime("%H:%M")
        return "⚠ " + fill_in(
            QCoreApplication.translate(
                "StaffGate", "Too many wrong PINs: this account is locked until %1."
            ),
            until,
        )
    if result.reason is Reason.DISABLED:
        return "⚠ " + QCoreApplication.translate(
            "StaffGate", "This account is disabled. Ask an admin."
        )
    return "⚠ " + QCoreApplication.translate("StaffGate", "That account does not exist any more.")


class StaffDirectory(Protocol):
    """Where staff sign in: a kiosk's own accounts (StaffService) or the clinic server's
    (StationDesk); wrong PINs are counted where the accounts are."""

    def members(self) -> list[StaffMember]: ...

    def sign_in(self, staff_id: int, pin: str) -> SignIn: ...


def ask_pin(
    parent: QWidget,
    staff: StaffDirectory,
    clock: Clock,
    members: list[StaffMember],
    message: str = "",
) -> StaffMember | None:
    """Ask who of ``members`` and the PIN until a right PIN (the member) or Cancel (None);
    ``message``: what the first prompt says above the PIN."""
    choices = [StaffChoice(m.id, m.name, m.role.value) for m in members]
    chosen: int | None = None
    while True:
        answer = PinDialog.ask(parent, choices, message, chosen)
        if answer is None:
            return None
        chosen, pin = answer
        result = staff.sign_in(chosen, pin)
        if result.ok and result.member is not None:
            return result.member
        message = refusal_text(result, clock)


def sign_in(
    parent: QWidget, staff: StaffDirectory, clock: Clock, message: str = ""
) -> StaffMember | None:
    """Ask until a right PIN (the member) or Cancel (None); wrong PINs are counted where the
    accounts are. ``message``: what the first prompt says above the PIN."""
    members = staff.members()
    if not members:
        Notice.show_message(
            parent,
            QCoreApplication.translate(
                "StaffGate",
                "No staff accounts are set up yet. An admin adds the first one on the command line:\n"
                "python -m kiosk staff add --role admin --name NAME",
            ),
        )
        return None
    return ask_pin(parent, staff, clock, members, message)
