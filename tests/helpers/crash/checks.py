"""What the parent checks after each kill: a sound file, nothing lost, nothing half-written, resume."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from kiosk.core.forms.model import FormsBundle, Questionnaire
from kiosk.core.records import Stage
from kiosk.core.rules import evaluate, is_visible
from kiosk.core.scoring import severity_for
from kiosk.core.session import IntakeSession, Outcome
from kiosk.core.validation import check_answer
from kiosk.documents.consent_pdf import render_consent
from kiosk.storage.intakes import IntakeRepository
from tests.helpers.crash.ledger import Ledger
from tests.helpers.crash.patients import DAY, crash_patient, parent_clock
from tests.helpers.rows import Rows

MISSING = object()


@dataclass
class Findings:
    """What one check found: problems in words, reported steps lost, steps compared."""

    problems: list[str] = field(default_factory=list)
    lost: int = 0
    checked: int = 0
    resumed: int = 0
    pending_committed: bool = False
    pending_resume: str | None = None
    unfinished: list[int] = field(default_factory=list)


@dataclass
class Stored:
    """One intake as the database has it."""

    row: dict[str, Any]
    answers: dict[tuple[str, str], Any] = field(default_factory=dict)
    steps: set[str] = field(default_factory=set)
    scores: dict[str, dict[str, Any]] = field(default_factory=dict)
    consents: list[dict[str, Any]] = field(default_factory=list)
    flags: dict[str, dict[str, Any]] = field(default_factory=dict)


def integrity(db: Database) -> list[str]:
    """SQLite's full integrity_check: ["ok"] for a sound file."""
    return [str(row[0]) for row in db.execute("PRAGMA integrity_check").fetchall()]


def load(db: Database) -> dict[int, Stored]:
    """Every intake of the database with its answers, steps, scores, consents and flags."""
    stored = {int(r["id"]): Stored(dict(r)) for r in db.query("SELECT * FROM intakes")}

    def of(row: dict[str, Any]) -> Stored:
        return stored[int(row["intake_id"])]

    for r in db.query("SELECT * FROM answers"):
        of(r).answers[(r["form_id"], r["question_id"])] = json.loads(r["value"])
    for r in db.query("SELECT * FROM steps"):
        of(r).steps.add(r["step_key"])
    for r in db.query("SELECT * FROM scores"):
        of(r).scores[r["instrument"]] = r
    for r in db.query("SELECT * FROM consents ORDER BY id"):
        of(r).consents.append(r)
    for r in db.query("SELECT * FROM flags"):
        of(r).flags[r["code"]] = r
    return stored


def step_values(forms: FormsBundle, intake: Stored) -> dict[str, Any]:
    """Each confirmed step's value as the worker reports it, plus the intake's language."""
    values: dict[str, Any] = {"language": intake.row["language"]}
    for form in (forms.checklist, forms.ride):
        for page in form.pages:
            key = f"{form.id}:{page.id}"
            if key in intake.steps:
                values[key] = {
                    q.id: intake.answers[(form.id, q.id)]
                    for q in page.questions
                    if (form.id, q.id) in intake.answers
                }
    for instrument in (forms.phq9, forms.gad7):
        for item in instrument.items:
            key = f"{instrument.id}:{item.id}"
            if key in intake.steps and (instrument.id, item.id) in intake.answers:
                values[key] = {item.id: intake.answers[(instrument.id, item.id)]}
    if "consent" in intake.steps and intake.consents:
        consent = intake.consents[-1]
        values["consent"] = {
            "version": consent["version"],
            "printed_name": consent["printed_name"],
            "pdf_sha256": hashlib.sha256(consent["pdf"]).hexdigest(),
        }
    return values


