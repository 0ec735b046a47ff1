"""Words for stages and flag levels on the staff side."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def stage_label(stage: str) -> str:
    """A stage in plain words."""
    labels = {
        "checking_in": QCoreApplication.translate("Stages", "Checking in"),
        "checklist_done": QCoreApplication.translate("Stages", "Checklist done"),
        "consent_signed": QCoreApplication.translate("Stages", "Consent signed"),
        "in_chair": QCoreApplication.translate("Stages", "In chair"),
        "discharged": QCoreApplication.translate("Stages", "Discharged"),
    }
    return labels.get(stage, stage)


def level_label(level: str, alert: bool) -> str:
    """RED / AMBER / ALERT with a shape, so colour is never the only cue."""
    if alert:
        return QCoreApplication.translate("Levels", "▲ ALERT")
    if level == "red":
        return QCoreApplication.translate("Levels", "● RED")
    return QCoreApplication.translate("Levels", "◆ AMBER")


def spoken_level(level: str, alert: bool) -> str:
    """A flag's level in words for a screen reader (the shapes above are read by their names)."""
    if alert:
        return QCoreApplication.translate("Levels", "alert")
    if level == "red":
        return QCoreApplication.translate("Levels", "red flag")
    return QCoreApplication.translate("Levels", "amber flag")
