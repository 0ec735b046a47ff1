"""The staff side after sign-in, on a kiosk's database or the clinic server's: today's board and
one intake at a time with every act of the station; locks itself when idle."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from enum import Enum
from typing import Any

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
from kiosk.core.infusion import InfusionError, Mark, moment, standing_of
from kiosk.core.readiness import Readiness
from kiosk.core.staff import Role, Signer, StaffMember
from kiosk.core.text import fill_in
from kiosk.core.vitals import Phase
from kiosk.services.context import KioskContext
from kiosk.services.discharge import DischargeDesk, DischargeError, StaleViewError
from kiosk.services.station import StationService
from kiosk.services.station_desk import ServerAwayError, StationDesk
from kiosk.ui.admin.server_view import ServerAdminView
from kiosk.ui.admin.view import AdminView
from kiosk.ui.staff.aftercare_view import AftercareDialog
from kiosk.ui.staff.board import BoardView
from kiosk.ui.staff.detail import IntakeDetailView
from kiosk.ui.staff.dialogs import DischargeDialog, Notice, VitalsDialog
from kiosk.ui.staff.faults import StorageGuard, discharge_problem_text, fault_advice, guarded
from kiosk.ui.staff.follow import ServerFollower
from kiosk.ui.staff.readiness_dialog import ReadinessDialog
from kiosk.ui.staff.refusals import away_board_text, away_text, stale_text
from kiosk.ui.staff.sync_status import SyncStatusLine
from kiosk.ui.staff.watch_dialogs import (
    Correction,
    CorrectTimeDialog,
    OverrideDialog,
    SideEffectDialog,
)
from kiosk.ui.staff.watch_words import infusion_problem_text, not_ready_text
from kiosk.ui.sync_link import SyncLink
from kiosk.ui.widgets.accessible import problem_line
from kiosk.ui.widgets.buttons import text_label, touch_button
from kiosk.ui.widgets.idle_guard import IdleGuard

AdminPages = AdminView | ServerAdminView


class Attempt(Enum):
    """How an act on the station's store went."""

    DONE = "done"
    STALE = "stale"  # refused: the view was older than the intake (said, view read again)
    AWAY = "away"  # the clinic server could not be reached: nothing saved (said)


