"""The admin's staff page: who has an account, add one, disable or enable it, its role, a PIN;
the kiosk's own staff or the clinic server's (any StaffBook), with lockouts lifted where the
book can (StaffLocks)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from kiosk.core import pins
from kiosk.core.staff import LastAdminError, PinPolicyError, Role, StaffError, StaffMember
from kiosk.core.text import fill_in
from kiosk.services.admin_ports import StaffBook, StaffLocks
from kiosk.ui.admin.dialogs import NewPinDialog, StaffDialog
from kiosk.ui.admin.table import fill, make_table
from kiosk.ui.staff.faults import guarded
from kiosk.ui.widgets.buttons import text_label, touch_button


class StaffPage(QWidget):
    """Accounts through a staff book; every change is audited with the admin's name. With
    ``locks``, a member locked out by wrong PINs shows so and can be unlocked."""

    def __init__(
        self,
        staff: StaffBook,
        admin: StaffMember,
        parent: QWidget | None = None,
        *,
        locks: StaffLocks | None = None,
    ) -> None:
        super().__init__(parent)
        self.admin = admin
        self.staff = staff
        self.locks = locks
        self.locked: dict[int, datetime] = {}
        self.members: list[StaffMember] = []
        self.table = make_table(
            [self.tr("Name"), self.tr("Role"), self.tr("Status")], self.tr("Staff accounts")
        )
        self.add_button = touch_button(self.tr("Add staff member"), role="Primary")
        self.add_button.clicked.connect(self.add)
        self.disable_button = touch_button(self.tr("Disable"), role="Secondary")
        self.disable_button.clicked.connect(lambda: self.set_disabled(disabled=True))
        self.enable_button = touch_button(self.tr("Enable"), role="Secondary")
        self.enable_button.clicked.connect(lambda: self.set_disabled(disabled=False))
        self.reset_button = touch_button(self.tr("Reset PIN"), role="Secondary")
        self.reset_button.clicked.connect(self.reset_pin)
        self.role_button = touch_button(self.tr("Change role"), role="Secondary")
        self.role_button.clicked.connect(self.change_role)
        self.unlock_button = touch_button(self.tr("Unlock"), role="Secondary")
        self.unlock_button.clicked.connect(self.unlock)
        self.status = text_label("", "Problem")
        buttons = QGridLayout()  # two rows: five touch-sized buttons do not fit one at 1280 px
        actions = (
            self.add_button,
            self.reset_button,
            self.role_button,
            self.disable_button,
            self.enable_button,
            self.unlock_button,  # hidden, so taking no room, when the book has no locks
        )
        for index, button in enumerate(actions):
            buttons.addWidget(button, index // 3, index % 3)
        if locks is None:
            self.unlock_button.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(text_label(self.tr("Staff"), "Title"))
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        self.refresh()

    def refresh(self) -> None:
        """Read the accounts again, disabled ones included; the selection stays on its member."""
        index = self.table.currentRow()
        chosen = self.members[index].name if 0 <= index < len(self.members) else None
        self.members = self.staff.members(include_disabled=True)
        self.locked = self.locks.locked() if self.locks is not None else {}
        roles = {"nurse": self.tr("Nurse"), "admin": self.tr("Admin")}
        fill(
            self.table,
            [
                [m.name, roles.get(m.role.value, m.role.value), self._status(m)]
                for m in self.members
            ],
        )
        if chosen is not None:
            self.select(chosen)

    def _status(self, member: StaffMember) -> str:
        if member.disabled:
            return self.tr("Disabled")
        until = self.locked.get(member.id)
        if until is not None:
            return fill_in(self.tr("Locked until %1"), until.astimezone().strftime("%H:%M"))
        return self.tr("Active")

    def pin_problem(self, code: str) -> str:
        """Why the policy refused a PIN, in plain words."""
        words = {
            "too_short": fill_in(
                self.tr("That PIN is too short (at least %1 digits)."), str(pins.PIN_MIN)
            ),
            "too_long": fill_in(
                self.tr("That PIN is too long (at most %1 digits)."), str(pins.PIN_MAX)
            ),
            "not_digits": self.tr("A PIN is digits only."),
            "common": self.tr("That PIN is one of the most used PINs: choose another."),
            "repeated": self.tr("That PIN repeats digits: choose another."),
            "sequential": self.tr("That PIN is a run of digits: choose another."),
        }
        return words.get(code, self.tr("That PIN is refused: choose another."))

    @guarded
    def add(self) -> None:
        """Ask until the account can be made, or the admin cancels."""
        message = ""
        while True:
            answer = StaffDialog.ask(self, message)
            if answer is None:
                return
            name, role, pin, again = answer
            if pin != again:
                message = "⚠ " + self.tr("The two PINs differ.")
                continue
            try:
                member = self.staff.add(name, role, pin, by=self.admin.name)
                break
            except PinPolicyError as problem:
                message = "⚠ " + self.pin_problem(problem.code)
            except StaffError as problem:
                message = "⚠ " + str(problem)
        self.status.setText(fill_in(self.tr("%1 was added."), member.name))
        self.refresh()

    def _selected(self) -> StaffMember | None:
        index = self.table.currentRow()
        if 0 <= index < len(self.members):
            return self.members[index]
        self.status.setText(self.tr("Select a staff member first."))
        return None

    def select(self, name: str) -> None:
        """Select the row of this member."""
        for index, member in enumerate(self.members):
            if member.name == name:
                self.table.selectRow(index)

    @guarded
    def set_disabled(self, *, disabled: bool) -> None:
        """Disable or enable the selected account; an admin cannot disable their own."""
        member = self._selected()
        if member is None:
            return
        if disabled and member.id == self.admin.id:
            self.status.setText(self.tr("You cannot disable your own account."))
            return
        try:
            if disabled:
                self.staff.disable(member.id, by=self.admin.name)
            else:
                self.staff.enable(member.id, by=self.admin.name)
        except LastAdminError:
            self.status.setText(self.last_admin(member.name))
            return
        done = self.tr("%1 was disabled.") if disabled else self.tr("%1 was enabled.")
        self.status.setText(fill_in(done, member.name))
        self.refresh()

    @guarded
    def reset_pin(self) -> None:
        """A new PIN for the selected account; its lock is lifted."""
        member = self._selected()
        if member is None:
            return
        message = ""
        while True:
            answer = NewPinDialog.ask(self, member.name, message)
            if answer is None:
                return
            pin, again = answer
            if pin != again:
                message = "⚠ " + self.tr("The two PINs differ.")
                continue
            try:
                self.staff.reset_pin(member.id, pin, by=self.admin.name)
                break
            except PinPolicyError as problem:
                message = "⚠ " + self.pin_problem(problem.code)
        self.status.setText(fill_in(self.tr("The PIN of %1 was changed."), member.name))
        self.refresh()

    def last_admin(self, name: str) -> str:
        """Why the last active admin stays one, in plain words."""
        return "⚠ " + fill_in(
            self.tr(
                "%1 is the last active admin. Add or enable another admin first,"
                " so that someone can still manage staff."
            ),
            name,
        )

    @guarded
    def change_role(self) -> None:
        """Make the selected nurse an admin, or the selected admin a nurse (never the last)."""
        member = self._selected()
        if member is None:
            return
        role = Role.NURSE if member.role is Role.ADMIN else Role.ADMIN
        try:
            self.staff.set_role(member.id, role, by=self.admin.name)
        except LastAdminError:
            self.status.setText(self.last_admin(member.name))
            return
        done = (
            self.tr("%1 is now an admin.") if role is Role.ADMIN else self.tr("%1 is now a nurse.")
        )
        self.status.setText(fill_in(done, member.name))
        self.refresh()

    @guarded
    def unlock(self) -> None:
        """Lift the lockout of the selected account (too many wrong PINs)."""
        member = self._selected()
        if member is None or self.locks is None:
            return
        self.locks.unlock(member.id, by=self.admin.name)
        self.status.setText(fill_in(self.tr("%1 can sign in again."), member.name))
        self.refresh()
