"""The nurse station's acts: view, acknowledge, vitals, the chair; each with its audit entry."""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date

from kiosk.core.audit import AuditAction
from kiosk.core.board import ScorePoint
from kiosk.core.clock import Clock
from kiosk.core.discharge import plan_discharge
from kiosk.core.forms.model import FormsBundle
from kiosk.core.intake_record import IntakeRecord, IntakeSummary
from kiosk.core.ports import Discharge, StationStore
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
    ) -> Discharge:
        """The patient goes home, stamped now (``discharge``): the rules of
        kiosk.core.discharge (DischargeError), then the store (StaleViewError when the view
        was stale)."""
        record = plan_discharge(
            self.store.intake(intake_id),  # LookupError: no such intake
            driver_name=driver_name,
            driver_phone=driver_phone,
            driver_present=driver_present,
            nurse=nurse,
            now=self.clock.now(),
            settings=self.forms.settings,
            seen_version=seen_version,
        )
        with self.store.act() as act:
            self.store.discharge(intake_id, record, seen_version=seen_version)
            act.record(nurse.name, AuditAction.DISCHARGE, f"intake {intake_id}")
        return record