def _page_problems(form: Questionnaire, forms: FormsBundle, intake: Stored) -> list[str]:
    """A confirmed page holds a whole valid confirmation; an unconfirmed page holds nothing."""
    problems: list[str] = []
    form_answers = {q: v for (f, q), v in intake.answers.items() if f == form.id}
    for page in form.pages:
        key = f"{form.id}:{page.id}"
        answered = [q for q in page.questions if q.id in form_answers]
        if key not in intake.steps:
            if answered:
                problems.append(
                    f"{key} is not confirmed but has answers {[q.id for q in answered]}"
                )
            continue
        for question in page.questions:
            shown = is_visible(question, form_answers, forms.settings)
            value = form_answers.get(question.id, MISSING)
            if value is MISSING:
                if shown and question.required:
                    problems.append(f"{key} is confirmed without its answer to {question.id}")
            elif not shown:
                problems.append(f"{key} keeps an answer to the hidden question {question.id}")
            elif check_answer(question, value) != (value, None):
                problems.append(f"{key} stores a wrong answer to {question.id}: {value!r}")
    flags = {flag.code for flag in evaluate(form, form_answers, forms.settings)}
    if not flags <= set(intake.flags):
        problems.append(f"{form.id}: flags {sorted(flags - set(intake.flags))} are missing")
    return problems


def _instrument_problems(forms: FormsBundle, intake: Stored) -> list[str]:
    """Each confirmed item has its answer; a score exactly when every item is in, and right."""
    problems: list[str] = []
    for instrument in (forms.phq9, forms.gad7):
        values: dict[str, int] = {}
        for item in instrument.items:
            key = f"{instrument.id}:{item.id}"
            value = intake.answers.get((instrument.id, item.id), MISSING)
            if (key in intake.steps) != (value is not MISSING):
                problems.append(f"{key}: confirmed and answered disagree")
            if isinstance(value, int):
                values[item.id] = value
        score = intake.scores.get(instrument.id)
        complete = len(values) == len(instrument.items)
        if complete != (score is not None):
            problems.append(f"{instrument.id}: {len(values)} items answered but score {score}")
        elif score is not None:
            total = sum(values.values())
            severity = severity_for(instrument, total).key
            if (score["total"], score["severity"]) != (total, severity):
                problems.append(f"{instrument.id}: score {score} but the items add up to {total}")
        alert = instrument.alert
        if alert is not None:
            code = f"{instrument.id}_alert"
            raised = values.get(alert.item, 0) > alert.above
            if raised and code not in intake.flags:
                problems.append(
                    f"{instrument.id} item {alert.item} is above {alert.above}, no alert"
                )
            if code in intake.flags and f"{instrument.id}:{alert.item}" not in intake.steps:
                problems.append(f"{code} is raised but its item is not confirmed")
    return problems


