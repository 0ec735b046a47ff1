"""The infusion and the watch after it in tests: a patient brought to the door (infusion
marked and its times corrected to before the observation period, vitals since, a passing
readiness check), on any station's store and with any clock."""

from __future__ import annotations

from datetime import timedelta

from kiosk.core.infusion import Mark
from kiosk.core.staff import Signer
from kiosk.core.vitals import Phase, Vitals
from kiosk.services.station import StationService

BASELINE = Vitals(128, 82, 72, 98)
GOOD_ANSWERS = {
    "ambulation": "steady",
    "nausea": "minimal",
    "pain": "minimal",
    "bleeding": "minimal",
}
CONFIRMED = frozenset({"alert_oriented", "escort_present"})
BACKDATED = "Times entered after the fact from the pump log"


def make_ready(
    station: StationService,
    intake_id: int,
    nurse: Signer,
    *,
    minutes_ago: int | None = None,
    vitals: Vitals = BASELINE,
) -> None:
    """Bring an intake to the door: vitals before (if none), the infusion marked started and
    ended, its times corrected so that it ended ``minutes_ago`` (the observation period and a
    minute, by default), vitals since and a passing readiness check."""
    intake = station.intake(intake_id)
    if not any(v.phase == Phase.PRE.value for v in intake.vitals):
        station.record_vitals(intake_id, Phase.PRE, vitals, nurse)
        intake = station.intake(intake_id)
    if intake.infusion_started_at is None:
        station.mark_infusion(intake_id, Mark.STARTED, nurse)
    if station.intake(intake_id).infusion_ended_at is None:
        station.mark_infusion(intake_id, Mark.ENDED, nurse)
    watch = station.forms.settings.intake.observation_minutes
    ago = watch + 1 if minutes_ago is None else minutes_ago
    now = station.clock.now()
    station.correct_infusion(
        intake_id, Mark.STARTED, now - timedelta(minutes=ago + 45), BACKDATED, nurse
    )
    station.correct_infusion(intake_id, Mark.ENDED, now - timedelta(minutes=ago), BACKDATED, nurse)
    station.record_vitals(intake_id, Phase.DISCHARGE, vitals, nurse)
    station.check_readiness(intake_id, dict(GOOD_ANSWERS), CONFIRMED, nurse)
