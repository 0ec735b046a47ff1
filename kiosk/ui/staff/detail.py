"""One intake in detail: flags, scores and their trend, ride, vitals, every answer, the consent."""

from __future__ import annotations

import json
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.core.board import BoardFlag
from kiosk.core.forms.model import FormsBundle
from kiosk.core.forms.required import (
    DRIVER_NAME,
    DRIVER_PHONE,
    DRIVER_RELATIONSHIP,
    HAS_RIDE,
    HAS_RIDE_YES,
)
from kiosk.discharge import DischargeDesk
from kiosk.ui.patient.frame import touch_scroll
from kiosk.ui.patient.pdf_view import pdf_page_labels
from kiosk.ui.staff.board import local_time
from kiosk.ui.staff.labels import level_label, stage_label
from kiosk.ui.staff.trend_chart import TrendChart
from kiosk.ui.widgets.buttons import text_label, touch_button


def _section(title: str) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName("Card")
    frame.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(20, 12, 20, 12)
    layout.addWidget(text_label(title, "SectionHeading"))
    return frame, layout


class IntakeDetailView(QWidget):
    """Reads everything from storage; actions are signals the station carries out."""

    back = Signal()
    acknowledge = Signal(int)
    vitals_requested = Signal(str)  # phase
    seat_requested = Signal()
    discharge_requested = Signal()
    aftercare_requested = Signal()

    def __init__(
        self,
        desk: DischargeDesk,
        forms: FormsBundle,
        intake_id: int,
        language: Callable[[], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.intake_id = intake_id
        station = desk.station
        lang = language()
        intake = station.intake(intake_id)
        discharged = station.discharge_record(intake_id) is not None
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(24, 12, 24, 24)
        column.setSpacing(16)

        self._header(column, intake, desk)
        actions = QGridLayout()
        vitals_pre = touch_button(self.tr("Vitals before"), role="Secondary")
        vitals_pre.clicked.connect(lambda: self.vitals_requested.emit("pre"))
        seat = touch_button(self.tr("In chair"), role="Secondary")
        seat.clicked.connect(self.seat_requested.emit)
        vitals_after = touch_button(self.tr("Vitals at discharge"), role="Secondary")
        vitals_after.clicked.connect(lambda: self.vitals_requested.emit("discharge"))
        self.discharge_button = touch_button(self.tr("Discharge…"), role="Secondary")
        self.discharge_button.clicked.connect(self.discharge_requested.emit)
        self.discharge_button.setEnabled(not discharged)
        self.aftercare_button = touch_button(self.tr("Aftercare sheet"), role="Secondary")
        self.aftercare_button.clicked.connect(self.aftercare_requested.emit)
        self.aftercare_button.setEnabled(discharged)
        buttons = (vitals_pre, seat, vitals_after, self.discharge_button, self.aftercare_button)
        for index, button in enumerate(buttons):
            actions.addWidget(button, index // 3, index % 3)
        column.addLayout(actions)

        column.addWidget(self._flags(station.flags(intake_id), lang))
        column.addWidget(self._scores(desk, forms, lang, str(intake["day"])))
        column.addWidget(self._ride(station.ride(intake_id), station.discharge_record(intake_id)))
        column.addWidget(self._vitals(station.vitals(intake_id), desk))
        column.addWidget(self._answers(station.answers(intake_id), forms, lang))
        column.addWidget(self._consent(station.latest_consent(intake_id), desk))
        column.addWidget(self._prints(station.prints(intake_id), desk))
        column.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(touch_scroll(body))

    def _header(self, column: QVBoxLayout, intake: dict[str, object], desk: DischargeDesk) -> None:
        """Back, the name, birth date, arrival, stage, language, form versions, identity check."""
        top = QHBoxLayout()
        back = touch_button(self.tr("← Board"), role="Secondary")
        back.clicked.connect(self.back.emit)
        top.addWidget(back)
        name = f"{intake['first_name']} {intake['last_name']}"
        top.addWidget(text_label(name, "Title"), 1)
        column.addLayout(top)
        identity = self.tr("Born %1 · arrived %2 · %3 · language %4").replace(
            "%1", str(intake["birth_date"])
        )
        identity = identity.replace("%2", local_time(str(intake["created_at"]), desk.context.clock))
        identity = identity.replace("%3", stage_label(str(intake["stage"]))).replace(
            "%4", str(intake["language"])
        )
        column.addWidget(text_label(identity, "Subtitle"))
        versions = ", ".join(
            f"{form} {version}"
            for form, version in json.loads(str(intake["form_versions"])).items()
        )
        column.addWidget(text_label(self.tr("Form versions: %1").replace("%1", versions), "Hint"))
        if not intake["verified"]:
            column.addWidget(
                text_label(
                    self.tr(
                        "⚠ Identity unverified: no appointment matched this name and date of birth."
                    ),
                    "Problem",
                )
            )

    def _flags(self, flags: list[BoardFlag], language: str) -> QFrame:
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
                        self.tr("✓ %1, %2")
                        .replace("%1", flag.acknowledged_by or "")
                        .replace("%2", flag.acknowledged_at),
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

    def _scores(self, desk: DischargeDesk, forms: FormsBundle, language: str, day: str) -> QFrame:
        frame, layout = _section(self.tr("PHQ-9 and GAD-7"))
        history = desk.station.score_history(self.intake_id)
        scores = {p.instrument: p for p in history if p.day.isoformat() == day}
        for instrument in (forms.phq9, forms.gad7):
            point = scores.get(instrument.id)
            if point is None:
                text = self.tr("%1: not finished").replace("%1", instrument.title.get(language))
            else:
                band = next((b for b in instrument.severity if b.key == point.severity), None)
                label = band.label.get(language) if band else point.severity
                text = (
                    self.tr("%1: %2 of %3 (%4)")
                    .replace("%1", instrument.title.get(language))
                    .replace("%2", str(point.total))
                    .replace("%3", str(instrument.max_total))
                    .replace("%4", label)
                )
            layout.addWidget(text_label(text, "QuestionText"))
        layout.addWidget(text_label(self.tr("Trend over this patient's visits"), "Hint"))
        self.trend = TrendChart(history)
        layout.addWidget(self.trend)
        return frame

    def _ride(self, ride: dict[str, str], discharge: dict[str, object] | None) -> QFrame:
        frame, layout = _section(self.tr("Ride home"))
        if ride.get(HAS_RIDE) == HAS_RIDE_YES:
            text = (
                self.tr("%1, %2 (%3)")
                .replace("%1", ride.get(DRIVER_NAME, ""))
                .replace("%2", ride.get(DRIVER_PHONE, ""))
                .replace("%3", ride.get(DRIVER_RELATIONSHIP, ""))
            )
        elif ride:
            text = self.tr("⚠ No ride yet")
        else:
            text = self.tr("Not answered yet")
        layout.addWidget(text_label(text, "QuestionText"))
        if discharge is not None:
            layout.addWidget(
                text_label(
                    self.tr("Discharged %1 by %2; driver %3; no driving until %4")
                    .replace("%1", str(discharge["discharged_at"]))
                    .replace("%2", str(discharge["nurse_name"]))
                    .replace("%3", str(discharge["driver_name"]))
                    .replace("%4", str(discharge["no_driving_until"])),
                    "Subtitle",
                )
            )
        return frame

    def _vitals(self, rows: list[dict[str, object]], desk: DischargeDesk) -> QFrame:
        frame, layout = _section(self.tr("Vitals"))
        if not rows:
            layout.addWidget(text_label(self.tr("None recorded yet."), "Subtitle"))
        for row in rows:
            phase = self.tr("Before") if row["phase"] == "pre" else self.tr("Discharge")
            layout.addWidget(
                text_label(
                    self.tr("%1 %2: BP %3/%4, HR %5, SpO2 %6% (%7)")
                    .replace("%1", phase)
                    .replace("%2", local_time(str(row["recorded_at"]), desk.context.clock))
                    .replace("%3", str(row["systolic"]))
                    .replace("%4", str(row["diastolic"]))
                    .replace("%5", str(row["heart_rate"]))
                    .replace("%6", str(row["spo2"]))
                    .replace("%7", str(row["recorded_by_name"] or "")),
                    "",
                )
            )
        return frame

    def _answers(
        self, answers: list[dict[str, object]], forms: FormsBundle, language: str
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
            if answer["form_id"] != current:
                current = answer["form_id"]
                layout.addWidget(text_label(titles.get(str(current), str(current)), "QuestionText"))
                grid = QGridLayout()
                grid.setColumnStretch(0, 3)
                grid.setColumnStretch(1, 2)
                layout.addLayout(grid)
            assert grid is not None
            row = grid.rowCount()
            grid.addWidget(text_label(str(answer["question_text"]), ""), row, 0)
            shown = str(answer["answer_text"]) or json.dumps(answer["value"])
            grid.addWidget(text_label(shown, "QuestionText"), row, 1)
        if not answers:
            layout.addWidget(text_label(self.tr("No answers yet."), "Subtitle"))
        return frame

    def _consent(self, consent: dict[str, object] | None, desk: DischargeDesk) -> QFrame:
        frame, layout = _section(self.tr("Consent"))
        if consent is None:
            layout.addWidget(text_label(self.tr("Not signed yet."), "Subtitle"))
            return frame
        layout.addWidget(
            text_label(
                self.tr("Version %1, signed %2 by %3 (“%4”)")
                .replace("%1", str(consent["version"]))
                .replace("%2", local_time(str(consent["signed_at"]), desk.context.clock))
                .replace("%3", str(consent["printed_name"]))
                .replace("%4", str(consent["meaning"])),
                "",
            )
        )
        show = touch_button(self.tr("Show the signed copy"), role="Secondary")
        pages = QVBoxLayout()
        pdf = consent["pdf"]
        assert isinstance(pdf, bytes)

        def reveal() -> None:
            show.setEnabled(False)
            for label in pdf_page_labels(pdf, width=820):
                pages.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)

        show.clicked.connect(reveal)
        self.consent_button = show
        self.consent_pages = pages
        layout.addWidget(show, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(pages)
        return frame

    def _prints(self, prints: list[dict[str, object]], desk: DischargeDesk) -> QFrame:
        frame, layout = _section(self.tr("Printed"))
        if not prints:
            layout.addWidget(text_label(self.tr("Nothing printed yet."), "Subtitle"))
        for row in prints:
            when = local_time(str(row["printed_at"]), desk.context.clock)
            if row["status"] == "sent":
                text = (
                    self.tr("%1: sent to %2 (job %3) by %4")
                    .replace("%1", when)
                    .replace("%2", str(row["queue"]))
                    .replace("%3", str(row["job_id"]))
                    .replace("%4", str(row["printed_by"]))
                )
            else:
                text = (
                    self.tr("%1: not printed, saved to %2 by %3")
                    .replace("%1", when)
                    .replace("%2", str(row["saved_path"]))
                    .replace("%3", str(row["printed_by"]))
                )
            layout.addWidget(text_label(text, ""))
        return frame