def _intake_problems(forms: FormsBundle, intake: Stored) -> list[str]:
    """Every all-or-nothing write of this intake is all there or not there at all."""
    problems = _page_problems(forms.checklist, forms, intake)
    problems += _page_problems(forms.ride, forms, intake)
    problems += _instrument_problems(forms, intake)
    signed = "consent" in intake.steps
    row = intake.row
    if (len(intake.consents), row["completed_at"] is not None) != (int(signed), signed):
        problems.append(
            f"consent step {signed}, {len(intake.consents)} consent rows, completed_at"
            f" {row['completed_at']}"
        )
    for consent in intake.consents:
        pdf = bytes(consent["pdf"])
        if hashlib.sha256(pdf).hexdigest() != consent["pdf_sha256"]:
            problems.append(f"consent {consent['id']}: the PDF does not match its hash")
        if not (pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")):
            problems.append(f"consent {consent['id']}: the PDF is cut short")
        if not consent["signature_png"]:
            problems.append(f"consent {consent['id']}: no signature")
    last_page = f"{forms.checklist.id}:{forms.checklist.pages[-1].id}"
    stage = Stage(row["stage"])
    if (stage.order >= Stage.CHECKLIST_DONE.order) != (last_page in intake.steps):
        problems.append(f"stage {stage} but {last_page} confirmed: {last_page in intake.steps}")
    if (stage is Stage.CONSENT_SIGNED) != signed:
        problems.append(f"stage {stage} but consent signed: {signed}")
    for flag in intake.flags.values():
        if not any(s.startswith(f"{flag['source']}:") for s in intake.steps):
            problems.append(
                f"flag {flag['code']} is raised but no {flag['source']} step is confirmed"
            )
    return problems


def check_folder(db: Database, forms: FormsBundle, ledger: Ledger, seed: int) -> Findings:
    """Compare the database with the ledger: every reported step there, nothing half-written."""
    found = Findings()
    report = integrity(db)
    if report != ["ok"]:
        found.problems.append(f"integrity_check: {'; '.join(report[:5])}")
        return found
    stored = load(db)
    by_identity: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for intake_id, intake in stored.items():
        row = intake.row
        by_identity[(row["day"], row["name_key"], row["birth_date"])].append(intake_id)
    appointments = {
        (r["name_key"], r["birth_date"]): int(r["id"])
        for r in db.query("SELECT * FROM appointments WHERE day = ?", [DAY.isoformat()])
    }
    claimed: set[int] = set()
    pending = ledger.pending
    for index in sorted(ledger.started):
        patient = crash_patient(seed, index)
        who = (DAY.isoformat(), patient.identity.key, patient.identity.birth_date.isoformat())
        ids = by_identity.get(who, [])
        claimed.update(ids)
        saved = ledger.saved.get(index, {})
        if len(ids) > 1:
            found.problems.append(f"patient {index} has {len(ids)} intakes of the day: {ids}")
            continue
        if not ids:
            if saved:
                found.lost += len(saved)
                found.problems.append(f"patient {index}: reported {sorted(saved)} but no intake")
            continue
        intake = stored[ids[0]]
        if ledger.intakes.get(index, ids[0]) != ids[0]:
            found.problems.append(
                f"patient {index} was intake {ledger.intakes[index]}, now {ids[0]}"
            )
        appointment = appointments.get(who[1:]) if patient.booked else None
        if (intake.row["verified"], intake.row["appointment_id"]) != (
            int(patient.booked),
            appointment,
        ):
            found.problems.append(
                f"patient {index} booked {patient.booked}: verified {intake.row['verified']},"
                f" appointment {intake.row['appointment_id']} (booked as {appointment})"
            )
        found.problems += [f"patient {index}: {p}" for p in _intake_problems(forms, intake)]
        if "consent" not in intake.steps:
            found.unfinished.append(index)
        values = step_values(forms, intake)
        doubt = pending if pending is not None and pending.patient == index else None
        if doubt is not None and values.get(doubt.step, MISSING) == doubt.value:
            found.pending_committed = True
        for step, value in saved.items():
            found.checked += 1
            actual = values.get(step, MISSING)
            if actual != value and not (
                doubt is not None and doubt.step == step and found.pending_committed
            ):
                found.lost += 1
                shown = "missing" if actual is MISSING else json.dumps(actual)
                found.problems.append(
                    f"patient {index} {step}: reported saved as {json.dumps(value)}, stored {shown}"
                )
        unreported = set(values) - set(saved) - ({doubt.step} if doubt else set())
        if unreported - {"language"}:
            found.problems.append(
                f"patient {index}: steps {sorted(unreported)} were never reported"
            )
    strays = set(stored) - claimed
    if strays:
        found.problems.append(f"intakes {sorted(strays)} belong to no patient the worker started")
    return found


def check_resume(
    db: Database, forms: FormsBundle, ledger: Ledger, seed: int, patients: set[int], found: Findings
) -> None:
    """A fresh session identifying each patient lands where the worker said they would resume."""
    clock = parent_clock()
    pending = ledger.pending
    for index in sorted(patients):
        patient = crash_patient(seed, index)
        store = IntakeRepository(db, clock)
        saved = store.open_intake(DAY, patient.identity)
        if saved is None:
            continue
        row = Rows(store.db).intake(saved.intake_id)
        assert row is not None
        session = IntakeSession(forms, store, clock, render_consent)
        session.begin(row["language"], "normal")
        who = patient.identity
        result = session.identify(who.first_name, who.last_name, who.birth_date)
        found.resumed += 1
        doubt = pending is not None and pending.patient == index and found.pending_committed
        if doubt:
            expected = _first_unconfirmed(session)
            found.pending_resume = session.current.key
        else:
            expected = ledger.resume.get(index, _first_step(session))
        outcome = Outcome.ALREADY_DONE if expected == "done" else Outcome.RESUMED
        if (result.outcome, session.current.key) != (outcome, expected):
            found.problems.append(
                f"patient {index} resumes {result.outcome} at {session.current.key},"
                f" expected {outcome} at {expected}"
            )


def _first_unconfirmed(session: IntakeSession) -> str:
    return next((s.key for s in session.steps() if s.key not in session.confirmed), "done")


def _first_step(session: IntakeSession) -> str:
    """Where an intake created but never reported resumes: its first step."""
    return session.steps()[0].key
