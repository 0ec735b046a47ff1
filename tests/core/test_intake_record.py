"""The read model's own behaviour: a flag's text in a language, open alerts, the summary's reds,
ambers and name, and an intake's answers and ride."""

from __future__ import annotations

from datetime import date

from kiosk.core.intake_record import AnswerRecord, FlagRecord, IntakeRecord, IntakeSummary

AT = "2026-11-21T09:00:00+00:00"


def flag(
    code: str = "fasting_food",
    level: str = "red",
    *,
    alert: bool = False,
    reason: dict[str, str] | None = None,
    acknowledged_at: str | None = None,
) -> FlagRecord:
    return FlagRecord(
        id=1,
        code=code,
        level=level,
        source="checklist",
        alert=alert,
        reason={"en": "Ate recently", "es": "Comió hace poco"} if reason is None else reason,
        raised_at=AT,
        acknowledged_by="Nora Nurse" if acknowledged_at else None,
        acknowledged_at=acknowledged_at,
    )


def summary(
    *flags: FlagRecord, cls: type[IntakeSummary] = IntakeSummary, **more: object
) -> IntakeSummary:
    return cls(
        id=7,
        day=date(2026, 11, 21),
        first_name="Zoë",
        last_name="O'Neil",
        birth_date=date(1980, 2, 29),
        verified=True,
        language="es",
        stage="checklist_done",
        form_versions={},
        created_at=AT,
        updated_at=AT,
        completed_at=None,
        flags=flags,
        **more,  # type: ignore[arg-type]
    )


def test_flag_text_in_the_language_asked() -> None:
    """The reason in the language asked when there is one."""
    assert flag().text("es") == "Comió hace poco"
    assert flag().text("en") == "Ate recently"


def test_flag_text_falls_back_to_english_then_any_then_the_code() -> None:
    """Missing language: English; no English: any language; no reason at all: the code."""
    assert flag().text("fr") == "Ate recently"
    assert flag(reason={"es": "Comió hace poco"}).text("fr") == "Comió hace poco"
    assert flag(reason={"es": "Comió hace poco"}).reason_en == "Comió hace poco"
    assert flag(reason={}).text("en") == "fasting_food"
    assert flag(reason={"en": ""}).text("en") == "fasting_food"


def test_open_alert_is_an_alert_nobody_acknowledged() -> None:
    """An alert is open until acknowledged; a flag that is no alert never is."""
    assert flag(alert=True).open_alert
    assert not flag(alert=True, acknowledged_at=AT).open_alert
    assert not flag(alert=False).open_alert


def test_summary_reds_ambers_open_alerts_and_name() -> None:
    """Reds include alerts; ambers are ambers; open alerts only the unacknowledged ones."""
    alert = flag("phq9_item9", alert=True)
    seen = flag("phq9_item9", alert=True, acknowledged_at=AT)
    red = flag("fasting_food")
    amber = flag("stimulants_recent", "amber")
    row = summary(alert, seen, red, amber)
    assert row.reds == (alert, seen, red)
    assert row.ambers == (amber,)
    assert row.open_alerts == (alert,)
    assert row.name == "Zoë O'Neil"
    assert summary().reds == summary().ambers == summary().open_alerts == ()


def answer(form_id: str, question_id: str, value: object) -> AnswerRecord:
    return AnswerRecord(form_id, question_id, question_id, value, str(value), AT)  # type: ignore[arg-type]


def test_intake_record_answer_and_ride() -> None:
    """answer() finds one question of one form (None when not given); ride gathers the ride
    form's answers by question id, and nothing of other forms."""
    answers = (
        answer("checklist", "hours_since_food", 12),
        answer("ride", "has_ride", "yes"),
        answer("ride", "driver_name", "Maria Lopez"),
        answer("checklist", "driver_name", "not the ride's"),
    )
    record = summary(cls=IntakeRecord, answers=answers)
    assert isinstance(record, IntakeRecord)
    assert record.answer("checklist", "hours_since_food") == answers[0]
    assert record.answer("ride", "driver_name") == answers[2]
    assert record.answer("ride", "driver_phone") is None
    assert record.answer("gad7", "hours_since_food") is None
    assert record.ride == {"has_ride": "yes", "driver_name": "Maria Lopez"}
    assert summary(cls=IntakeRecord).ride == {}  # type: ignore[attr-defined]
