"""The screen a kiosk shows instead of check-in when its database cannot be used at start.

Patients see only that the kiosk is not taking check-ins. Behind the staff corner an admin
(PIN checked against the latest good backup, as the live staff table is in the damaged file)
sees which backup would be restored and restores it; the kiosk then carries on as usual.
A database that cannot be opened for another reason (its key, its folder) is explained with
Try again instead.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.clock import Clock
from kiosk.core.faults import Fault
from kiosk.core.forms import FormsBundle
from kiosk.core.idle import IdlePolicy
from kiosk.core.staff import StaffMember
from kiosk.core.text import fill_in
from kiosk.services.context import backup_folder, database_path, open_context
from kiosk.services.faults import DatabaseDamagedError, StorageError, fault_kind
from kiosk.services.recovery import (
    BackupFound,
    BackupSignIn,
    latest_backup,
    restore_backup,
)
from kiosk.ui import theme
from kiosk.ui.patient.frame import touch_scroll
from kiosk.ui.staff.faults import fault_advice
from kiosk.ui.staff.gate import refusal_text
from kiosk.ui.staff.pin_dialog import PinDialog, StaffChoice
from kiosk.ui.widgets.buttons import text_label, touch_button
from kiosk.ui.widgets.idle_guard import IdleGuard
from kiosk.ui.widgets.kiosk_window import KioskWindow

log = logging.getLogger("kiosk.ui")


class RecoveryWindow(KioskWindow):
    """Not taking check-ins; staff restore the latest backup (or fix the problem and retry).

    ``recovered`` carries the opened KioskContext once the database works again; the caller
    then shows the normal kiosk on it.
    """

    recovered = Signal(object)

    def __init__(
        self,
        problem: StorageError,
        data_dir: Path,
        forms: FormsBundle,
        clock: Clock,
        *,
        forms_folder: Path | None = None,
        kiosk_mode: bool = False,
        text_size: str = "normal",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(kiosk_mode=kiosk_mode, parent=parent)
        self.problem = problem
        self.data_dir = data_dir
        self.forms = forms
        self.clock = clock
        self.forms_folder = forms_folder
        self.damaged = isinstance(problem, DatabaseDamagedError)
        self.backup: BackupFound | None = None
        self.signed_in: StaffMember | None = None
        self._sign_in: BackupSignIn | None = None
        self.setWindowTitle(forms.settings.clinic.name)
        self.setStyleSheet(theme.stylesheet(text_size))

        root = QWidget()
        root.setObjectName("KioskRoot")
        column = QVBoxLayout(root)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self._header(forms.settings.clinic.name))
        self.pages = QStackedWidget()
        column.addWidget(self.pages, 1)
        self.setCentralWidget(root)

        self.pages.addWidget(self._patient_page())
        self.pages.addWidget(self._staff_page())

        seconds = forms.settings.staff.idle_lock_seconds
        self.idle = IdleGuard(IdlePolicy(clock, seconds, 0), self)
        self.idle.expired.connect(self.lock)
        self.setAccessibleName(self.tr("Kiosk not available"))
        self.pages.setCurrentWidget(self.patient_page)

    def _patient_page(self) -> QWidget:
        """What everyone sees: the kiosk is not taking check-ins."""
        self.patient_page = QWidget()
        patient = QVBoxLayout(self.patient_page)
        patient.setContentsMargins(96, 48, 96, 48)
        self.patient_text = text_label(
            self.tr("This kiosk is not taking check-ins right now. Please see the front desk."),
            "Title",
        )
        self.patient_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        patient.addStretch(1)
        patient.addWidget(self.patient_text)
        patient.addStretch(1)
        return self.patient_page

    def _staff_page(self) -> QWidget:
        """What happened and what to do, with Restore or Try again."""
        self.staff_page = QWidget()
        staff = QVBoxLayout(self.staff_page)
        staff.setContentsMargins(48, 24, 48, 24)
        staff.setSpacing(16)
        self.staff_title = text_label("", "Title")
        self.staff_text = text_label("", "Calm")
        self.result = text_label("", "Problem")
        self.result.hide()
        self.lock_button = touch_button(self.tr("Lock"), role="Secondary")
        self.lock_button.clicked.connect(self.lock)
        self.restore_button = touch_button(self.tr("Restore this backup"), role="Primary")
        self.restore_button.clicked.connect(self.restore)
        self.retry_button = touch_button(self.tr("Try again"), role="Primary")
        self.retry_button.clicked.connect(self.try_again)
        buttons = QHBoxLayout()
        buttons.addWidget(self.lock_button)
        buttons.addStretch(1)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.restore_button)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.staff_text)
        column.addWidget(self.result)
        column.addStretch(1)
        staff.addWidget(self.staff_title)
        staff.addWidget(touch_scroll(body), 1)  # the largest text needs room to scroll
        staff.addLayout(buttons)
        return self.staff_page

    def _header(self, clinic_name: str) -> QWidget:
        header = QWidget()
        header.setObjectName("Header")
        header.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        row = QHBoxLayout(header)
        row.setContentsMargins(24, 0, 0, 0)
        row.addWidget(text_label(clinic_name, "ClinicName", wrap=False))
        row.addStretch(1)
        self.staff_corner: QPushButton = touch_button("⋯", role="StaffCorner")
        self.staff_corner.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.staff_corner.setAccessibleName(self.tr("Staff"))
        self.staff_corner.clicked.connect(self.open_staff)
        row.addWidget(self.staff_corner)
        return header

    # --- staff ------------------------------------------------------------------------------

    def open_staff(self) -> None:
        """The staff corner: the admin sign-in against the backup, or what to do."""
        self.result.hide()
        if not self.damaged:
            self._show_problem()
            return
        self.backup = latest_backup(self._backups_folder())
        if self.backup is None:
            self._show_no_backup()
            return
        member = self._admin_sign_in(self.backup)
        if member is None:
            return
        self.signed_in = member
        self._show_backup(self.backup)

    def _backups_folder(self) -> Path:
        return backup_folder(self.data_dir, self.forms.settings.backup)

    def _admin_sign_in(self, backup: BackupFound) -> StaffMember | None:
        """Ask for an admin PIN until right or cancelled; wrong ones count as at any sign-in."""
        if self._sign_in is None:
            try:
                self._sign_in = BackupSignIn(backup.path, self.clock, self.forms.settings.staff)
            except StorageError as problem:
                log.error("recovery: the backup cannot be read: %s", problem)
                self._show_no_backup()
                return None
        admins = self._sign_in.admins()
        if not admins:
            self._show_staff(
                self.tr("No admin can restore"),
                fill_in(
                    self.tr(
                        "The latest backup has no admin account, so nobody can restore it here."
                        " Call support: the damaged database is left untouched at %1."
                    ),
                    str(database_path(self.data_dir)),
                ),
                restore=False,
            )
            return None
        choices = [StaffChoice(m.id, m.name, m.role.value) for m in admins]
        message = "⚠ " + self.tr("The database is damaged. An admin signs in to restore a backup.")
        chosen: int | None = None
        while True:
            answer = PinDialog.ask(self, choices, message, chosen)
            if answer is None:
                return None
            chosen, pin = answer
            result = self._sign_in.sign_in(chosen, pin)
            if result.ok and result.member is not None:
                return result.member
            message = refusal_text(result, self.clock)

    def _show_backup(self, backup: BackupFound) -> None:
        taken = _local(backup.taken, self.clock)
        text = fill_in(
            self.tr(
                "The database of this kiosk is damaged, so it is not taking check-ins.\n\n"
                "The latest good backup is %1, taken %2, with %3 intake(s).\n\n"
                "Intakes saved since then are NOT in it: note them from the paper forms or"
                " the patients.\n\n"
                "The damaged database is not deleted: it is kept aside in %4."
            ),
            backup.path.name,
            taken,
            str(backup.intakes),
            str(self.data_dir / "replaced"),
        )
        self._show_staff(self.tr("Restore the latest backup?"), text, restore=True)

    def _show_no_backup(self) -> None:
        text = fill_in(
            self.tr(
                "The database of this kiosk is damaged, and there is no good backup in %1."
                "\n\nCall support. The damaged database is left untouched at %2; do not delete"
                " it. Take check-ins on paper meanwhile."
            ),
            str(self._backups_folder()),
            str(database_path(self.data_dir)),
        )
        self._show_staff(self.tr("No backup to restore"), text, restore=False)

    def _show_problem(self) -> None:
        kind = fault_kind(self.problem)
        what = fault_advice(kind, str(self.problem))
        if kind is Fault.KEY:
            what = self.tr(
                "The database's encryption key is missing or wrong, so the records cannot be"
                " read. Put the key file back where the settings say (or set KIOSK_DB_KEY) and"
                " touch Try again. Nothing was changed; do not delete the database."
            )
        text = what + "\n\n" + fill_in(self.tr("What the kiosk says: %1"), str(self.problem))
        self._show_staff(self.tr("The database cannot be opened"), text, restore=False, retry=True)

    def _show_staff(self, title: str, text: str, *, restore: bool, retry: bool = False) -> None:
        self.staff_title.setText(title)
        self.staff_text.setText(text)
        self.restore_button.setVisible(restore)
        self.retry_button.setVisible(retry)
        self.pages.setCurrentWidget(self.staff_page)
        self.idle.watch_application()
        self.idle.start()

    def lock(self) -> None:
        """Back to the patients' message; the admin must sign in again."""
        self.idle.stop()
        self.idle.unwatch_application()
        self.signed_in = None
        self.staff_text.clear()
        self.result.hide()
        self.pages.setCurrentWidget(self.patient_page)

    # --- fixing -----------------------------------------------------------------------------

    def restore(self) -> None:
        """Restore the backup shown (admins only), audit it, and carry on as a normal kiosk."""
        if self.signed_in is None or self.backup is None or self._sign_in is None:
            return
        try:
            kept = restore_backup(
                self.backup,
                self.data_dir,
                clock=self.clock,
                actor=self.signed_in.name,
                attempts=self._sign_in.attempts(),
            )
        except StorageError as problem:
            log.error("recovery: not restored: %s", problem)
            self._say(
                "⚠ "
                + fill_in(self.tr("Not restored: %1 Call support."), str(problem))
                + " "
                + fault_advice(fault_kind(problem), str(problem))
            )
            return
        log.info("recovery: restored %s; damaged database kept at %s", self.backup.path, kept)
        self._carry_on()

    def try_again(self) -> None:
        """Open the database again (after the key or the folder was put right)."""
        self._carry_on()

    def _carry_on(self) -> None:
        try:
            context = open_context(self.data_dir, forms_folder=self.forms_folder, clock=self.clock)
        except StorageError as problem:
            log.error("recovery: the database still cannot be opened: %s", problem)
            self.problem = problem
            self.damaged = isinstance(problem, DatabaseDamagedError)
            self._say(
                "⚠ "
                + fill_in(
                    self.tr("The database still cannot be opened: %1"),
                    fault_advice(fault_kind(problem), str(problem)),
                )
            )
            return
        if self._sign_in is not None:
            self._sign_in.close()
            self._sign_in = None
        self.lock()
        self.recovered.emit(context)

    def _say(self, text: str) -> None:
        self.result.setText(text)
        self.result.show()

    def closing(self) -> None:
        """Sign staff out and close a sign-in still open (the kiosk replaces this window)."""
        self.lock()
        if self._sign_in is not None:
            self._sign_in.close()
            self._sign_in = None


def _local(moment: datetime, clock: Clock) -> str:
    """A stored moment as the clinic's date and time, e.g. 2026-11-20 18:00."""
    zone = clock.local_now().tzinfo
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")
