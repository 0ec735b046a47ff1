"""The crash worker: takes intakes through the real session and storage until it is killed.

Run by tests/reliability/test_crash.py as ``python -m tests.helpers.crash.worker``. Every
line it prints is one flushed write of tab-separated fields:

- ``OPENING`` / ``READY`` around opening the data folder (``open_context``);
- ``PATIENT <p>`` before patient ``p`` is started (their appointment imported, if booked);
- ``WILL <p> <step> <json>`` just before a call that commits that step with that value;
- ``SAVED <p> <step> <json> <resume step>`` once that call returned, so after its COMMIT;
- ``INTAKE <p> <intake id>`` once the patient has identified;
- ``FINISHED`` when it ran out of patients without being killed.

``language`` is the step of identify (it stores the language chosen on the welcome screen).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections.abc import Sequence
from pathlib import Path

from kiosk.core.clock import FakeClock
from kiosk.core.session import TEXT_SIZES, IntakeSession, Outcome, StepKind
from kiosk.documents.consent_pdf import render_consent
from kiosk.services.context import KioskContext, open_context
from kiosk.services.demo.day import signature_png
from kiosk.storage.appointments import import_appointments
from tests.helpers.crash.patients import (
    crash_patient,
    item_value,
    page_draft,
    page_values,
    resume_key,
    worker_clock,
)

BACK_RATE = 0.06  # before a step, the patient goes back one step and answers it again
WALK_AWAY_RATE = 0.12  # the patient leaves the kiosk part way through


def emit(*fields: object) -> None:
    """One line to the parent, flushed so it is on record before the next write starts."""
    print("\t".join(str(f) for f in fields), flush=True)


def as_json(value: object) -> str:
    """A value as one line of JSON."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


class Worker:
    """Walks patients through their intakes, reporting each step around its commit."""

    def __init__(self, context: KioskContext, clock: FakeClock, seed: int, run: int) -> None:
        self.context = context
        self.clock = clock
        self.seed = seed
        self.rng = random.Random(f"{seed}:run:{run}")

    def visit(self, index: int, *, resuming: bool) -> None:
        """Patient ``index`` at the kiosk: identify, then steps until done or walking away."""
        patient = crash_patient(self.seed, index)
        emit("PATIENT", index)
        if patient.booked and not resuming:
            import_appointments(self.context.db, [patient.appointment()], self.clock)
        session = IntakeSession(
            self.context.forms, self.context.intakes, self.clock, render_consent
        )
        language = self.rng.choice(("en", "es"))
        session.begin(language, self.rng.choice(TEXT_SIZES))
        emit("WILL", index, "language", as_json(language))
        who = patient.identity
        result = session.identify(who.first_name, who.last_name, who.birth_date)
        if result.outcome is Outcome.ALREADY_DONE:
            emit("ALREADY_DONE", index)
            return
        if result.outcome not in (Outcome.NEW, Outcome.RESUMED):
            raise RuntimeError(f"patient {index} could not identify: {result}")
        emit("INTAKE", index, session.intake_id)
        emit("SAVED", index, "language", as_json(language), resume_key(session))
        walk_away = self.rng.randrange(1, 25) if self.rng.random() < WALK_AWAY_RATE else None
        self.walk(index, session, walk_away)

    def walk(self, index: int, session: IntakeSession, walk_away: int | None) -> None:
        """Answer step after step, going back now and then, until done or walking away."""
        walked = 0
        while session.current.kind is not StepKind.DONE:
            if walk_away is not None and walked >= walk_away:
                return
            if self.rng.random() < BACK_RATE and session.can_go_back():
                session.back()
            self.clock.advance(self.rng.uniform(1, 5))
            step = session.current
            kind = step.kind
            if kind is StepKind.PAGE:
                draft = page_draft(session, self.rng)
                value: object = page_values(session, draft)
                emit("WILL", index, step.key, as_json(value))
                problems = session.confirm_page(draft)
                if problems:
                    raise RuntimeError(f"{step.key} refused the worker's answers: {problems}")
            elif kind is StepKind.ITEM:
                instrument, item = session.item()
                answer = item_value(instrument, item, self.rng)
                value = {instrument.items[item].id: answer}
                emit("WILL", index, step.key, as_json(value))
                session.answer_item(answer)
            else:
                assert session.identity is not None
                sections = tuple(s.id for s in session.forms.consent.sections)
                copy, pdf = session.prepare_consent(
                    session.identity.full_name, signature_png(self.rng), sections
                )
                value = consent_value(copy.consent.version, copy.printed_name, pdf)
                emit("WILL", index, step.key, as_json(value))
                session.certify(copy, pdf)
            emit("SAVED", index, step.key, as_json(value), resume_key(session))
            walked += 1


def consent_value(version: int, printed_name: str, pdf: bytes) -> dict[str, object]:
    """What the parent checks of a signed consent: version, printed name and the PDF's hash."""
    return {
        "version": version,
        "printed_name": printed_name,
        "pdf_sha256": hashlib.sha256(pdf).hexdigest(),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Open the data folder, resume the given patients, then start new ones in order."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--run", type=int, required=True)
    parser.add_argument("--first-new", type=int, required=True)
    parser.add_argument("--new", type=int, default=30, help="new patients before stopping")
    parser.add_argument("--resume", type=int, nargs="*", default=[])
    args = parser.parse_args(argv)
    clock = worker_clock(args.run)
    emit("OPENING")
    context = open_context(args.data_dir, clock=clock)
    emit("READY")
    worker = Worker(context, clock, args.seed, args.run)
    for index in args.resume:
        worker.visit(index, resuming=True)
    for index in range(args.first_new, args.first_new + args.new):
        worker.visit(index, resuming=False)
    context.close()
    emit("FINISHED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
