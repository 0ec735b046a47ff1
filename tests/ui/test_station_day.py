"""The nurse station through a clinic day: the infusion marked, vitals due then overdue on the
board as the clock moves, a side effect, the observation counting down, a discharge that waits
for the readiness checklist, an override with its reason (red on the board and the audit
page), and the corrections of the infusion's times with their refusals."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt

from kiosk.core.clock import FakeClock, today
from kiosk.core.infusion import Mark
from kiosk.core.side_effects import Severity, SideEffect, SideEffectKind
from kiosk.core.vitals import Phase, Vitals
from kiosk.services.audit import AuditService
from kiosk.services.demo.day import make_demo
from kiosk.ui.admin.audit_page import OVERRIDE_BACKGROUND, AuditPage
from kiosk.ui.main_window import MainWindow
from kiosk.ui.staff.aftercare_view import AftercareDialog
from kiosk.ui.staff.board_model import STAGE
from kiosk.ui.staff.dialogs import DischargeDialog, VitalsDialog
from kiosk.ui.staff.readiness_dialog import ReadinessDialog
from kiosk.ui.staff.station import StationView
from kiosk.ui.staff.watch_dialogs import (
    CorrectTimeDialog,
    OverrideDialog,
    SideEffectDialog,
    to_qt,
)
from tests.helpers.accessible_names import what_is_wrong
from tests.helpers.station import NURSE_PIN, add_staff, sign_in
from tests.helpers.widgets import all_texts

pytestmark = pytest.mark.usefixtures("cheap_pins")

BASELINE = Vitals(128, 82, 72, 98)
DRIVER = ("Pat Driver", "555 123 4567", True)
OVERRIDE = "Driver must leave now; patient alert and walking well"


@pytest.fixture
def station(
    kiosk_window: MainWindow, monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> StationView:
    """Three of today's patients with a signed consent (the demo), a nurse signed in; the
    dialogs a day needs answered plainly (vitals as the baseline, the driver here) and the
    aftercare sheet not shown."""
    make_demo(kiosk_window.context, 3, today(clock), seed=4)
    nurse, _ = add_staff(kiosk_window)
    view = sign_in(kiosk_window, monkeypatch, nurse, NURSE_PIN)
    monkeypatch.setattr(VitalsDialog, "ask", classmethod(lambda cls, *a, **k: BASELINE))
    monkeypatch.setattr(AftercareDialog, "present", classmethod(lambda cls, *a: None))
    return view


def patients(view: StationView) -> list[int]:
    """Today's patients, in the order they checked in."""
    return sorted(row.id for row in view.board.rows)


def stage_cell(view: StationView, intake_id: int, role: Qt.ItemDataRole) -> Any:
    """What the board's stage column of this intake shows (or speaks, or how it looks)."""
    model = view.board.model
    row = next(r for r in range(model.rowCount()) if model.intake_id(r) == intake_id)
    return model.data(model.index(row, STAGE), role.value)


def shown(view: StationView, intake_id: int) -> str:
    """The stage column's text."""
    return str(stage_cell(view, intake_id, Qt.ItemDataRole.DisplayRole))


def flags_cell(view: StationView, intake_id: int) -> str:
    """The board's flags column of this intake."""
    model = view.board.model
    row = next(r for r in range(model.rowCount()) if model.intake_id(r) == intake_id)
    return str(model.data(model.index(row, 3)))


def minutes(clock: FakeClock, count: float) -> None:
    """The clock moves on."""
    clock.advance(count * 60)


def discharge_answers(
    monkeypatch: pytest.MonkeyPatch, answers: list[tuple[str, str, bool] | None]
) -> list[str]:
    """The discharge dialog answers these in turn (then cancels); what each ask was told."""
    told: list[str] = []

    def answer(cls: Any, parent: Any, name: str, phone: str, message: str = "", **_: Any) -> Any:
        told.append(message)
        return answers.pop(0) if answers else None

    monkeypatch.setattr(DischargeDialog, "ask", classmethod(answer))
    return told


def readiness_answers(
    monkeypatch: pytest.MonkeyPatch,
    choices: dict[str, str],
    confirmed: set[str],
    seen: list[ReadinessDialog],
) -> None:
    """The real readiness dialog, filled in by touching its radio buttons and check boxes,
    then saved; each dialog kept in ``seen`` to read what it showed."""

    def fill(cls: Any, parent: Any, form: Any, intake: Any, language: str, score: Any) -> Any:
        dialog = cls(form, intake, language, score, parent)
        seen.append(dialog)
        for item, option in choices.items():
            dialog.options[item][option].click()
        for requirement in confirmed:
            dialog.requirements[requirement].click()
        dialog.accept()
        return dialog.answers

    monkeypatch.setattr(ReadinessDialog, "ask", classmethod(fill))


