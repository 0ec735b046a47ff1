"""The staff side after sign-in: today's board and one intake at a time; locks itself when idle."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.faults import DischargeProblem, Fault
from kiosk.core.idle import IdlePolicy
from kiosk.core.staff import Role, Signer, StaffMember
from kiosk.core.text import fill_in
from kiosk.core.vitals import Phase
from kiosk.services.context import KioskContext
from kiosk.services.discharge import DischargeDesk, DischargeError
from kiosk.services.station import StationService
from kiosk.ui.admin.view import AdminView
from kiosk.ui.staff.aftercare_view import AftercareDialog
from kiosk.ui.staff.board import BoardView
from kiosk.ui.staff.detail import IntakeDetailView
from kiosk.ui.staff.dialogs import DischargeDialog, Notice, VitalsDialog
from kiosk.ui.staff.faults import StorageGuard, discharge_problem_text, fault_advice, guarded
from kiosk.ui.staff.sync_status import SyncStatusLine
from kiosk.ui.sync_link import SyncLink
from kiosk.ui.widgets.buttons import text_label, touch_button
from kiosk.ui.widgets.idle_guard import IdleGuard


class StationView(QWidget):
    """What a signed-in nurse or admin sees; every action goes through the station services."""

    locked = Signal()

    def __init__(
        self,
        context: KioskContext,
        member: StaffMember,
        language: Callable[[], str],
        parent: QWidget | None = None,
        *,
        sync: Callable[[], SyncLink] = SyncLink,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.member = member
        self.signer = Signer(member.id, member.name)
        self._language = language
        self.station = StationService.on(context)
        self.desk = DischargeDesk(context, self.station)
        self.board = BoardView(self.station, context.clock, language)
        self.board.open_intake.connect(self.open_intake)
        self.board.acknowledge.connect(self.acknowledge)
        self.detail: IntakeDetailView | None = None
        self.admin: AdminView | None = None
        self.pages = QStackedWidget()
        self.pages.addWidget(self.board)
        bar = QHBoxLayout()
        bar.setContentsMargins(24, 8, 24, 0)
        who = fill_in(self.tr("Signed in: %1 (%2)"), member.name, member.role.value)
        bar.addWidget(text_label(who, "Subtitle"), 1)
        self.admin_button: QPushButton | None = None
        if member.role is Role.ADMIN:
            self.admin_button = touch_button(self.tr("Admin"), role="Secondary")
            self.admin_button.clicked.connect(self.open_admin)
            bar.addWidget(self.admin_button)
        self.lock_button = touch_button(self.tr("Lock"), role="Secondary")
        self.lock_button.clicked.connect(self.lock)
        bar.addWidget(self.lock_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.pages, 1)
        self.sync_line = SyncStatusLine(context, sync)
        layout.addWidget(self.sync_line)
        seconds = context.forms.settings.staff.idle_lock_seconds
        self.idle = IdleGuard(IdlePolicy(context.clock, seconds, 0), self)
        self.idle.expired.connect(self.lock)
        self.idle.watch_application()
        self.idle.start()
        self.board.start()
        self.sync_line.start()

    def showEvent(self, event: QShowEvent) -> None:
        """On coming up, a save the patient side could not make (the kiosk window's ``fault``,
        if it has one) is shown across the board."""
        fault = getattr(self.window(), "fault", None)
        if fault is not None:
            self.show_patient_fault(fault)
        super().showEvent(event)

    def show_patient_fault(self, fault: object) -> None:
        """A patient's step that was not saved (a kiosk.ui.patient.faults.SaveFault): when, what
        happened and what to do, across the top of the board."""
        kind = getattr(fault, "kind", Fault.OTHER)
        if not isinstance(kind, Fault):
            kind = Fault.OTHER
        at = getattr(fault, "at", None)
        when = (
            at.astimezone(self.context.clock.local_now().tzinfo).strftime("%H:%M")
            if isinstance(at, datetime)
            else "?"
        )
        self.board.show_notice(
            "⚠ "
            + fill_in(
                self.tr(
                    "At %1 a patient's answer could not be saved; the patient was sent to the front desk."
                ),
                when,
            )
            + " "
            + fault_advice(kind, str(getattr(fault, "error", "")))
        )

    def lock(self) -> None:
        """Back to the kiosk: nothing of the staff side stays on screen."""
        self.idle.stop()
        self.board.stop()
        self.sync_line.stop()
        self.idle.unwatch_application()
        self.locked.emit()

    # --- navigation -------------------------------------------------------------------------

    def show_board(self) -> None:
        """The board, freshly read."""
        self.pages.setCurrentWidget(self.board)
        self.board.refresh()
        self._drop_detail()
        self._drop_admin()

    def _drop_admin(self) -> None:
        if self.admin is not None:
            self.pages.removeWidget(self.admin)
            self.admin.deleteLater()
            self.admin = None

    def open_admin(self) -> AdminView:
        """The admin pages (admins only), in place of the board until Back."""
        if self.member.role is not Role.ADMIN:
            raise PermissionError("only an admin opens the admin pages")
        self._drop_detail()
        self._drop_admin()
        self.admin = AdminView(self.context, self.member)
        self.admin.back.connect(self.show_board)
        self.pages.addWidget(self.admin)
        self.pages.setCurrentWidget(self.admin)
        return self.admin

    def _drop_detail(self) -> None:
        if self.detail is not None:
            self.pages.removeWidget(self.detail)
            self.detail.deleteLater()
            self.detail = None

    def open_intake(self, intake_id: int, *, viewing: bool = True) -> IntakeDetailView | None:
        """One intake in detail; opening it is written to the audit log (a refresh is not).

        When the database cannot save, staff are told and the intake still opens (reading
        works); when it cannot even be read, staff are told and the board stays (None).
        """
        if viewing:
            with StorageGuard(self):
                self.station.view_intake(intake_id, self.signer)
        self._drop_detail()
        with StorageGuard(self) as reading:
            detail = IntakeDetailView(self.station, self.context.forms, intake_id, self._language)
        if reading.failed is not None:
            self.show_board()
            return None
        detail.back.connect(self.show_board)
        detail.acknowledge.connect(self.acknowledge)
        detail.vitals_requested.connect(lambda phase: self.record_vitals(Phase(phase)))
        detail.seat_requested.connect(self.seat)
        detail.discharge_requested.connect(self.discharge)
        detail.aftercare_requested.connect(self.aftercare)
        self.detail = detail
        self.pages.addWidget(detail)
        self.pages.setCurrentWidget(detail)
        return detail

    def _reopen(self) -> None:
        if self.detail is not None:
            self.open_intake(self.detail.intake_id, viewing=False)
        self.board.refresh()

    # --- actions ----------------------------------------------------------------------------

    @guarded
    def acknowledge(self, flag_id: int) -> None:
        """The nurse saw the flag: who and when are stored."""
        self.station.acknowledge(flag_id, self.signer)
        self._reopen()

    @guarded
    def record_vitals(self, phase: Phase) -> None:
        """Ask for readings; values outside the clinic's limits flag."""
        if self.detail is None:
            return
        vitals = VitalsDialog.ask(self, phase)
        if vitals is None:
            return
        self.station.record_vitals(self.detail.intake_id, phase, vitals, self.signer)
        self._reopen()

    @guarded
    def seat(self) -> None:
        """The patient is in the chair."""
        if self.detail is not None:
            self.station.seat(self.detail.intake_id, self.signer)
            self._reopen()

    @guarded
    def discharge(self) -> None:
        """Confirm the driver, stamp the time, then show the aftercare sheet."""
        if self.detail is None:
            return
        intake_id = self.detail.intake_id
        name, phone = self.desk.ride_defaults(intake_id)
        message = ""
        while True:
            answer = DischargeDialog.ask(self, name, phone, message)
            if answer is None:
                return
            name, phone, present = answer
            try:
                self.desk.discharge(
                    intake_id,
                    driver_name=name,
                    driver_phone=phone,
                    driver_present=present,
                    nurse=self.signer,
                )
                break
            except DischargeError as problem:
                message = "⚠ " + self._discharge_problem(problem)
        self._reopen()
        self.aftercare()

    def _discharge_problem(self, problem: DischargeError) -> str:
        """The desk's reason, in the staff language."""
        return discharge_problem_text(problem.kind)

    @guarded
    def aftercare(self) -> None:
        """Preview and print the aftercare sheet."""
        if self.detail is None:
            return
        try:
            AftercareDialog.present(self, self.desk, self.detail.intake_id, self.signer)
        except DischargeError:
            Notice.show_message(self, discharge_problem_text(DischargeProblem.NOT_DISCHARGED))
        self._reopen()
