"""The rules of a discharge, wherever the station stores it: what must be confirmed, and the
record made of it (the no-driving time counted from the moment of discharge)."""

from __future__ import annotations

import re
from datetime import datetime

from kiosk.core.aftercare import clinic_zone, no_driving_until
from kiosk.core.faults import DISCHARGE_TEXTS, DischargeProblem
from kiosk.core.flags import Flag, Level
from kiosk.core.forms.settings import Settings
from kiosk.core.infusion import clean_reason, standing_of
from kiosk.core.intake_record import IntakeRecord, verdict_since_end
from kiosk.core.observation import ChairState
from kiosk.core.ports import Discharge
from kiosk.core.staff import Signer
from kiosk.core.text import Localized
from kiosk.core.validation import phone_digits


class DischargeError(ValueError):
    """A discharge that cannot go ahead: ``kind`` (which the staff screens translate); the
    message says what to do in English. ``blockers``: why the patient is not ready (NOT_READY)."""

    def __init__(self, kind: DischargeProblem, blockers: tuple[str, ...] = ()) -> None:
        super().__init__(DISCHARGE_TEXTS[kind])
        self.kind = kind
        self.blockers = blockers


def plan_discharge(
    intake: IntakeRecord,
    *,
    driver_name: str,
    driver_phone: str,
    driver_present: bool,
    nurse: Signer,
    now: datetime,
    settings: Settings,
    seen_version: int | None = None,
    override_reason: str = "",
) -> Discharge:
    """The discharge of ``intake`` stamped ``now``; DischargeError when it cannot go ahead. An
    intake already discharged is refused here only when the nurse's view was current (or there
    is no view to check): a stale view is the store's to refuse, naming who discharged. A
    patient not ready (``discharge_blockers``) goes only with ``override_reason`` written."""
    current = seen_version is None or seen_version == intake.version
    if intake.discharge is not None and current:
        raise DischargeError(DischargeProblem.ALREADY_DISCHARGED)
    blockers = discharge_blockers(intake, now, settings) if intake.discharge is None else ()
    reason = ""
    if blockers:
        if not override_reason.strip():
            raise DischargeError(DischargeProblem.NOT_READY, blockers)
        cleaned = clean_reason(override_reason)
        if cleaned is None:
            raise DischargeError(DischargeProblem.OVERRIDE_REASON, blockers)
        reason = cleaned
    if not driver_present:
        raise DischargeError(DischargeProblem.DRIVER_NOT_HERE)
    name = driver_name.strip()
    phone = driver_phone.strip()
    if not name:
        raise DischargeError(DischargeProblem.NO_DRIVER_NAME)
    if not 7 <= len(phone_digits(phone)) <= 15 or not re.fullmatch(r"\+?[0-9 ().\-]+", phone):
        raise DischargeError(DischargeProblem.BAD_DRIVER_PHONE)
    return Discharge(
        driver_name=name,
        driver_phone=phone,
        driver_present=True,
        discharged_at=now,
        no_driving_until=no_driving_until(
            now, settings.aftercare.no_driving_hours, clinic_zone(settings)
        ),
        nurse_id=nurse.id,
        nurse_name=nurse.name,
        override_reason=reason,
        blockers=blockers if reason else (),
    )


def discharge_blockers(intake: IntakeRecord, now: datetime, settings: Settings) -> tuple[str, ...]:
    """Why the patient may not go yet (empty: ready): the infusion not started or still running,
    the observation period not over, no readiness check since the infusion ended, or the last
    one not passed."""
    shown = standing_of(intake, now, settings)
    if shown.state is ChairState.WAITING:
        return ("infusion_not_started",)
    if shown.state is ChairState.IN_CHAIR:
        return ("infusion_running",)
    blockers: list[str] = []
    if shown.state is ChairState.OBSERVATION:
        blockers.append("observation_running")
    passed = verdict_since_end(intake.readiness, intake.infusion_ended_at)
    if passed is None:
        blockers.append("no_readiness_check")
    elif not passed:
        blockers.append("readiness_failed")
    return tuple(blockers)


def override_flag(reason: str) -> Flag:
    """The red flag of a discharge before the patient was ready, with the nurse's reason."""
    return Flag(
        "discharge_override",
        Level.RED,
        "discharge",
        Localized(
            {
                "en": f"Discharged before ready: {reason}",
                "es": f"Alta antes de estar listo: {reason}",
            }
        ),
    )