class StationView(QWidget):
    """What a signed-in nurse or admin sees, on any station store: a kiosk's own database
    (``on_kiosk``, with the admin pages and the sync line) or the clinic server's (the nurse
    station window). Every act goes through the station services and names the intake's
    version the view showed; a stale view or the server away is said in words above the board,
    and nothing the nurse typed is lost."""

    locked = Signal()

    def __init__(
        self,
        station: StationService,
        desk: DischargeDesk,
        member: StaffMember,
        language: Callable[[], str],
        parent: QWidget | None = None,
        *,
        context: KioskContext | None = None,
        sync_line: SyncStatusLine | None = None,
        polling: bool = True,
        scope: str = "",
        board_reads: StationService | None = None,
        admin_pages: Callable[[StaffMember], AdminPages] | None = None,
    ) -> None:
        """``context``: the kiosk's, for the admin pages (None: no admin pages); ``sync_line``:
        the kiosk's sync status at the bottom; ``polling``: the board reads itself every few
        seconds (the server's station refreshes on the server's notices instead); ``scope``: a
        line under who is signed in saying what the board holds, when it is not the whole
        clinic; ``board_reads``: the station on a connection of its own, on which the board is
        read in the background when the server says something changed; ``admin_pages``: the
        admin pages an admin opens (default: the kiosk's, with a ``context``)."""
        super().__init__(parent)
        self.context = context
        if admin_pages is None and context is not None:
            admin_pages = functools.partial(AdminView, context)
        self._admin_pages = admin_pages
        self.station = station
        self.desk = desk
        self.forms = station.forms
        self.clock = station.clock
        self.member = member
        self.signer = Signer(member.id, member.name)
        self._language = language
        self.board = BoardView(station, self.clock, language, background=board_reads)
        self.board.open_intake.connect(self.open_intake)
        self.board.minute.timeout.connect(self._tick_detail)
        self.board.acknowledge.connect(self.acknowledge)
        self.detail: IntakeDetailView | None = None
        self.admin: AdminPages | None = None
        self.pages = QStackedWidget()
        self.pages.addWidget(self.board)
        bar = self._bar(member)
        self.scope = text_label(scope, "Problem")
        self.scope.setVisible(bool(scope))
        self.message = text_label("", "Problem")  # an act refused, until the next act
        self.message.hide()
        for line in (self.scope, self.message):
            line.setContentsMargins(24, 0, 24, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.scope)
        layout.addWidget(self.message)
        layout.addWidget(self.pages, 1)
        self.sync_line = sync_line
        if sync_line is not None:
            layout.addWidget(sync_line)
        seconds = self.forms.settings.staff.idle_lock_seconds
        self.idle = IdleGuard(IdlePolicy(self.clock, seconds, 0), self)
        self.idle.expired.connect(self.lock)
        self.idle.watch_application()
        self.idle.start()
        if polling:
            self.board.start()
        if sync_line is not None:
            sync_line.start()

    @classmethod
    def on_clinic_server(
        cls,
        context: KioskContext,
        desk: StationDesk,
        member: StaffMember,
        language: Callable[[], str],
        *,
        sync: Callable[[], SyncLink] = SyncLink,
    ) -> StationView:
        """A networked kiosk's staff side on the clinic server's board (every kiosk's patients
        of the clinic), following the server's notices as a nurse station does, with this
        kiosk's sync line; no admin pages (they keep this kiosk's own staff). Locking stops the
        listening and closes the desk's session."""
        view = cls(
            desk.station,
            desk.discharge,
            member,
            language,
            sync_line=SyncStatusLine(context, sync),
            polling=False,
            board_reads=desk.board_station,
        )
        follower = ServerFollower(desk, view)
        follower.notice.connect(lambda: view.refresh(soon=True))
        follower.state.connect(view.server_state)
        follower.state.connect(lambda connected, _why: None if connected else desk.server_lost())
        view.locked.connect(follower.stop)
        view.locked.connect(desk.close)
        return view

    def server_state(self, connected: bool, _why: str = "") -> None:
        """The clinic server went away (said above the board, which keeps its last rows and
        takes no act) or came back (the board read again)."""
        self.pages.setEnabled(connected)
        if connected:
            self.board.clear_fault()
            self.refresh(soon=True)
        else:
            self.board.show_fault("⚠ " + away_board_text())

    def _bar(self, member: StaffMember) -> QHBoxLayout:
        """Who is signed in, Admin (an admin on a kiosk), Lock."""
        bar = QHBoxLayout()
        bar.setContentsMargins(24, 8, 24, 0)
        who = fill_in(self.tr("Signed in: %1 (%2)"), member.name, member.role.value)
        self.who = text_label(who, "Subtitle")
        bar.addWidget(self.who, 1)
        self.admin_button: QPushButton | None = None
        if member.role is Role.ADMIN and self._admin_pages is not None:
            self.admin_button = touch_button(self.tr("Admin"), role="Secondary")
            self.admin_button.clicked.connect(self.open_admin)
            bar.addWidget(self.admin_button)
        self.lock_button = touch_button(self.tr("Lock"), role="Secondary")
        self.lock_button.clicked.connect(self.lock)
        bar.addWidget(self.lock_button)
        return bar

    @classmethod
    def on_kiosk(
        cls,
        context: KioskContext,
        member: StaffMember,
        language: Callable[[], str],
        parent: QWidget | None = None,
        *,
        sync: Callable[[], SyncLink] = SyncLink,
        scope: str = "",
    ) -> StationView:
        """The staff side on the kiosk's own database: its board, the admin pages for an
        admin, and the sync line."""
        station = StationService.on(context)
        return cls(
            station,
            DischargeDesk(context, station),
            member,
            language,
            parent,
            context=context,
            sync_line=SyncStatusLine(context, sync),
            scope=scope,
        )

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
            at.astimezone(self.clock.local_now().tzinfo).strftime("%H:%M")
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
        self.board.clear()  # and no read still out draws it again
        if self.sync_line is not None:
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

    def open_admin(self) -> AdminPages | None:
        """The admin pages (admins only), in place of the board until Back; None when the
        clinic server cannot be reached (said above the board)."""
        if self.member.role is not Role.ADMIN or self._admin_pages is None:
            raise PermissionError("only an admin opens the admin pages, where there are some")
        self.message.hide()
        try:
            pages = self._admin_pages(self.member)
        except ServerAwayError:
            self._say(
                self.tr("The admin pages cannot be opened: the clinic server cannot be reached.")
            )
            return None
        self._drop_detail()
        self._drop_admin()
        self.admin = pages
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

        When the kiosk's database cannot save, staff are told and the intake still opens
        (reading works); when it cannot even be read, staff are told and the board stays
        (None). When the clinic server cannot be reached, the line above the board says so.
        """
        self.message.hide()
        try:
            if viewing:
                with StorageGuard(self, passes=SAID):
                    self.station.view_intake(intake_id, self.signer)
            detail = self._read_detail(intake_id)
        except SAID:
            self._say(self.tr("The intake cannot be read from the clinic server now."))
            return None
        if detail is not None:
            self._show_detail(detail)
        return detail

    def _read_detail(self, intake_id: int) -> IntakeDetailView | None:
        """The intake read afresh (None: the kiosk's database could not be read, said, and the
        board is back); the clinic server away or the intake gone raise."""
        with StorageGuard(self, passes=SAID) as reading:
            detail = IntakeDetailView(self.station, self.forms, intake_id, self._language)
        if reading.failed is not None:
            self.show_board()
            return None
        return detail

    def _show_detail(self, detail: IntakeDetailView) -> None:
        self._drop_detail()
        detail.back.connect(self.show_board)
        detail.acknowledge.connect(self.acknowledge)
        detail.vitals_requested.connect(lambda phase: self.record_vitals(Phase(phase)))
        detail.seat_requested.connect(self.seat)
        detail.discharge_requested.connect(self.discharge)
        detail.discharge_anyway_requested.connect(self.discharge_anyway)
        detail.aftercare_requested.connect(self.aftercare)
        detail.infusion_requested.connect(lambda mark: self.mark_infusion(Mark(mark)))
        detail.correction_requested.connect(self.correct_infusion)
        detail.side_effect_requested.connect(self.record_side_effect)
        detail.readiness_requested.connect(self.check_readiness)
        self.detail = detail
        self.pages.addWidget(detail)
        self.pages.setCurrentWidget(detail)

    def refresh(self, *, soon: bool = False) -> None:
        """The board and the open intake read again (after an act, or the server's notice that
        something changed: ``soon``, the board read in the background); while they cannot be
        read, what is shown stays."""
        if self.detail is not None:
            try:
                detail = self._read_detail(self.detail.intake_id)
            except SAID:
                detail = None
            if detail is not None:
                self._show_detail(detail)
        if soon:
            self.board.refresh_soon()
        else:
            self.board.refresh()

    def _tick_detail(self) -> None:
        """The open intake's countdown and its Discharge, redrawn with the board's minute."""
        if self.detail is not None:
            self.detail.tick(self.station)

    # --- actions ----------------------------------------------------------------------------

    def _say(self, text: str) -> None:
        problem_line(self.message, "⚠ " + text)
        self.message.show()

    def _seen(self) -> int | None:
        """The version of the open intake as the view showed it."""
        return None if self.detail is None else self.detail.record.version

    def _flag_version(self, flag_id: int) -> int | None:
        """The version of the flag's intake as the view showed it (the detail, else the
        board)."""
        if self.detail is not None and any(f.id == flag_id for f in self.detail.record.flags):
            return self.detail.record.version
        return next(
            (r.version for r in self.board.rows if any(f.id == flag_id for f in r.flags)), None
        )

    def _attempt(self, act: Callable[[], object], away: str) -> Attempt:
        """``act()``; a stale view is said in words (the view is read again after), the
        clinic server away is said with ``away``. Nothing is applied in either case."""
        self.message.hide()  # what an earlier try was told
        try:
            act()
        except StaleViewError as refused:
            self._say(stale_text(refused))
            return Attempt.STALE
        except ServerAwayError:
            self._say(away)
            return Attempt.AWAY
        return Attempt.DONE

    @guarded
    def acknowledge(self, flag_id: int) -> None:
        """The nurse saw the flag: who and when are stored."""
        self.message.hide()
        seen = self._flag_version(flag_id)
        try:
            self._attempt(
                lambda: self.station.acknowledge(flag_id, self.signer, seen_version=seen),
                self.tr("Not acknowledged: the clinic server cannot be reached."),
            )
        except LookupError:
            self._say(self.tr("Not acknowledged: that alert is no longer on the server."))
        self.refresh()

    @guarded
    def record_vitals(self, phase: Phase) -> None:
        """Ask for readings; values outside the clinic's limits flag. When the clinic server
        cannot be reached, nothing is saved and the readings are offered again as typed."""
        if self.detail is None:
            return
        self.message.hide()
        intake_id, seen = self.detail.intake_id, self._seen()
        again: dict[str, Any] = {}  # the first ask is plain; a try again is prefilled
        while True:
            vitals = VitalsDialog.ask(self, phase, **again)
            if vitals is None:
                break
            outcome = self._attempt(
                functools.partial(
                    self.station.record_vitals,
                    intake_id,
                    phase,
                    vitals,
                    self.signer,
                    seen_version=seen,
                ),
                away_text(),
            )
            if outcome is not Attempt.AWAY:
                break
            again = {"values": vitals, "message": "⚠ " + away_text()}
        self.refresh()

    @guarded
    def seat(self) -> None:
        """The patient is in the chair."""
        if self.detail is not None:
            self.message.hide()
            intake_id, seen = self.detail.intake_id, self._seen()
            self._attempt(
                lambda: self.station.seat(intake_id, self.signer, seen_version=seen),
                away_text(),
            )
            self.refresh()

    @guarded
    def discharge(self) -> None:
        """Confirm the driver, stamp the time, then show the aftercare sheet (a patient not
        ready is refused, saying why). When the clinic server cannot be reached, nothing is
        saved and the dialog comes back as filled in."""
        self._discharge("")

    @guarded
    def discharge_anyway(self) -> None:
        """A discharge before the patient is ready: the nurse writes why (recorded as an
        override, a red flag), then the driver as for any discharge."""
        if self.detail is None:
            return
        self.message.hide()
        reason = OverrideDialog.ask(self, self.detail.why_not)
        if reason is not None:
            self._discharge(reason)

    def _discharge(self, override_reason: str) -> None:
        if self.detail is None:
            return
        self.message.hide()
        intake_id, seen = self.detail.intake_id, self._seen()
        name, phone = self.desk.ride_defaults(intake_id)
        message = ""
        again: dict[str, Any] = {}
        while True:
            answer = DischargeDialog.ask(self, name, phone, message, **again)
            if answer is None:
                self.refresh()
                return
            name, phone, present = answer
            try:
                outcome = self._attempt(
                    functools.partial(
                        self.desk.discharge,
                        intake_id,
                        driver_name=name,
                        driver_phone=phone,
                        driver_present=present,
                        nurse=self.signer,
                        seen_version=seen,
                        override_reason=override_reason,
                    ),
                    away_text(),
                )
            except DischargeError as problem:
                message, again = "⚠ " + self._discharge_problem(problem), {}
                continue
            if outcome is not Attempt.AWAY:
                break
            message, again = "⚠ " + away_text(), {"present": present}
        self.refresh()
        if outcome is Attempt.DONE:
            self.aftercare()

    def _discharge_problem(self, problem: DischargeError) -> str:
        """The desk's reason, in the staff language (why the patient is not ready, too)."""
        text = discharge_problem_text(problem.kind)
        if problem.blockers and self.detail is not None:
            shown = standing_of(self.detail.record, self.clock.now(), self.forms.settings)
            text += " " + not_ready_text(problem.blockers, shown)
        return text

    # --- the infusion and the watch after it ------------------------------------------------

    @guarded
    def mark_infusion(self, mark: Mark) -> None:
        """The infusion started or ended, stamped now; a mark that cannot be made is said."""
        if self.detail is None:
            return
        intake_id, seen = self.detail.intake_id, self._seen()
        try:
            self._attempt(
                functools.partial(
                    self.station.mark_infusion, intake_id, mark, self.signer, seen_version=seen
                ),
                away_text(),
            )
        except InfusionError as refused:
            self._say(infusion_problem_text(refused.kind))
        self.refresh()

    @guarded
    def correct_infusion(self) -> None:
        """A time corrected with a reason; a refusal is said in the dialog, asked again as
        typed (the clinic server away too)."""
        if self.detail is None:
            return
        self.message.hide()
        record, seen = self.detail.record, self._seen()
        zone = self.clock.local_now().tzinfo
        started, ended = moment(record.infusion_started_at), moment(record.infusion_ended_at)
        values: Correction | None = None
        message = ""
        while True:
            fix = CorrectTimeDialog.ask(self, started, ended, zone, values=values, message=message)
            if fix is None:
                break
            try:
                outcome = self._attempt(
                    functools.partial(
                        self.station.correct_infusion,
                        record.id,
                        fix.mark,
                        fix.at,
                        fix.reason,
                        self.signer,
                        seen_version=seen,
                    ),
                    away_text(),
                )
            except InfusionError as refused:
                values, message = fix, "⚠ " + infusion_problem_text(refused.kind)
                continue
            if outcome is not Attempt.AWAY:
                break
            values, message = fix, "⚠ " + away_text()
        self.refresh()

    @guarded
    def record_side_effect(self) -> None:
        """A side effect seen: what, how bad, when."""
        if self.detail is None:
            return
        self.message.hide()
        intake_id, seen = self.detail.intake_id, self._seen()
        effect = SideEffectDialog.ask(self, self.clock.now(), self.clock.local_now().tzinfo)
        if effect is not None:
            self._attempt(
                functools.partial(
                    self.station.record_side_effect,
                    intake_id,
                    effect,
                    self.signer,
                    seen_version=seen,
                ),
                away_text(),
            )
        self.refresh()

    @guarded
    def check_readiness(self) -> None:
        """The readiness checklist from the clinic's form, scored as the nurse goes; Save
        records it (passed or not, with its reasons)."""
        if self.detail is None:
            return
        self.message.hide()
        record, seen = self.detail.record, self._seen()
        station = self.station

        def score(answers: dict[str, str], confirmed: frozenset[str]) -> Readiness:
            return station.score_readiness(record, answers, confirmed)

        found = ReadinessDialog.ask(self, self.forms.readiness, record, self._language(), score)
        if found is not None:
            answers, confirmed = found
            self._attempt(
                functools.partial(
                    station.check_readiness,
                    record.id,
                    answers,
                    confirmed,
                    self.signer,
                    seen_version=seen,
                ),
                away_text(),
            )
        self.refresh()

    @guarded
    def aftercare(self) -> None:
        """Preview and print the aftercare sheet."""
        if self.detail is None:
            return
        intake_id = self.detail.intake_id
        try:
            self._attempt(
                lambda: AftercareDialog.present(self, self.desk, intake_id, self.signer),
                self.tr("The aftercare sheet cannot be read from the clinic server now."),
            )
        except DischargeError:
            Notice.show_message(self, discharge_problem_text(DischargeProblem.NOT_DISCHARGED))
        self.refresh()


SAID = (ServerAwayError, LookupError)  # told in the line above the board, not in a dialog