FAILING = {
    "ambulation": "with_help",
    "nausea": "moderate",
    "pain": "minimal",
    "bleeding": "minimal",
}
PASSING = {"ambulation": "steady", "nausea": "minimal", "pain": "minimal", "bleeding": "minimal"}
BOTH = {"alert_oriented", "escort_present"}


def test_a_whole_day_from_check_in_to_the_door(
    station: StationView,
    monkeypatch: pytest.MonkeyPatch,
    clock: FakeClock,
    kiosk_window: MainWindow,
) -> None:
    """A patient with a signed consent: vitals before, the infusion started, vitals due then
    overdue on the board as the clock moves (redrawn each minute without reading the
    database), vitals during, a side effect, the infusion ended, the observation counting
    down, a discharge refused while it runs (why, in words), the readiness checklist failing
    then passing, the board showing ready, and the discharge going ahead."""
    first = patients(station)[0]
    assert "Waiting for infusion" in shown(station, first)
    detail = station.open_intake(first)
    assert detail is not None
    assert not detail.discharge_button.isEnabled()
    assert "the infusion has not started" in detail.not_ready.text()

    station.record_vitals(Phase.PRE)
    station.detail.start_button.click()  # type: ignore[union-attr]
    assert shown(station, first) == "In the chair"
    assert station.detail is not None and not station.detail.start_button.isEnabled()

    reads: list[object] = []
    board_read = station.board._station.board
    monkeypatch.setattr(
        station.board._station, "board", lambda day: reads.append(day) or board_read(day)
    )
    assert station.board.minute.isActive() and station.board.minute.interval() == 60_000
    minutes(clock, 15)
    station.board.tick()
    assert shown(station, first) == "In the chair\n◆ Vitals due"
    minutes(clock, 8)
    station.board.tick()
    assert shown(station, first) == "In the chair\n▲ VITALS OVERDUE"
    assert "vitals overdue" in stage_cell(station, first, Qt.ItemDataRole.AccessibleTextRole)
    assert stage_cell(station, first, Qt.ItemDataRole.FontRole).bold()
    assert reads == []  # the minute's redraw is the clock's, not the database's

    station.detail.during_button.click()
    assert shown(station, first) == "In the chair"
    vitals = [v.phase for v in station.station.intake(first).vitals]
    assert vitals == ["pre", "during"]

    seen_at = clock.now() - timedelta(minutes=5)
    effect = SideEffect(SideEffectKind.NAUSEA, Severity.MODERATE, seen_at)
    monkeypatch.setattr(SideEffectDialog, "ask", classmethod(lambda cls, *a: effect))
    station.detail.side_effect_button.click()
    at = seen_at.strftime("%H:%M")
    assert f"Side effect at {at}: Nausea, moderate (Nora Nurse)" in all_texts()

    minutes(clock, 20)
    station.detail.end_button.click()
    assert shown(station, first) == "Observation\n30 min left"
    minutes(clock, 18)
    station.board.minute.timeout.emit()  # the minute's timer, as when it fires
    assert shown(station, first) == "Observation\n12 min left"

    station.refresh()
    detail = station.detail
    assert detail is not None and not detail.discharge_button.isEnabled()
    why = (
        "Not ready to go home: observation: 12 min left; no readiness check since the"
        " infusion ended."
    )
    assert detail.not_ready.text() == why and detail.discharge_button.accessibleDescription() == why
    told = discharge_answers(monkeypatch, [DRIVER])
    station.discharge()  # asked all the same (say, by keyboard): refused, saying why
    assert "not ready to go home yet" in told[1] and "12 min left" in told[1]
    assert station.station.intake(first).discharge is None
    minutes(clock, 2)
    station.board.minute.timeout.emit()  # the open intake counts down with the board
    assert station.detail is not None
    assert "observation: 10 min left" in station.detail.not_ready.text()

    minutes(clock, 11)
    station.board.tick()
    assert shown(station, first) == "Observation over\nReadiness check next"
    station.detail.vitals_requested.emit("discharge")  # type: ignore[union-attr]
    dialogs: list[ReadinessDialog] = []
    readiness_answers(monkeypatch, FAILING, BOTH, dialogs)
    station.detail.readiness_button.click()  # type: ignore[union-attr]
    assert dialogs[0].score_line.text() == "Score: 8 of 10"
    assert "The score is 8 of 10; 9 is needed." in dialogs[0].reasons.text()
    assert shown(station, first) == "Observation over\nReadiness not passed"
    texts = all_texts()
    assert any("8 of 10, not passed (Nora Nurse)" in t for t in texts)
    assert any("The score is 8 of 10; 9 is needed." in t for t in texts)
    assert "Not ready to go home: the last readiness check did not pass." in texts

    readiness_answers(monkeypatch, PASSING, BOTH, dialogs)
    station.detail.readiness_button.click()  # type: ignore[union-attr]
    assert dialogs[1].score_line.text() == "Score: 10 of 10"
    assert dialogs[1].reasons.text() == "✓ Passes: ready to go home."
    assert shown(station, first) == "✓ Ready to go home"
    assert station.detail is not None and station.detail.discharge_button.isEnabled()
    assert not station.detail.anyway_button.isEnabled()

    discharge_answers(monkeypatch, [DRIVER])
    station.detail.discharge_button.click()
    record = station.station.intake(first).discharge
    assert record is not None and record.override_reason == ""
    assert shown(station, first) == "Discharged"
    actions = [e.action for e in AuditService(kiosk_window.context).entries()]
    for act in ("infusion_start", "infusion_end", "side_effect", "readiness", "discharge"):
        assert act in actions
    assert "discharge_override" not in actions


