"""One intake in detail: flags, scores and their trend, ride, vitals, every answer, the consent."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.core.clock import Clock
from kiosk.core.forms.model import FormsBundle
from kiosk.core.forms.required import (
    DRIVER_NAME,
    DRIVER_PHONE,
    DRIVER_RELATIONSHIP,
    HAS_RIDE,
    HAS_RIDE_YES,
)
from kiosk.core.infusion import standing_of
from kiosk.core.intake_record import (
    AnswerRecord,
    ConsentRecord,
    DischargeRecord,
    FlagRecord,
    IntakeRecord,
    PrintRecord,
    VitalsRecord,
)
from kiosk.core.text import fill_in
from kiosk.services.station import StationService
from kiosk.ui.patient.frame import touch_scroll
from kiosk.ui.patient.pdf_view import RenderedPdf, page_labels, render_pdf
from kiosk.ui.staff.board import local_time
from kiosk.ui.staff.labels import level_label, stage_label
from kiosk.ui.staff.trend_chart import TrendChart
from kiosk.ui.staff.watch_words import (
    not_ready_text,
    reason_text,
    severity_words,
    side_effect_words,
)
from kiosk.ui.widgets.accessible import problem_line
from kiosk.ui.widgets.buttons import text_label, touch_button
from kiosk.ui.widgets.worker import LatestJob

log = logging.getLogger(__name__)


def _section(title: str) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName("Card")
    frame.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(20, 12, 20, 12)
    layout.addWidget(text_label(title, "SectionHeading"))
    return frame, layout


class IntakeDetailView(QWidget):
    """One read of the intake's record; actions are signals the station carries out."""

    back = Signal()
    acknowledge = Signal(int)
    vitals_requested = Signal(str)  # phase
    seat_requested = Signal()
    discharge_requested = Signal()
    discharge_anyway_requested = Signal()
    aftercare_requested = Signal()
    infusion_requested = Signal(str)  # kiosk.core.infusion.Mark: started | ended
    correction_requested = Signal()
    side_effect_requested = Signal()
    readiness_requested = Signal()

    def __init__(
        self,
        station: StationService,
        forms: FormsBundle,
        intake_id: int,
        language: Callable[[], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.intake_id = intake_id
        self.clock: Clock = station.clock
        self.copy_job = LatestJob(self)  # the signed copy drawn off the UI thread
        lang = language()
        intake = station.intake(intake_id)
        self.record = intake
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(24, 12, 24, 24)
        column.setSpacing(16)

        self._header(column, intake)
        self.not_ready = text_label("", "Problem")  # why Discharge waits, over the buttons
        column.addWidget(self.not_ready)
        column.addLayout(self._actions(station, intake))
        self._say_why(station, intake)

        column.addWidget(self._flags(intake.flags, lang))
        column.addWidget(self._scores(station, forms, lang, intake))
        column.addWidget(self._ride(intake))
        column.addWidget(self._vitals(intake.vitals))
        column.addWidget(self._watch(intake, forms, lang))
        column.addWidget(self._answers(intake.answers, forms, lang))
        column.addWidget(self._consent(intake.consent))
        column.addWidget(self._prints(intake.prints))
        column.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(touch_scroll(body, name=fill_in(self.tr("Intake of %1"), intake.name)))

    def _actions(self, station: StationService, intake: IntakeRecord) -> QGridLayout:
        """The station's acts on this intake, each available when it can be done."""
        discharged = intake.discharge is not None
        started = intake.infusion_started_at is not None
        ended = intake.infusion_ended_at is not None
        vitals_pre = touch_button(self.tr("Vitals before"), role="Secondary")
        vitals_pre.clicked.connect(lambda: self.vitals_requested.emit("pre"))
        seat = touch_button(self.tr("In chair"), role="Secondary")
        seat.clicked.connect(self.seat_requested.emit)
        self.start_button = touch_button(self.tr("Infusion started"), role="Secondary")
        self.start_button.clicked.connect(lambda: self.infusion_requested.emit("started"))
        self.start_button.setEnabled(not started and not discharged)
        self.during_button = touch_button(self.tr("Vitals during"), role="Secondary")
        self.during_button.clicked.connect(lambda: self.vitals_requested.emit("during"))
        self.during_button.setEnabled(started and not ended and not discharged)
        self.end_button = touch_button(self.tr("Infusion ended"), role="Secondary")
        self.end_button.clicked.connect(lambda: self.infusion_requested.emit("ended"))
        self.end_button.setEnabled(started and not ended and not discharged)
        self.correct_button = touch_button(self.tr("Correct time…"), role="Secondary")
        self.correct_button.clicked.connect(self.correction_requested.emit)
        self.correct_button.setEnabled(started and not discharged)
        self.side_effect_button = touch_button(self.tr("Side effect seen…"), role="Secondary")
        self.side_effect_button.clicked.connect(self.side_effect_requested.emit)
        self.side_effect_button.setEnabled(not discharged)
        vitals_after = touch_button(self.tr("Vitals at discharge"), role="Secondary")
        vitals_after.clicked.connect(lambda: self.vitals_requested.emit("discharge"))
        self.readiness_button = touch_button(self.tr("Readiness check…"), role="Secondary")
        self.readiness_button.clicked.connect(self.readiness_requested.emit)
        self.readiness_button.setEnabled(ended and not discharged)
        self.discharge_button = touch_button(self.tr("Discharge…"), role="Primary")
        self.discharge_button.clicked.connect(self.discharge_requested.emit)
        self.anyway_button = touch_button(self.tr("Discharge anyway…"), role="Secondary")
        self.anyway_button.clicked.connect(self.discharge_anyway_requested.emit)
        self.aftercare_button = touch_button(self.tr("Aftercare sheet"), role="Secondary")
        self.aftercare_button.clicked.connect(self.aftercare_requested.emit)
        self.aftercare_button.setEnabled(discharged)
        buttons = (
            vitals_pre,
            seat,
            self.start_button,
            self.during_button,
            self.end_button,
            self.correct_button,
            self.side_effect_button,
            vitals_after,
            self.readiness_button,
            self.discharge_button,
            self.anyway_button,
            self.aftercare_button,
        )
        self.action_buttons = buttons  # a station that only reads hides them
        actions = QGridLayout()
        for index, button in enumerate(buttons):
            actions.addWidget(button, index // 3, index % 3)
        return actions

    def tick(self, station: StationService) -> None:
        """The minute's redraw: why Discharge waits, and whether it may go now, from the clock
        and the record as read (the observation's minutes count down, no read)."""
        self._say_why(station, self.record)

    def _say_why(self, station: StationService, intake: IntakeRecord) -> None:
        """Discharge waits until the patient is ready, and says why in words; "Discharge
        anyway…" is there meanwhile (with a written reason)."""
        discharged = intake.discharge is not None
        self.blockers = () if discharged else station.blockers(intake)
        why = ""
        if self.blockers:
            now = self.clock.now()
            why = not_ready_text(self.blockers, standing_of(intake, now, station.forms.settings))
        self.why_not = why
        self.discharge_button.setEnabled(not discharged and not self.blockers)
        self.discharge_button.setAccessibleDescription(why)
        self.discharge_button.setToolTip(why)
        self.anyway_button.setEnabled(bool(self.blockers))
        self.not_ready.setText(why)
        self.not_ready.setVisible(bool(why))

    def _header(self, column: QVBoxLayout, intake: IntakeRecord) -> None:
        """Back, the name, birth date, arrival, stage, language, form versions, identity check."""
        top = QHBoxLayout()
        back = touch_button(self.tr("← Board"), role="Secondary")
        back.clicked.connect(self.back.emit)
        top.addWidget(back)
        top.addWidget(text_label(intake.name, "Title"), 1)
        column.addLayout(top)
        identity = fill_in(
            self.tr("Born %1 · arrived %2 · %3 · language %4"),
            intake.birth_date.isoformat(),
            local_time(intake.created_at, self.clock),
            stage_label(intake.stage),
            intake.language,
        )
        column.addWidget(text_label(identity, "Subtitle"))
        versions = ", ".join(f"{form} {version}" for form, version in intake.form_versions.items())
        column.addWidget(text_label(fill_in(self.tr("Form versions: %1"), versions), "Hint"))
        if not intake.verified:
            column.addWidget(
                text_label(
                    self.tr(
                        "⚠ Identity unverified: no appointment matched this name and date of birth."
                    ),
                    "Problem",
                )
            )

    def _flags(self, flags: tuple[FlagRecord, ...], language: str) -> QFrame:
        frame, layout = _section(self.tr("Flags"))
        if not flags:
            layout.addWidget(text_label(self.tr("No flags."), "Subtitle"))
        self.ack_buttons: dict[int, QWidget] = {}
        for flag in flags:
            row = QHBoxLayout()
            row.addWidget(
                text_label(f"{level_label(flag.level, flag.alert)}  {flag.text(language)}", ""), 1
            )
            if flag.acknowledged_at:
                row.addWidget(
                    text_label(
                        fill_in(
                            self.tr("✓ %1, %2"), flag.acknowledged_by or "", flag.acknowledged_at
                        ),
                        "Hint",
                    )
                )
            else:
                ack = touch_button(self.tr("Acknowledge"), role="Secondary")
                ack.clicked.connect(lambda _=False, f=flag.id: self.acknowledge.emit(f))
                self.ack_buttons[flag.id] = ack
                row.addWidget(ack)
            layout.addLayout(row)
        return frame

    def _scores(
        self, station: StationService, forms: FormsBundle, language: str, intake: IntakeRecord
    ) -> QFrame:
        frame, layout = _section(self.tr("PHQ-9 and GAD-7"))
        history = station.score_history(self.intake_id)
        for instrument in (forms.phq9, forms.gad7):
            point = intake.scores.get(instrument.id)
            if point is None:
                text = fill_in(self.tr("%1: not finished"), instrument.title.get(language))
            else:
                band = next((b for b in instrument.severity if b.key == point.severity), None)
                label = band.label.get(language) if band else point.severity
                text = fill_in(
                    self.tr("%1: %2 of %3 (%4)"),
                    instrument.title.get(language),
                    str(point.total),
                    str(instrument.max_total),
                    label,
                )
            layout.addWidget(text_label(text, "QuestionText"))
        layout.addWidget(text_label(self.tr("Trend over this patient's visits"), "Hint"))
        self.trend = TrendChart(history)
        layout.addWidget(self.trend)
        return frame

    def _ride(self, intake: IntakeRecord) -> QFrame:
        frame, layout = _section(self.tr("Ride home"))
        ride = {key: str(value) for key, value in intake.ride.items()}
        discharge: DischargeRecord | None = intake.discharge
        if ride.get(HAS_RIDE) == HAS_RIDE_YES:
            text = fill_in(
                self.tr("%1, %2 (%3)"),
                ride.get(DRIVER_NAME, ""),
                ride.get(DRIVER_PHONE, ""),
                ride.get(DRIVER_RELATIONSHIP, ""),
            )
        elif ride:
            text = self.tr("⚠ No ride yet")
        else:
            text = self.tr("Not answered yet")
        layout.addWidget(text_label(text, "QuestionText"))
        if discharge is not None:
            layout.addWidget(
                text_label(
                    fill_in(
                        self.tr("Discharged %1 by %2; driver %3; no driving until %4"),
                        discharge.discharged_at,
                        discharge.nurse_name,
                        discharge.driver_name,
                        discharge.no_driving_until,
                    ),
                    "Subtitle",
                )
            )
            if discharge.override_reason:
                layout.addWidget(
                    text_label(
                        fill_in(
                            self.tr("● Discharged before ready, by override: %1"),
                            discharge.override_reason,
                        ),
                        "Problem",
                    )
                )
        return frame

    def _vitals(self, rows: tuple[VitalsRecord, ...]) -> QFrame:
        frame, layout = _section(self.tr("Vitals"))
        if not rows:
            layout.addWidget(text_label(self.tr("None recorded yet."), "Subtitle"))
        for row in rows:
            phases = {"pre": self.tr("Before"), "during": self.tr("During")}
            phase = phases.get(row.phase, self.tr("Discharge"))
            layout.addWidget(
                text_label(
                    fill_in(
                        self.tr("%1 %2: BP %3/%4, HR %5, SpO2 %6% (%7)"),
                        phase,
                        local_time(row.recorded_at, self.clock),
                        str(row.systolic),
                        str(row.diastolic),
                        str(row.heart_rate),
                        str(row.spo2),
                        row.recorded_by or "",
                    ),
                    "",
                )
            )
        return frame

    def _watch(self, intake: IntakeRecord, forms: FormsBundle, language: str) -> QFrame:
        """What was recorded of the infusion and the watch after it: the times with their
        corrections, side effects, readiness checks with their reasons in the form's words."""
        frame, layout = _section(self.tr("Infusion and observation"))
        infusion = intake.infusion
        lines: list[tuple[str, str]] = []
        if infusion is None or infusion.started_at is None:
            lines.append((self.tr("The infusion has not started."), "Subtitle"))
        else:
            lines.append(
                (
                    fill_in(
                        self.tr("Started %1 by %2"),
                        local_time(infusion.started_at, self.clock),
                        infusion.started_by,
                    ),
                    "",
                )
            )
            if infusion.ended_at is not None:
                lines.append(
                    (
                        fill_in(
                            self.tr("Ended %1 by %2"),
                            local_time(infusion.ended_at, self.clock),
                            infusion.ended_by,
                        ),
                        "",
                    )
                )
            for fix in infusion.corrections:
                which = self.tr("start") if fix.which == "started" else self.tr("end")
                lines.append(
                    (
                        fill_in(
                            self.tr("Corrected %1 from %2 to %3 by %4 at %5: %6"),
                            which,
                            local_time(fix.old_at, self.clock) if fix.old_at else "—",
                            local_time(fix.new_at, self.clock),
                            fix.corrected_by,
                            local_time(fix.corrected_at, self.clock),
                            fix.reason,
                        ),
                        "Hint",
                    )
                )
        kinds = {kind.value: words for kind, words in side_effect_words().items()}
        severities = {level.value: words for level, words in severity_words().items()}
        for effect in intake.side_effects:
            what = kinds.get(effect.kind, effect.kind)
            if effect.other_text:
                what = f"{what}: {effect.other_text}"
            lines.append(
                (
                    fill_in(
                        self.tr("Side effect at %1: %2, %3 (%4)"),
                        local_time(effect.seen_at, self.clock),
                        what,
                        severities.get(effect.severity, effect.severity).lower(),
                        effect.recorded_by,
                    ),
                    "",
                )
            )
        for check in intake.readiness:
            result = self.tr("passed") if check.passed else self.tr("not passed")
            text = fill_in(
                self.tr("Readiness check at %1: %2 of %3, %4 (%5)"),
                local_time(check.recorded_at, self.clock),
                str(check.score),
                str(check.max_score),
                result,
                check.recorded_by,
            )
            reasons = [
                reason_text(code, forms.readiness, language, check.score, check.max_score)
                for code in check.reasons
            ]
            lines.append(("\n".join([text, *reasons]), "" if check.passed else "Problem"))
        for text, role in lines:
            layout.addWidget(text_label(text, role))
        return frame

    def _answers(
        self, answers: tuple[AnswerRecord, ...], forms: FormsBundle, language: str
    ) -> QFrame:
        frame, layout = _section(self.tr("Answers, as the patient saw the questions"))
        titles = {
            forms.checklist.id: forms.checklist.title.get(language),
            forms.phq9.id: forms.phq9.title.get(language),
            forms.gad7.id: forms.gad7.title.get(language),
            forms.ride.id: forms.ride.title.get(language),
        }
        current = None
        grid: QGridLayout | None = None
        for answer in answers:
            if answer.form_id != current:
                current = answer.form_id
                layout.addWidget(text_label(titles.get(current, current), "QuestionText"))
                grid = QGridLayout()
                grid.setColumnStretch(0, 3)
                grid.setColumnStretch(1, 2)
                layout.addLayout(grid)
            assert grid is not None
            row = grid.rowCount()
            grid.addWidget(text_label(answer.question_text, ""), row, 0)
            shown = answer.answer_text or json.dumps(answer.value)
            grid.addWidget(text_label(shown, "QuestionText"), row, 1)
        if not answers:
            layout.addWidget(text_label(self.tr("No answers yet."), "Subtitle"))
        return frame

    def _consent(self, consent: ConsentRecord | None) -> QFrame:
        frame, layout = _section(self.tr("Consent"))
        if consent is None:
            layout.addWidget(text_label(self.tr("Not signed yet."), "Subtitle"))
            return frame
        layout.addWidget(
            text_label(
                fill_in(
                    self.tr("Version %1, signed %2 by %3 (“%4”)"),
                    str(consent.version),
                    local_time(consent.signed_at, self.clock),
                    consent.printed_name,
                    consent.meaning,
                ),
                "",
            )
        )
        self.signature_method = text_label(self._signature_words(consent), "")
        layout.addWidget(self.signature_method)
        show = touch_button(self.tr("Show the signed copy"), role="Secondary")
        pages = QVBoxLayout()
        assert consent.pdf is not None  # the detail reads the intake with its consent copy
        self._consent_pdf = consent.pdf
        show.clicked.connect(self._reveal_copy)
        self.consent_button = show
        self.consent_pages = pages
        layout.addWidget(show, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(pages)
        return frame

    def _reveal_copy(self) -> None:
        """The signed copy's pages, drawn off the UI thread while "Preparing…" shows."""
        self.consent_button.setEnabled(False)
        self.copy_state = text_label(self.tr("Preparing the signed copy…"), "Subtitle")
        self.consent_pages.addWidget(self.copy_state)
        pdf = self._consent_pdf
        self.copy_job.start(
            lambda: render_pdf(pdf, 820, text=False), self._show_copy, self._copy_failed
        )

    def _show_copy(self, rendered: RenderedPdf) -> None:
        self.copy_state.hide()
        for label in page_labels(rendered):
            self.consent_pages.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)

    def _copy_failed(self, error: Exception) -> None:
        log.error("the signed copy could not be drawn: %s", error)
        problem_line(
            self.copy_state,
            "⚠ " + self.tr("The signed copy cannot be shown. Tell the clinic's admin."),
        )
        self.consent_button.setEnabled(True)

    def _signature_words(self, consent: ConsentRecord) -> str:
        """How the patient signed, in words."""
        if consent.signature_method == "typed":
            return fill_in(
                self.tr("Signed by typing their name: “%1” (typed signature)"), consent.typed_name
            )
        if consent.signature_method == "witnessed":
            return fill_in(
                self.tr("Signed with a staff member as witness: %1"), consent.witness_name
            )
        return self.tr("Signature drawn on the screen")

    def _prints(self, prints: tuple[PrintRecord, ...]) -> QFrame:
        frame, layout = _section(self.tr("Printed"))
        if not prints:
            layout.addWidget(text_label(self.tr("Nothing printed yet."), "Subtitle"))
        for row in prints:
            when = local_time(row.printed_at, self.clock)
            if row.status == "sent":
                text = fill_in(
                    self.tr("%1: sent to %2 (job %3) by %4"),
                    when,
                    row.queue,
                    str(row.job_id),
                    row.printed_by,
                )
            else:
                text = fill_in(
                    self.tr("%1: not printed, saved to %2 by %3"),
                    when,
                    row.saved_path,
                    row.printed_by,
                )
            layout.addWidget(text_label(text, ""))
        return frame
