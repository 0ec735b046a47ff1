"""The rules of a discharge, wherever the station stores it: what must be confirmed, and the
record made of it (the no-driving time counted from the moment of discharge)."""

from __future__ import annotations

import re
from datetime import datetime

from kiosk.core.aftercare import clinic_zone, no_driving_until
from kiosk.core.faults import DISCHARGE_TEXTS, DischargeProblem
from kiosk.core.forms.settings import Settings
from kiosk.core.intake_record import IntakeRecord
from kiosk.core.ports import Discharge
from kiosk.core.staff import Signer
from kiosk.core.validation import phone_digits


class DischargeError(ValueError):
    """A discharge that cannot go ahead: ``kind`` (which the staff screens translate); the
    message says what to do in English."""

    def __init__(self, kind: DischargeProblem) -> None:
        super().__init__(DISCHARGE_TEXTS[kind])
        self.kind = kind


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
) -> Discharge:
    """The discharge of ``intake`` stamped ``now``; DischargeError when it cannot go ahead. An
    intake already discharged is refused here only when the nurse's view was current (or there
    is no view to check): a stale view is the store's to refuse, naming who discharged."""
    current = seen_version is None or seen_version == intake.version
    if intake.discharge is not None and current:
        raise DischargeError(DischargeProblem.ALREADY_DISCHARGED)
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
    )