def test_a_discharge_before_ready_needs_a_reason_and_is_red_on_the_board_and_audit_page(
    station: StationView,
    monkeypatch: pytest.MonkeyPatch,
    kiosk_window: MainWindow,
    qtbot: Any,
) -> None:
    """A patient still in the chair: Discharge waits and says why; "Discharge anyway…" asks
    for a reason (a short one refused in the dialog), then the driver; the discharge is
    recorded as an override, a red flag with the reason shows on the board, and the audit
    page shows the override in red with the reason."""
    second = patients(station)[1]
    detail = station.open_intake(second)
    assert detail is not None
    station.detail.start_button.click()  # type: ignore[union-attr]
    detail = station.detail
    assert detail is not None
    assert detail.not_ready.text() == "Not ready to go home: the infusion is still running."
    assert not detail.discharge_button.isEnabled() and detail.anyway_button.isEnabled()

    dialog = OverrideDialog(detail.why_not, station)
    qtbot.addWidget(dialog)
    dialog.show()  # every line of why, and the button's words, fit as shown
    for label in dialog.wrapped:
        assert label.height() >= label.heightForWidth(label.width()), label.text()
    assert dialog.ok_button.width() >= dialog.ok_button.sizeHint().width()
    dialog.reason.setText("too soon")
    dialog.accept()
    assert dialog.result() != OverrideDialog.DialogCode.Accepted
    assert "write the reason (at least 10 characters)" in dialog.problem.text()

    asked: list[str] = []
    monkeypatch.setattr(
        OverrideDialog, "ask", classmethod(lambda cls, parent, why: asked.append(why) or OVERRIDE)
    )
    discharge_answers(monkeypatch, [DRIVER])
    detail.anyway_button.click()
    assert asked == ["Not ready to go home: the infusion is still running."]
    record = station.station.intake(second).discharge
    assert record is not None and record.override_reason == OVERRIDE
    assert f"Discharged before ready: {OVERRIDE}" in flags_cell(station, second)
    assert "● RED" in flags_cell(station, second)
    assert f"● Discharged before ready, by override: {OVERRIDE}" in all_texts()

    entries = AuditService(kiosk_window.context).entries(action="discharge_override")
    assert len(entries) == 1 and OVERRIDE in entries[0].detail
    page = AuditPage(AuditService(kiosk_window.context))
    qtbot.addWidget(page)
    table = page.table
    row = next(
        r for r in range(table.rowCount()) if table.item(r, 2).text() == "discharge_override"
    )
    cell = table.item(row, 3)
    assert cell.text() == f"● intake {second} — discharged before ready: {OVERRIDE}"
    assert cell.background().color().name() == OVERRIDE_BACKGROUND
    plain = next(r for r in range(table.rowCount()) if table.item(r, 2).text() == "infusion_start")
    assert table.item(plain, 3).background().style() == Qt.BrushStyle.NoBrush


def correction_answers(
    monkeypatch: pytest.MonkeyPatch, steps: list[Callable[[CorrectTimeDialog], None]]
) -> list[str]:
    """The real correction dialog, filled in by each step in turn and saved (cancelled once
    they run out); what each dialog said when it opened."""
    told: list[str] = []

    def fill(cls: Any, parent: Any, started: Any, ended: Any, zone: Any, **kw: Any) -> Any:
        dialog = cls(started, ended, zone, parent, **kw)
        told.append(dialog.problem.text() if kw.get("message") else "")
        try:
            if not steps:
                return None
            steps.pop(0)(dialog)
            dialog.accept()
            return dialog.correction
        finally:
            dialog.deleteLater()

    monkeypatch.setattr(CorrectTimeDialog, "ask", classmethod(fill))
    return told


