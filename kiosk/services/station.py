"""The nurse station's acts: view, acknowledge, vitals, the chair; each with its audit entry."""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date, datetime

from kiosk.core.audit import AuditAction
from kiosk.core.board import ScorePoint
from kiosk.core.clock import Clock
from kiosk.core.discharge import discharge_blockers, plan_discharge
from kiosk.core.forms.model import FormsBundle
from kiosk.core.infusion import Mark, check_correction, check_mark
from kiosk.core.intake_record import IntakeRecord, IntakeSummary
from kiosk.core.ports import Discharge, ReadinessEntry, StationStore
from kiosk.core.readiness import Readiness, ReadinessCheck, readings_for, score_check
from kiosk.core.side_effects import SideEffect
from kiosk.core.staff import Signer
from kiosk.core.vitals import Phase, Vitals, vitals_flags
from kiosk.services.context import KioskContext
from kiosk.storage.station import StationRepository


class StationService:
    """What the nurse screens read and do, on any StationStore (the kiosk's own database today)."""

    def __init__(self, store: StationStore, forms: FormsBundle, clock: Clock) -> None:
        self.store = store
        self.forms = forms
        self.clock = clock

    @classmethod
    def on(cls, context: KioskContext) -> StationService:
        """The station on a kiosk's own database."""
        return cls(StationRepository(context.db, context.clock), context.forms, context.clock)

    # --- reads -------------------------------------------------------------------------------

    def board(self, day: date) -> list[IntakeSummary]:
        """Every intake of ``day`` with its flags, most urgent first."""
        return self.store.board(day)

    def intake(self, intake_id: int) -> IntakeRecord:
        """One intake with everything about it; LookupError if none."""
        return self.store.intake(intake_id)

    def score_history(self, intake_id: int) -> list[ScorePoint]:
        """PHQ-9 and GAD-7 totals of this patient on every day they came, oldest first."""
        return self.store.score_history(intake_id)

    def change_marker(self) -> Hashable:
        """Changes whenever anything was committed, from anywhere."""
        return self.store.change_marker()

    # --- acts --------------------------------------------------------------------------------

    def view_intake(self, intake_id: int, by: Signer) -> None:
        """A nurse opened an intake (``view_intake``; a refresh is not recorded)."""
        with self.store.act() as act:
            act.record(by.name, AuditAction.VIEW_INTAKE, f"intake {intake_id}")

    def acknowledge(self, flag_id: int, by: Signer, *, seen_version: int | None = None) -> None:
        """A nurse saw the flag: who and when are stored (``acknowledge``). ``seen_version``:
        the intake's version her view showed (StaleViewError when it moved on, on a store that
        keeps versions)."""
        with self.store.act() as act:
            self.store.acknowledge(flag_id, by.id, by.name, seen_version=seen_version)
            act.record(by.name, AuditAction.ACKNOWLEDGE, f"flag {flag_id}")

    def record_vitals(
        self,
        intake_id: int,
        phase: Phase,
        vitals: Vitals,
        by: Signer,
        *,
        seen_version: int | None = None,
    ) -> None:
        """Readings (``vitals``); values outside the clinic's limits raise flags, readings before
        the infusion seat the patient."""
        flags = vitals_flags(vitals, phase, self.forms.settings.vitals)
        with self.store.act() as act:
            self.store.record_vitals(
                intake_id, phase, vitals, by.id, flags, seen_version=seen_version
            )
            act.record(
                by.name,
                AuditAction.VITALS,
                f"intake {intake_id}",
                phase=phase.value,
                flags=[flag.code for flag in flags],
            )

    def seat(self, intake_id: int, by: Signer, *, seen_version: int | None = None) -> None:
        """The patient is in the infusion chair (``seat``)."""
        with self.store.act() as act:
            self.store.seat(intake_id, seen_version=seen_version)
            act.record(by.name, AuditAction.SEAT, f"intake {intake_id}")

    def discharge(
        self,
        intake_id: int,
        *,
        driver_name: str,
        driver_phone: str,
        driver_present: bool,
        nurse: Signer,
        seen_version: int | None = None,
        override_reason: str = "",
    ) -> Discharge:
        """The patient goes home, stamped now (``discharge``): the rules of
        kiosk.core.discharge (DischargeError; a patient not ready only with
        ``override_reason``, recorded as ``discharge_override`` and a red flag), then the store
        (StaleViewError when the view was stale)."""
        record = plan_discharge(
            self.store.intake(intake_id),  # LookupError: no such intake
            driver_name=driver_name,
            driver_phone=driver_phone,
            driver_present=driver_present,
            nurse=nurse,
            now=self.clock.now(),
            settings=self.forms.settings,
            seen_version=seen_version,
            override_reason=override_reason,
        )
        with self.store.act() as act:
            self.store.discharge(intake_id, record, seen_version=seen_version)
            if record.override_reason:
                act.record(
                    nurse.name,
                    AuditAction.DISCHARGE_OVERRIDE,
                    f"intake {intake_id}",
                    reason=record.override_reason,
                    not_ready=list(record.blockers),
                )
            else:
                act.record(nurse.name, AuditAction.DISCHARGE, f"intake {intake_id}")
        return record

    # --- the infusion and the watch after it -------------------------------------------------

    def blockers(self, intake: IntakeRecord) -> tuple[str, ...]:
        """Why ``intake`` may not go home now (kiosk.core.discharge); empty: ready."""
        return discharge_blockers(intake, self.clock.now(), self.forms.settings)

    def mark_infusion(
        self, intake_id: int, mark: Mark, by: Signer, *, seen_version: int | None = None
    ) -> datetime:
        """The infusion started or ended, stamped now (``infusion_start`` / ``infusion_end``);
        InfusionError when it cannot be (started twice, ended before it started, after the
        discharge). The time stamped."""
        now = self.clock.now()
        check_mark(self.store.intake(intake_id), mark, now)
        action = AuditAction.INFUSION_START if mark is Mark.STARTED else AuditAction.INFUSION_END
        with self.store.act() as act:
            self.store.mark_infusion(
                intake_id, mark.value, now, by.id, by.name, seen_version=seen_version
            )
            act.record(by.name, action, f"intake {intake_id}")
        return now

    def correct_infusion(
        self,
        intake_id: int,
        mark: Mark,
        at: datetime,
        reason: str,
        by: Signer,
        *,
        seen_version: int | None = None,
    ) -> None:
        """The infusion's start or end time corrected to ``at`` with a reason
        (``infusion_correct``; InfusionError when the time or the reason will not do)."""
        intake = self.store.intake(intake_id)
        text = check_correction(intake, mark, at, reason, self.clock.now())
        old = intake.infusion_started_at if mark is Mark.STARTED else intake.infusion_ended_at
        with self.store.act() as act:
            self.store.correct_infusion(
                intake_id,
                mark.value,
                at,
                text,
                staff_id=by.id,
                staff_name=by.name,
                seen_version=seen_version,
            )
            act.record(
                by.name,
                AuditAction.INFUSION_CORRECT,
                f"intake {intake_id}",
                which=mark.value,
                old=old,
                new=at.isoformat(),
                reason=text,
            )

    def record_side_effect(
        self, intake_id: int, effect: SideEffect, by: Signer, *, seen_version: int | None = None
    ) -> None:
        """A side effect the nurse saw (``side_effect``)."""
        with self.store.act() as act:
            self.store.record_side_effect(
                intake_id, effect, by.id, by.name, seen_version=seen_version
            )
            act.record(
                by.name,
                AuditAction.SIDE_EFFECT,
                f"intake {intake_id}",
                kind=effect.kind.value,
                severity=effect.severity.value,
            )

    def score_readiness(
        self, intake: IntakeRecord, answers: dict[str, str], confirmed: frozenset[str]
    ) -> Readiness:
        """The readiness checklist scored for ``intake`` as it stands (nothing stored): the
        readings come from its vitals (ReadinessError for answers the form lacks)."""
        baseline, latest = readings_for(intake)
        check = ReadinessCheck(answers, confirmed, baseline, latest)
        return score_check(self.forms.readiness, check)

    def check_readiness(
        self,
        intake_id: int,
        answers: dict[str, str],
        confirmed: frozenset[str],
        by: Signer,
        *,
        seen_version: int | None = None,
    ) -> Readiness:
        """The readiness checklist scored and stored (``readiness``); ReadinessError for answers
        the form lacks."""
        result = self.score_readiness(self.store.intake(intake_id), answers, confirmed)
        entry = ReadinessEntry(
            form_version=self.forms.readiness.version,
            answers=dict(answers),
            confirmed=tuple(sorted(confirmed)),
            points=dict(result.points),
            score=result.score,
            max_score=result.max_score,
            passed=result.passed,
            reasons=result.reasons,
        )
        with self.store.act() as act:
            self.store.record_readiness(intake_id, entry, by.id, by.name, seen_version=seen_version)
            act.record(
                by.name,
                AuditAction.READINESS,
                f"intake {intake_id}",
                score=result.score,
                passed=result.passed,
            )
        return result
