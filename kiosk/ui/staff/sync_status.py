"""The clinic server sync at the foot of the staff side: one plain line, the details on demand."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.core.text import fill_in
from kiosk.services.context import KioskContext
from kiosk.services.faults import is_storage_fault
from kiosk.services.sync import SyncSetupError, SyncStatus, Trouble, status_of, sync_status
from kiosk.ui.sync_link import SyncLink
from kiosk.ui.widgets.buttons import text_label, touch_button

POLL_MS = 5000  # a few cheap reads of the kiosk's own database; never a call to the server


class SyncStatusLine(QFrame):
    """What the sync is doing, read from the kiosk's database every few seconds while the staff
    side is open (``start`` / ``stop``); ``link`` gives the start's SyncLink (its setup problem).
    ``level`` is "single", "ok" or "trouble"."""

    def __init__(
        self,
        context: KioskContext,
        link: Callable[[], SyncLink] = SyncLink,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("SyncLine")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAccessibleName(self.tr("Clinic server sync"))
        self._context = context
        self._link = link  # read at each refresh: the start may replace it meanwhile
        self.level = ""
        self.status: SyncStatus | None = None
        self.summary = text_label("", "SyncSummary")
        self.warning = text_label("", "Problem")  # what staff must act on, ⚠ first
        self.warning.hide()
        self.details = text_label("", "SyncDetails")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.hide()
        self.details_button = touch_button(self.tr("Details"), role="SyncButton")
        self.details_button.clicked.connect(self._toggle_details)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        texts = QVBoxLayout()
        texts.setSpacing(4)
        texts.addWidget(self.summary)
        texts.addWidget(self.warning)
        row.addLayout(texts, 1)
        row.addWidget(self.details_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 8, 24, 8)
        layout.setSpacing(4)
        layout.addLayout(row)
        layout.addWidget(self.details)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.refresh)
        self.refresh()

    def start(self) -> None:
        """Read now and every few seconds (the staff side is showing)."""
        self.refresh()
        self.timer.start()

    def stop(self) -> None:
        """Stop reading (the staff side locked)."""
        self.timer.stop()

    def _toggle_details(self) -> None:
        shown = self.details.isHidden()
        self.details.setVisible(shown)
        self.details_button.setText(self.tr("Hide details") if shown else self.tr("Details"))

    # --- reading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the sync's state and say it; a database that cannot be read says so."""
        problem = self._link().setup_problem
        try:
            if problem:
                status = status_of(self._context.db, "")
            else:
                try:
                    status = sync_status(self._context)
                except SyncSetupError as exc:  # the settings were changed while it runs
                    problem = str(exc)
                    status = status_of(self._context.db, "")
        except Exception as exc:
            if not is_storage_fault(exc):
                raise
            self._say("", self.tr("⚠ The clinic server sync's state cannot be read just now."), "")
            return
        self.status = status
        if problem:
            self._say("", self._setup_text(problem, status.waiting), self._details(status))
        elif not status.server:
            self._say(self.tr("Clinic server: none (a single kiosk: everything stays here)."))
        else:
            self._say(self._summary(status), self._warnings(status), self._details(status))

    def _say(self, summary: str, warning: str = "", details: str = "") -> None:
        level = "trouble" if warning else "ok" if details else "single"
        self.summary.setText(summary)
        self.summary.setVisible(bool(summary))
        self.warning.setText(warning)
        self.warning.setVisible(bool(warning))
        self.details.setText(details)
        self.details_button.setVisible(bool(details))
        if not details:
            self.details.hide()
        if level != self.level:
            self.level = level
            self.setProperty("level", level)
            self.style().unpolish(self)
            self.style().polish(self)

    # --- words ------------------------------------------------------------------------------

    def _when(self, moment: datetime | None) -> str:
        """A stored moment in the clinic's time: HH:MM today, the date as well before today."""
        if moment is None:
            return self.tr("never")
        now = self._context.clock.local_now()
        local = moment.astimezone(now.tzinfo)
        return local.strftime("%H:%M" if local.date() == now.date() else "%Y-%m-%d %H:%M")

    def _setup_text(self, problem: str, waiting: int) -> str:
        kept = (
            self.tr("This kiosk works on its own and keeps its 1 waiting step here.")
            if waiting == 1
            else fill_in(
                self.tr("This kiosk works on its own and keeps its %1 waiting steps here."),
                str(waiting),
            )
        )
        return (
            "⚠ "
            + fill_in(self.tr("The clinic server settings are wrong: %1."), problem)
            + " "
            + kept
            + " "
            + self.tr("Fix the [server] settings, then restart the kiosk.")
        )

    def _summary(self, status: SyncStatus) -> str:
        """The state in one line: the last sync, what waits, what was set aside."""
        parts = [
            fill_in(self.tr("Clinic server: last sync %1"), self._when(status.last_success)),
            self._waiting(status),
        ]
        if status.conflicts == 1:
            parts.append(self.tr("1 conflict set aside on the server"))
        elif status.conflicts:
            parts.append(
                fill_in(self.tr("%1 conflicts set aside on the server"), str(status.conflicts))
            )
        return " · ".join(parts)

    def _warnings(self, status: SyncStatus) -> str:
        """What staff must act on, a line each: a revoked login or the last problem, the clock."""
        lines: list[str] = []
        if status.revoked:
            kept = (
                self.tr("Its 1 step stays saved here.")
                if status.waiting == 1
                else fill_in(self.tr("Its %1 steps stay saved here."), str(status.waiting))
            )
            lines.append(
                "⚠ "
                + self.tr("This kiosk's login was revoked on the clinic server.")
                + " "
                + kept
                + " "
                + self.tr("Ask the admin to enrol it again.")
            )
        elif status.problem:
            lines.append(
                "⚠ "
                + fill_in(
                    self.tr("Last try at %1: %2"),
                    self._when(status.last_attempt),
                    self._trouble_text(status.trouble),
                )
            )
        if status.refused == 1:
            lines.append(
                "⚠ "
                + self.tr(
                    "The clinic server refused 1 step outright. It stays saved here, set aside."
                    " Ask the admin to look at the server's log."
                )
            )
        elif status.refused:
            lines.append(
                "⚠ "
                + fill_in(
                    self.tr(
                        "The clinic server refused %1 steps outright. They stay saved here, set"
                        " aside. Ask the admin to look at the server's log."
                    ),
                    str(status.refused),
                )
            )
        if status.clock_off:
            lines.append("⚠ " + self._clock_text(status))
        return "\n".join(lines)

    def _waiting(self, status: SyncStatus) -> str:
        text = (
            self.tr("1 step waiting")
            if status.waiting == 1
            else fill_in(self.tr("%1 steps waiting"), str(status.waiting))
        )
        if status.urgent_waiting:
            text += ", " + fill_in(
                self.tr("%1 of them for patients with an alert or red flag, sent first"),
                str(status.urgent_waiting),
            )
        return text

    def _trouble_text(self, trouble: str) -> str:
        """Why the last try failed, in plain words, by its kind."""
        if trouble == Trouble.UNREACHABLE.value:
            return self.tr(
                "the clinic server cannot be reached. The steps wait here and go when it is back."
            )
        if trouble == Trouble.LOGIN.value:
            return self.tr(
                "the clinic server refused this kiosk's login. Ask the admin to check its"
                " credential file."
            )
        if trouble == Trouble.CERTIFICATE.value:
            return self.tr(
                "the clinic server's certificate is not signed by the clinic's CA. Ask the admin"
                " to check [server] ca_file."
            )
        if trouble == Trouble.WRONG_CLINIC.value:
            return self.tr(
                "the clinic server has this kiosk enrolled in another clinic. Nothing is sent;"
                " ask the admin to check [server] clinic."
            )
        if trouble == Trouble.TOO_NEW.value:
            return self.tr(
                "the clinic server is older than this kiosk. Ask the admin to update the server."
            )
        return self.tr("the clinic server refused the steps. Ask the admin to look at its log.")

    def _clock_text(self, status: SyncStatus) -> str:
        skew = status.clock_skew_seconds or 0.0
        minutes = str(max(1, round(abs(skew) / 60)))
        template = (
            self.tr(
                "This kiosk's clock is %1 min ahead of the clinic server's. Ask the admin to set it."
            )
            if skew > 0
            else self.tr(
                "This kiosk's clock is %1 min behind the clinic server's. Ask the admin to set it."
            )
        )
        return fill_in(template, minutes)

    def _details(self, status: SyncStatus) -> str:
        """Every fact, one a line, for the admin (the server's own words for a problem)."""
        lines: list[str] = []
        if status.server:
            server = fill_in(self.tr("Server: %1"), status.server)
            if status.device:
                server += " " + fill_in(self.tr("(this kiosk is “%1” there)"), status.device)
            lines.append(server)
        lines += [
            fill_in(self.tr("Last successful sync: %1"), self._when(status.last_success)),
            fill_in(self.tr("Last try: %1"), self._when(status.last_attempt)),
            fill_in(
                self.tr(
                    "Steps waiting here: %1 (%2 of them for patients with an alert or red flag)"
                ),
                str(status.waiting),
                str(status.urgent_waiting),
            ),
            fill_in(self.tr("Steps the server has: %1"), str(status.sent)),
            fill_in(self.tr("Conflicts set aside on the server: %1"), str(status.conflicts)),
        ]
        if status.problem:
            lines.append(fill_in(self.tr("Last problem: %1"), status.problem))
        if status.clock_skew_seconds is not None:
            lines.append(
                fill_in(
                    self.tr("Clock: this kiosk is %1 s off the clinic server's"),
                    f"{status.clock_skew_seconds:+.0f}",
                )
            )
        return "\n".join(lines)
