"""The nurse's side of a demo visit: vitals, the infusion, side effects, readiness and the door."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from functools import partial

from kiosk.core.clock import FakeClock
from kiosk.core.forms.required import DRIVER_NAME, DRIVER_PHONE
from kiosk.core.infusion import Mark
from kiosk.core.side_effects import Severity, SideEffect, SideEffectKind
from kiosk.core.staff import Signer
from kiosk.core.vitals import Phase, Vitals
from kiosk.services.station import StationService

NURSES = ("Nora Nurse", "Sam Okafor", "Lucía Reyes")
DRIVERS = ("Pat Rivera", "Chris Walker", "Elena Ruiz", "Jordan Baker")  # rides found at the door
SIDE_EFFECT_SHARE = 0.4  # patients with at least one side effect seen
FAIL_FIRST = 0.08  # a first readiness check that fails (more after a troubling side effect)
FAIL_FIRST_TROUBLED = 0.6
OVERRIDE_EVERY = 30  # one discharge in about this many goes before ready, with a reason
FLAG_SHARE = 0.04  # a reading during the infusion above the clinic's limits (a full day)
SIDE_EFFECTS = {  # kind -> weight
    SideEffectKind.DISSOCIATION: 30,
    SideEffectKind.NAUSEA: 20,
    SideEffectKind.DIZZINESS: 20,
    SideEffectKind.RAISED_BLOOD_PRESSURE: 10,
    SideEffectKind.HEADACHE: 8,
    SideEffectKind.ANXIETY: 7,
    SideEffectKind.VOMITING: 3,
    SideEffectKind.RAISED_HEART_RATE: 2,
}
SEVERITIES = {Severity.MILD: 65, Severity.MODERATE: 28, Severity.SEVERE: 7}
TROUBLING = {SideEffectKind.NAUSEA, SideEffectKind.VOMITING, SideEffectKind.DIZZINESS}
GOOD_ANSWERS = {
    "ambulation": "steady",
    "nausea": "minimal",
    "pain": "minimal",
    "bleeding": "minimal",
}
CONFIRMED = frozenset({"alert_oriented", "escort_present"})
# A first check that fails: the answers that differ from a good one, what stays unconfirmed,
# and the reason a nurse wrote when she let the patient go all the same (rarely).
FAILING: tuple[tuple[dict[str, str], frozenset[str], str], ...] = (
    (  # dizzy and queasy
        {"ambulation": "with_help", "nausea": "moderate"},
        frozenset[str](),
        "Mild nausea only, settled with rest; reviewed with the physician before leaving",
    ),
    (  # walks with a cane anyway
        {"ambulation": "with_help", "pain": "moderate"},
        frozenset[str](),
        "Walks with a cane at baseline and has knee pain; steady with it, physician agreed",
    ),
    (  # the ride is not here yet
        {},
        frozenset({"escort_present"}),
        "Escort waiting in the car at the door; nurse walked the patient out to them",
    ),
    (  # cannot walk yet
        {"ambulation": "unable"},
        frozenset[str](),
        "Uses a wheelchair at home; transferred to the car by staff with the escort",
    ),
)
PASSING: tuple[dict[str, str], ...] = (  # a passing check need not be perfect
    {},
    {},
    {},
    {"ambulation": "with_help"},
    {"pain": "moderate"},
)


class Target(StrEnum):
    """Where a chosen demo patient stands when the day is seen (the board shows each)."""

    WAITING = "waiting"
    IN_CHAIR = "in_chair"  # and a reading during the infusion above the clinic's limits
    OVERDUE = "overdue"  # in the chair with the vitals overdue
    OBSERVATION = "observation"
    READY = "ready"
    GONE = "gone"  # early enough to be home (a short wait, a short infusion)


# Minutes before the moment the day is seen at that a chosen patient arrives (low, high).
ARRIVE_BEFORE = {
    Target.WAITING: (35, 45),
    Target.IN_CHAIR: (95, 110),
    Target.OVERDUE: (110, 125),
    Target.OBSERVATION: (165, 190),
    Target.READY: (210, 240),
    Target.GONE: (260, 320),  # or as the clinic opens
}


@dataclass(frozen=True)
class Course:
    """How one patient's infusion goes: chosen for them (``target``), a flag during it, and
    whether a failed readiness check is overridden."""

    target: Target | None = None
    flagged: bool = False
    override: bool = False


def overrides(finishing: int) -> int:
    """How many of ``finishing`` patients of a day are discharged before ready (rarely)."""
    return (finishing + OVERRIDE_EVERY // 2) // OVERRIDE_EVERY


class Visit:
    """One patient's course through the chair, planned then played on the clock: what the
    nurses did for an intake whose patient just finished at the kiosk (the clock at that
    moment): alerts acknowledged, vitals before, the infusion with vitals every
    ``[monitoring] vitals_every_minutes``, side effects, the observation, readiness checks and
    the discharge; each act at its own time, none after ``until`` (None: the day ran its
    course)."""

    def __init__(
        self,
        station: StationService,
        clock: FakeClock,
        intake_id: int,
        rng: random.Random,
        *,
        until: datetime | None,
        course: Course,
    ) -> None:
        self.station = station
        self.clock = clock
        self.id = intake_id
        self.rng = rng
        self.until = until
        self.course = course
        self.nurse = Signer(None, rng.choice(NURSES))
        self.events: list[tuple[datetime, Callable[[], object]]] = []
        settings = station.forms.settings
        self.every = settings.monitoring.vitals_every_minutes
        self.watch = settings.intake.observation_minutes

    def minutes(self, low: float, high: float) -> timedelta:
        """A span of ``low`` to ``high`` minutes."""
        return timedelta(minutes=self.rng.uniform(low, high))

    def at(self, moment: datetime, act: Callable[[], object]) -> None:
        """``act`` is done at ``moment`` (if the day is seen after it)."""
        self.events.append((moment, act))

    def play(self) -> None:
        """Plan the whole course, then do each act in time order up to ``until``."""
        intake = self.station.intake(self.id)
        done = self.clock.current
        seen = done + self.minutes(2, 8)
        for flag in intake.flags:
            if flag.alert:
                self.at(seen, partial(self.station.acknowledge, flag.id, self.nurse))
        if intake.completed_at is not None:
            self.plan(seen)
        self.events.sort(key=lambda event: event[0])
        for moment, act in self.events:
            if self.until is not None and moment > self.until:
                break
            self.clock.current = moment
            act()

    # --- the plan ------------------------------------------------------------------------------

    def plan(self, seen: datetime) -> None:
        """Vitals before, the infusion (shaped for a chosen patient), and what follows it."""
        rng, target, until = self.rng, self.course.target, self.until
        baseline = _baseline(rng)
        pre = seen + self.minutes(3, 12)
        self.vitals(pre, Phase.PRE, baseline)
        earliest = pre + self.minutes(5, 25)
        start, length = earliest, self.minutes(40, 120)
        gap = None  # the overdue patient's readings stop this long before ``until``
        if target is not None and until is not None:
            if target is Target.WAITING:
                start = until + self.minutes(5, 30)
            elif target is Target.GONE:
                start, length = pre + self.minutes(5, 10), self.minutes(40, 55)
            elif target in (Target.IN_CHAIR, Target.OVERDUE):
                wanted = until - (
                    self.minutes(25, 45) if target is Target.IN_CHAIR else self.minutes(45, 70)
                )
                start = max(earliest, wanted)
                length = max(length, until - start + self.minutes(10, 40))
                if target is Target.OVERDUE:
                    gap = self.minutes(25, 35)
            else:
                end = until - (
                    self.minutes(3, 25)
                    if target is Target.OBSERVATION
                    else timedelta(minutes=self.watch) + self.minutes(15, 35)
                )
                start = max(earliest, end - self.minutes(40, 120))
                length = max(end - start, timedelta(minutes=1))
        end = start + length
        self.at(start, partial(self.mark, Mark.STARTED))
        self.during(start, end, baseline, gap)
        self.at(end, partial(self.mark, Mark.ENDED))
        troubled = self.side_effects(start, end)
        self.after(end, baseline, troubled)

    def during(
        self, start: datetime, end: datetime, baseline: Vitals, gap: timedelta | None
    ) -> None:
        """Readings every interval while it runs; blood pressure and pulse rise for most."""
        rng = self.rng
        rise = rng.uniform(0.06, 0.2) if rng.random() < 0.7 else rng.uniform(0.0, 0.04)
        pulse = rng.uniform(0.0, 0.14)
        length = (end - start).total_seconds()
        k = 1
        while True:
            moment = start + timedelta(minutes=k * self.every) + self.minutes(-1, 2)
            if moment >= end - timedelta(minutes=2):
                break
            if gap is not None and self.until is not None and moment > self.until - gap:
                break  # the nurse was busy: this patient's vitals are overdue
            share = math.sin(math.pi * min(1.0, (moment - start).total_seconds() / length * 1.2))
            systolic = min(158, round(baseline.systolic * (1 + rise * share) + rng.randint(-3, 3)))
            diastolic = min(
                98, round(baseline.diastolic * (1 + rise * 0.7 * share) + rng.randint(-2, 2))
            )
            heart = min(108, round(baseline.heart_rate * (1 + pulse * share) + rng.randint(-3, 3)))
            reading = Vitals(systolic, diastolic, heart, rng.randint(94, 100))
            if self.course.flagged and k == 1:  # above the clinic's limits: a red flag
                reading = Vitals(rng.randint(162, 174), rng.randint(96, 106), heart, reading.spo2)
                effect = SideEffect(SideEffectKind.RAISED_BLOOD_PRESSURE, Severity.MODERATE, moment)
                self.at(moment + self.minutes(0.5, 2), partial(self.side_effect, effect))
            self.vitals(moment, Phase.DURING, reading)
            k += 1

    def side_effects(self, start: datetime, end: datetime) -> bool:
        """Side effects seen on some patients; whether one will trouble the readiness check."""
        rng = self.rng
        if rng.random() >= SIDE_EFFECT_SHARE:
            return False
        troubled = False
        span = (end - start).total_seconds() / 60 + min(20, self.watch)
        for _ in range(rng.choice((1, 1, 1, 2))):
            kind = rng.choices(list(SIDE_EFFECTS), weights=list(SIDE_EFFECTS.values()))[0]
            severity = rng.choices(list(SEVERITIES), weights=list(SEVERITIES.values()))[0]
            seen = start + self.minutes(8, span)
            effect = SideEffect(kind, severity, seen)
            self.at(seen + self.minutes(0, 4), partial(self.side_effect, effect))
            troubled |= kind in TROUBLING and severity is not Severity.MILD
        return troubled

    def after(self, end: datetime, baseline: Vitals, troubled: bool) -> None:
        """The observation, readiness checks (some fail first), and the discharge."""
        rng, course = self.rng, self.course
        check = end + timedelta(minutes=self.watch) + self.minutes(1, 10)
        fails = course.override or (
            course.target not in (Target.READY, Target.GONE)
            and rng.random() < (FAIL_FIRST_TROUBLED if troubled else FAIL_FIRST)
        )
        if fails:
            answers, unconfirmed, reason = rng.choice(FAILING)
            self.readiness(check, baseline, {**GOOD_ANSWERS, **answers}, CONFIRMED - unconfirmed)
            if course.override:
                self.at(check + self.minutes(5, 15), partial(self.discharge, reason))
                return
            check += self.minutes(15, 35)
        self.readiness(check, baseline, {**GOOD_ANSWERS, **rng.choice(PASSING)}, CONFIRMED)
        leave = check + self.minutes(5, 10 if course.target is Target.GONE else 20)
        if course.target is Target.READY and self.until is not None:
            leave = max(leave, self.until + self.minutes(5, 30))
        self.at(leave, partial(self.discharge, ""))

    # --- the acts, through the station ---------------------------------------------------------

    def vitals(self, moment: datetime, phase: Phase, reading: Vitals) -> None:
        self.at(moment, partial(self.station.record_vitals, self.id, phase, reading, self.nurse))

    def readiness(
        self, moment: datetime, baseline: Vitals, answers: dict[str, str], confirmed: frozenset[str]
    ) -> None:
        self.vitals(moment - self.minutes(1, 4), Phase.DISCHARGE, _near(self.rng, baseline))
        self.at(
            moment,
            partial(self.station.check_readiness, self.id, dict(answers), confirmed, self.nurse),
        )

    def mark(self, mark: Mark) -> None:
        self.station.mark_infusion(self.id, mark, self.nurse)

    def side_effect(self, effect: SideEffect) -> None:
        self.station.record_side_effect(self.id, effect, self.nurse)

    def discharge(self, override_reason: str) -> None:
        ride = self.station.intake(self.id).ride
        driver, phone = str(ride.get(DRIVER_NAME, "")), str(ride.get(DRIVER_PHONE, ""))
        if not driver.strip() or not phone.strip():
            driver = self.rng.choice(DRIVERS)  # a ride was found after all
            phone = f"(555) 0{self.rng.randint(10, 99)}-{self.rng.randint(0, 9999):04d}"
        self.station.discharge(  # DischargeError: the caller's to report
            self.id,
            driver_name=driver,
            driver_phone=phone,
            driver_present=True,
            nurse=self.nurse,
            override_reason=override_reason,
        )


def _baseline(rng: random.Random) -> Vitals:
    """Readings before the infusion, within the clinic's limits."""
    systolic = rng.randint(104, 142)
    return Vitals(
        systolic, min(systolic - 30, rng.randint(62, 88)), rng.randint(58, 92), rng.randint(95, 100)
    )


def _near(rng: random.Random, baseline: Vitals) -> Vitals:
    """Readings back near the baseline after the infusion (well within 20 %)."""
    return Vitals(
        baseline.systolic + rng.randint(-6, 10),
        baseline.diastolic + rng.randint(-4, 6),
        baseline.heart_rate + rng.randint(-5, 8),
        rng.randint(95, 100),
    )


__all__ = ["ARRIVE_BEFORE", "NURSES", "Course", "Target", "Visit", "overrides"]
