"""The infusion and the watch after it in the staff language: chair states, why a patient may
not go yet, readiness reasons with the form's own words, side effects, refused marks."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kiosk.core.faults import INFUSION_TEXTS, InfusionProblem
from kiosk.core.forms.model import ReadinessForm
from kiosk.core.observation import ChairState, Standing, VitalsDue
from kiosk.core.side_effects import Severity, SideEffectKind
from kiosk.core.text import fill_in
from kiosk.ui.staff.faults import translated


def chair_text(standing: Standing, due: VitalsDue, passed: bool | None) -> str:
    """Where the patient stands, one or two short lines (the board's column stays narrow):
    "Observation" over "12 min left", "In the chair" over "▲ VITALS OVERDUE", "✓ Ready to go
    home"."""
    state = standing.state
    if state is ChairState.WAITING:
        return QCoreApplication.translate("Watch", "Waiting for infusion")
    if state is ChairState.IN_CHAIR:
        line = QCoreApplication.translate("Watch", "In the chair")
        if due is VitalsDue.OVERDUE:
            return line + "\n" + QCoreApplication.translate("Watch", "▲ VITALS OVERDUE")
        if due is VitalsDue.DUE:
            return line + "\n" + QCoreApplication.translate("Watch", "◆ Vitals due")
        return line
    if state is ChairState.OBSERVATION:
        return fill_in(
            QCoreApplication.translate("Watch", "Observation\n%1 min left"),
            str(standing.minutes_left),
        )
    if passed:
        return QCoreApplication.translate("Watch", "✓ Ready to go home")
    if passed is False:
        return QCoreApplication.translate("Watch", "Observation over\nReadiness not passed")
    return QCoreApplication.translate("Watch", "Observation over\nReadiness check next")


def chair_spoken(standing: Standing, due: VitalsDue, passed: bool | None) -> str:
    """``chair_text`` as a screen reader says it (shapes as words)."""
    state = standing.state
    if state is ChairState.IN_CHAIR and due is VitalsDue.OVERDUE:
        return QCoreApplication.translate("Watch", "In the chair; vitals overdue")
    if state is ChairState.IN_CHAIR and due is VitalsDue.DUE:
        return QCoreApplication.translate("Watch", "In the chair; vitals due")
    if state is ChairState.READY and passed:
        return QCoreApplication.translate("Watch", "Ready to go home")
    return chair_text(standing, due, passed).replace("\n", ": ")


def blocker_text(code: str, standing: Standing) -> str:
    """One reason a patient may not go yet (kiosk.core.discharge's codes)."""
    if code == "observation_running":
        return fill_in(
            QCoreApplication.translate("Watch", "observation: %1 min left"),
            str(standing.minutes_left),
        )
    words = {
        "infusion_not_started": QCoreApplication.translate("Watch", "the infusion has not started"),
        "infusion_running": QCoreApplication.translate("Watch", "the infusion is still running"),
        "no_readiness_check": QCoreApplication.translate(
            "Watch", "no readiness check since the infusion ended"
        ),
        "readiness_failed": QCoreApplication.translate(
            "Watch", "the last readiness check did not pass"
        ),
    }
    return words.get(code, code)


def not_ready_text(blockers: tuple[str, ...], standing: Standing) -> str:
    """Why the Discharge button waits, in a sentence."""
    return fill_in(
        QCoreApplication.translate("Watch", "Not ready to go home: %1."),
        "; ".join(blocker_text(b, standing) for b in blockers),
    )


def reason_text(code: str, form: ReadinessForm, language: str, score: int, max_score: int) -> str:
    """A readiness reason (kiosk.core.readiness's codes) with the form's own labels."""
    if code == "score_low":
        return fill_in(
            QCoreApplication.translate("Watch", "The score is %1 of %2; %3 is needed."),
            str(score),
            str(max_score),
            str(form.pass_score),
        )
    if code == "vitals_needed":
        return QCoreApplication.translate(
            "Watch", "Vital signs are needed from before the infusion and since it ended."
        )
    kind, _, item = code.partition(":")
    if kind == "zero":
        return fill_in(
            QCoreApplication.translate("Watch", "%1 scored 0."), form.label(item, language)
        )
    if kind == "missing":
        return fill_in(
            QCoreApplication.translate("Watch", "Not confirmed: %1"), form.label(item, language)
        )
    return code


def side_effect_words() -> dict[SideEffectKind, str]:
    """Each kind of side effect in words, in the clinic pages' order."""
    return {
        SideEffectKind.NAUSEA: QCoreApplication.translate("Watch", "Nausea"),
        SideEffectKind.VOMITING: QCoreApplication.translate("Watch", "Vomiting"),
        SideEffectKind.DIZZINESS: QCoreApplication.translate("Watch", "Dizziness"),
        SideEffectKind.DISSOCIATION: QCoreApplication.translate(
            "Watch", "Dissociation (feeling detached or unreal)"
        ),
        SideEffectKind.HEADACHE: QCoreApplication.translate("Watch", "Headache"),
        SideEffectKind.RAISED_BLOOD_PRESSURE: QCoreApplication.translate(
            "Watch", "Raised blood pressure"
        ),
        SideEffectKind.RAISED_HEART_RATE: QCoreApplication.translate("Watch", "Raised heart rate"),
        SideEffectKind.ANXIETY: QCoreApplication.translate("Watch", "Anxiety"),
        SideEffectKind.OTHER: QCoreApplication.translate("Watch", "Other (say what)"),
    }


def severity_words() -> dict[Severity, str]:
    """How bad, in words."""
    return {
        Severity.MILD: QCoreApplication.translate("Watch", "Mild"),
        Severity.MODERATE: QCoreApplication.translate("Watch", "Moderate"),
        Severity.SEVERE: QCoreApplication.translate("Watch", "Severe"),
    }


def infusion_problem_text(kind: InfusionProblem) -> str:
    """Why a mark or a correction was refused, in the staff language."""
    return translated(INFUSION_TEXTS[kind])