def test_a_corrected_time_needs_a_reason_a_past_time_and_an_end_after_the_start(
    station: StationView, monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    """Correct time: a reason too short, a time not come yet and an end before the start are
    refused in words in the dialog, which comes back as typed; a good correction is kept with
    the old time, the new one, who and why, and the observation counts from the new end."""
    third = patients(station)[2]
    station.open_intake(third)
    station.detail.start_button.click()  # type: ignore[union-attr]
    minutes(clock, 40)
    station.detail.end_button.click()  # type: ignore[union-attr]
    record = station.station.intake(third)
    started = datetime.fromisoformat(record.infusion_started_at or "")
    ended = datetime.fromisoformat(record.infusion_ended_at or "")
    zone = clock.local_now().tzinfo
    reason = "Marked late; the pump log says 15:25"

    def end_at(moment: datetime, why: str) -> Callable[[CorrectTimeDialog], None]:
        def step(dialog: CorrectTimeDialog) -> None:
            dialog.which[Mark.ENDED].click()
            dialog.when.setDateTime(to_qt(moment, zone))
            dialog.reason.setText(why)

        return step

    def offered_again(dialog: CorrectTimeDialog) -> None:  # as typed, then a time to come
        assert dialog.chosen() is Mark.ENDED and dialog.reason.text() == "too late"
        assert dialog.when.dateTime() == to_qt(ended - timedelta(minutes=15), zone)
        end_at(clock.now() + timedelta(minutes=10), reason)(dialog)

    told = correction_answers(
        monkeypatch,
        [
            end_at(ended - timedelta(minutes=15), "too late"),
            offered_again,
            end_at(started - timedelta(minutes=5), reason),
            end_at(ended - timedelta(minutes=15), reason),
        ],
    )
    station.detail.correct_button.click()  # type: ignore[union-attr]
    assert told == [
        "",
        "⚠ Write why the time is corrected (at least 10 characters).",
        "⚠ That time has not come yet.",
        "⚠ The infusion cannot end before it started.",
    ]
    fixed = station.station.intake(third).infusion
    assert fixed is not None and len(fixed.corrections) == 1
    correction = fixed.corrections[0]
    assert correction.reason == reason and correction.corrected_by == "Nora Nurse"
    assert datetime.fromisoformat(fixed.ended_at or "") == ended - timedelta(minutes=15)
    old, new = (
        m.astimezone(zone).strftime("%H:%M") for m in (ended, ended - timedelta(minutes=15))
    )
    line = f"Corrected end from {old} to {new} by Nora Nurse"
    assert any(t.startswith(line) and t.endswith(reason) for t in all_texts())
    assert shown(station, third) == "Observation\n15 min left"


def test_the_new_dialogs_speak_names_and_a_side_effect_says_what_is_missing(
    station: StationView, clock: FakeClock, qtbot: Any
) -> None:
    """Correct time, side effect, readiness checklist and the override reason: every control
    named for a screen reader; a side effect without how bad, or "other" without words, or
    a time to come, is refused in words; a whole one is made as seen."""
    intake_id = patients(station)[0]
    station.open_intake(intake_id)
    record = station.station.intake(intake_id)
    zone = clock.local_now().tzinfo
    now = clock.now()
    dialogs = [
        CorrectTimeDialog(now - timedelta(minutes=50), now - timedelta(minutes=5), zone, station),
        SideEffectDialog(now, zone, station),
        ReadinessDialog(
            station.forms.readiness,
            record,
            "en",
            lambda a, c: station.station.score_readiness(record, a, c),
            station,
        ),
        OverrideDialog("Not ready to go home: the infusion has not started.", station),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.resize(900, 700)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert what_is_wrong(dialog) == [], type(dialog).__name__
        dialog.close()

    side = SideEffectDialog(now, zone, station)
    qtbot.addWidget(side)
    side.accept()
    assert side.problem.text() == "⚠ Choose how bad it was." and side.effect is None
    side.severity[Severity.SEVERE].click()
    side.kind.setCurrentIndex(side.kind.findData(SideEffectKind.OTHER.value))
    assert side.other.isEnabled()
    side.accept()
    assert side.problem.text() == "⚠ Say in words what the other side effect was."
    side.other.setText("Tingling in the hands")
    side.seen.setTime(to_qt(now + timedelta(minutes=30), zone).time())
    side.accept()
    assert side.problem.text() == "⚠ That time has not come yet."
    side.seen.setTime(to_qt(now - timedelta(minutes=10), zone).time())
    side.accept()
    assert side.effect == SideEffect(
        SideEffectKind.OTHER,
        Severity.SEVERE,
        (now - timedelta(minutes=10)).replace(second=0, microsecond=0),
        "Tingling in the hands",
    )
