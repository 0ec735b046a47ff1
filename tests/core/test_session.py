"""The patient's way through the intake, on the real in-memory storage and consent renderer."""

from __future__ import annotations

import hashlib
import json
from datetime import date, timedelta
from typing import Any

import pytest

from kiosk.core.appointments import parse_csv
from kiosk.core.clock import FakeClock
from kiosk.core.forms import FormsBundle
from kiosk.core.session import (
    IdentifyResult,
    IntakeSession,
    Outcome,
    SessionError,
    Step,
    StepKind,
)
from kiosk.core.validation import Invalid, Problem
from kiosk.documents.consent_pdf import render_consent
from kiosk.storage.appointments import import_appointments
from kiosk.storage.intakes import IntakeRepository
from tests.helpers.images import tiny_png
from tests.helpers.intake import (
    BIRTH_DATE,
    confirm_current_page,
    page_draft,
    sign_consent,
    walk_to,
    walk_to_done,
)
from tests.helpers.rows import Rows

TODAY = "2026-11-21"  # the FakeClock's day


def _count(repo: IntakeRepository, table: str) -> int:
    return int(repo.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _answer_rows(repo: IntakeRepository, intake_id: int, question: str) -> list[dict[str, Any]]:
    return [row for row in Rows(repo.db).answers(intake_id) if row["question_id"] == question]


def _intake_id(session: IntakeSession) -> int:
    assert session.intake_id is not None
    return session.intake_id


def _second_session(forms: FormsBundle, repo: IntakeRepository, clock: FakeClock) -> IntakeSession:
    """Another patient session on the same storage: the kiosk after a wipe."""
    return IntakeSession(forms, repo, clock, render_consent)


def _import(repo: IntakeRepository, clock: FakeClock, *rows: str) -> None:
    text = "date,time,first_name,last_name,date_of_birth\n" + "\n".join(rows) + "\n"
    import_appointments(repo.db, parse_csv(text), clock)


# --- identify ---------------------------------------------------------------------------------


def test_identify_without_appointment_is_new_and_unverified(
    session: IntakeSession, repo: IntakeRepository
) -> None:
    """With no appointment today, identify starts a new unverified intake at the first page."""
    result = session.identify("José", "O'Neil", BIRTH_DATE)
    assert result == IdentifyResult(Outcome.NEW, verified=False)
    row = Rows(repo.db).intake(_intake_id(session))
    assert row is not None
    assert (row["first_name"], row["last_name"], row["birth_date"]) == (
        "José",
        "O'Neil",
        "1980-02-29",
    )
    assert (row["day"], row["verified"], row["appointment_id"]) == (TODAY, 0, None)
    assert (row["stage"], row["language"], row["completed_at"]) == ("checking_in", "en", None)
    assert session.current == Step(StepKind.PAGE, "checklist", "fasting")
    assert session.verified is False


@pytest.mark.parametrize(
    ("booked", "verified"),
    [
        (f"{TODAY},09:30,Jose,ONEIL,1980-02-29", True),
        (f"{TODAY},,josé,o'neil,1980-02-29", True),
        (f"{TODAY},09:30,José,O'Neil,1980-03-01", False),  # another date of birth
        ("2026-11-22,09:30,José,O'Neil,1980-02-29", False),  # booked tomorrow
        (f"{TODAY},09:30,Josefa,O'Neil,1980-02-29", False),  # someone else
    ],
)
def test_identify_is_verified_by_todays_appointment(
    session: IntakeSession,
    repo: IntakeRepository,
    clock: FakeClock,
    booked: str,
    verified: bool,
) -> None:
    """Today's imported appointment for this name (any case, accents) and birth date verifies."""
    _import(repo, clock, booked)
    result = session.identify("José", "O'Neil", BIRTH_DATE)
    assert result == IdentifyResult(Outcome.NEW, verified=verified)
    row = Rows(repo.db).intake(_intake_id(session))
    assert row is not None
    assert row["verified"] == int(verified)
    assert (row["appointment_id"] is not None) is verified


@pytest.mark.parametrize(
    ("first", "last", "birth", "problems"),
    [
        ("", "O'Neil", BIRTH_DATE, [Invalid("first_name", Problem.REQUIRED)]),
        ("José", "   ", BIRTH_DATE, [Invalid("last_name", Problem.REQUIRED)]),
        ("José", "O'Neil", None, [Invalid("date_of_birth", Problem.REQUIRED)]),
        ("José", "O'Neil", date(2026, 11, 22), [Invalid("date_of_birth", Problem.DATE_IN_FUTURE)]),
        ("José", "O'Neil", date(1899, 12, 31), [Invalid("date_of_birth", Problem.DATE_TOO_OLD)]),
        (
            " ",
            "",
            None,
            [
                Invalid("first_name", Problem.REQUIRED),
                Invalid("last_name", Problem.REQUIRED),
                Invalid("date_of_birth", Problem.REQUIRED),
            ],
        ),
    ],
)
def test_identify_problems_start_nothing(
    session: IntakeSession,
    repo: IntakeRepository,
    first: str,
    last: str,
    birth: date | None,
    problems: list[Invalid],
) -> None:
    """Blank names or a missing, future or too-old birth date come back as problems; no intake."""
    result = session.identify(first, last, birth)
    assert result.outcome is Outcome.INVALID
    assert list(result.problems) == problems
    assert not session.started
    assert _count(repo, "intakes") == 0


# --- the whole way ----------------------------------------------------------------------------


def test_walking_the_whole_way_ends_done_and_signed(
    session: IntakeSession, repo: IntakeRepository, forms: FormsBundle
) -> None:
    """Safe answers, 0 on every item, a ride and a signature: done, signed, no flag."""
    session.identify("José", "O'Neil", BIRTH_DATE)
    intake_id = _intake_id(session)
    walk_to_done(session)
    assert session.current.kind is StepKind.DONE
    row = Rows(repo.db).intake(intake_id)
    assert row is not None
    assert row["stage"] == "consent_signed"
    assert row["completed_at"] == "2026-11-21T15:00:00+00:00"
    assert Rows(repo.db).flags(intake_id) == []
    scores = Rows(repo.db).scores(intake_id)
    assert {k: (v["total"], v["severity"]) for k, v in scores.items()} == {
        "phq9": (0, "minimal"),
        "gad7": (0, "minimal"),
    }
    expected_steps = {f"checklist:{p.id}" for p in forms.checklist.pages}
    expected_steps |= {f"phq9:{i.id}" for i in forms.phq9.items}
    expected_steps |= {f"gad7:{i.id}" for i in forms.gad7.items}
    expected_steps |= {f"ride:{p.id}" for p in forms.ride.pages} | {"consent"}
    assert Rows(repo.db).steps(intake_id) == expected_steps
    stored = {(r["form_id"], r["question_id"]): r for r in Rows(repo.db).answers(intake_id)}
    assert json.loads(stored[("ride", "driver_phone")]["value"]) == "(555) 010-0123"
    assert json.loads(stored[("checklist", "stimulants_recent")]["value"]) == ["none"]
    assert stored[("ride", "has_ride")]["answer_text"].startswith("Yes, an adult")
    assert stored[("checklist", "hours_since_food")]["question_text"] == (
        "How many hours ago did you last eat any food?"
    )
    # text with a {placeholder} is stored as the patient read it
    assert "30 minutes" in stored[("checklist", "agrees_observation")]["question_text"]
    assert stored[("phq9", "phq9_9")]["answer_text"] == "Not at all"
    # hidden follow-ups were never stored
    assert ("checklist", "benzodiazepine_detail") not in stored
    assert ("checklist", "health_changes_detail") not in stored


def test_the_form_versions_are_stored_on_the_intake(
    session: IntakeSession, repo: IntakeRepository, forms: FormsBundle
) -> None:
    """The intake records which version of each form the patient answered."""
    session.identify("José", "O'Neil", BIRTH_DATE)
    row = Rows(repo.db).intake(_intake_id(session))
    assert row is not None
    assert json.loads(row["form_versions"]) == forms.versions()


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_consent_row_holds_what_was_signed(
    session: IntakeSession, repo: IntakeRepository, forms: FormsBundle, language: str
) -> None:
    """The stored consent has the version, the hash of the exact text, name, meaning, signature
    and the PDF with its hash."""
    session.begin(language, "large")
    session.identify("José", "O'Neil", BIRTH_DATE)
    intake_id = _intake_id(session)
    walk_to(session, "consent")
    sections = tuple(s.id for s in forms.consent.sections)
    copy, pdf = session.prepare_consent("  José O'Neil ", tiny_png(), sections)
    assert Rows(repo.db).consents(intake_id) == []  # nothing is stored before the patient certifies
    session.certify(copy, pdf)
    (row,) = Rows(repo.db).consents(intake_id)
    consent = forms.consent
    assert row["version"] == consent.version
    assert row["language"] == language
    assert row["text_sha256"] == hashlib.sha256(consent.text(language).encode("utf-8")).hexdigest()
    assert row["printed_name"] == "José O'Neil"
    assert row["meaning"] == consent.meaning.get(language)
    assert row["signature_png"] == tiny_png()
    assert row["pdf"] == pdf
    assert row["pdf"].startswith(b"%PDF")
    assert row["pdf_sha256"] == hashlib.sha256(row["pdf"]).hexdigest()
    assert json.loads(row["agreed_sections"]) == list(sections)
    assert row["signed_at"] == "2026-11-21T15:00:00+00:00"


@pytest.mark.parametrize(
    ("name", "png", "drop_section", "message"),
    [
        ("José O'Neil", tiny_png(), "right_to_stop", "sections not agreed: right_to_stop"),
        ("   ", tiny_png(), None, "printed name is empty"),
        ("José O'Neil", b"", None, "no signature"),
    ],
)
def test_consent_is_refused_when_incomplete(
    session: IntakeSession,
    repo: IntakeRepository,
    forms: FormsBundle,
    name: str,
    png: bytes,
    drop_section: str | None,
    message: str,
) -> None:
    """A section not agreed, an empty printed name or no signature stops prepare_consent."""
    session.identify("José", "O'Neil", BIRTH_DATE)
    walk_to(session, "consent")
    sections = tuple(s.id for s in forms.consent.sections if s.id != drop_section)
    with pytest.raises(SessionError, match=message):
        session.prepare_consent(name, png, sections)
    assert Rows(repo.db).consents(_intake_id(session)) == []
    assert session.current.kind is StepKind.CONSENT


# --- pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parent", "answer", "follow_up", "shown"),
    [
        ("benzodiazepine_today", "yes", "benzodiazepine_detail", True),
        ("benzodiazepine_today", "no", "benzodiazepine_detail", False),
        ("health_changes", "yes", "health_changes_detail", True),
        ("health_changes", "no", "health_changes_detail", False),
    ],
)
def test_follow_up_shows_only_when_relevant(
    session: IntakeSession,
    repo: IntakeRepository,
    parent: str,
    answer: str,
    follow_up: str,
    shown: bool,
) -> None:
    """A follow-up shows once its parent says yes; a hidden follow-up's answer is not stored."""
    session.identify("José", "O'Neil", BIRTH_DATE)
    page_id = "benzodiazepines" if parent.startswith("benzo") else "changes"
    walk_to(session, f"checklist:{page_id}")
    assert [q.id for q in session.visible_questions({})] == [parent]
    visible = [q.id for q in session.visible_questions({parent: answer})]
    assert visible == ([parent, follow_up] if shown else [parent])
    problems = session.confirm_page({parent: answer, follow_up: "something I took"})
    assert problems == []
    stored = {r["question_id"] for r in Rows(repo.db).answers(_intake_id(session))}
    assert parent in stored
    assert (follow_up in stored) is shown


def test_a_shown_follow_up_is_required(session: IntakeSession, repo: IntakeRepository) -> None:
    """Once 'yes' shows the follow-up, leaving it blank is a problem."""
    session.identify("José", "O'Neil", BIRTH_DATE)
    walk_to(session, "checklist:benzodiazepines")
    problems = session.confirm_page({"benzodiazepine_today": "yes"})
    assert problems == [Invalid("benzodiazepine_detail", Problem.REQUIRED)]
    assert _answer_rows(repo, _intake_id(session), "benzodiazepine_today") == []


def test_no_ride_hides_the_driver_questions_and_flags_red(
    session: IntakeSession, repo: IntakeRepository
) -> None:
    """'I don't have a ride yet' asks nothing about a driver and raises the red no_ride flag."""
    session.identify("José", "O'Neil", BIRTH_DATE)
    walk_to(session, "ride:ride_home")
    assert [q.id for q in session.visible_questions({"has_ride": "not_yet"})] == ["has_ride"]
    assert session.confirm_page({"has_ride": "not_yet", "driver_name": "Nobody"}) == []
    intake_id = _intake_id(session)
    assert [(f["code"], f["level"], f["source"]) for f in Rows(repo.db).flags(intake_id)] == [
        ("no_ride", "red", "ride")
    ]
    assert _answer_rows(repo, intake_id, "driver_name") == []
    assert session.current.kind is StepKind.CONSENT


@pytest.mark.parametrize(
    ("draft", "problems"),
    [
        ({"hours_since_food": 12}, [Invalid("hours_since_clear_liquids", Problem.REQUIRED)]),
        (
            {"hours_since_food": 1, "hours_since_clear_liquids": ""},
            [Invalid("hours_since_clear_liquids", Problem.REQUIRED)],
        ),
        (
            {"hours_since_food": "abc", "hours_since_clear_liquids": "99"},
            [
                Invalid("hours_since_food", Problem.NOT_A_NUMBER),
                Invalid("hours_since_clear_liquids", Problem.OUT_OF_RANGE, 0.0, 72.0),
            ],
        ),
    ],
)
def test_a_page_with_problems_writes_nothing_and_stays(
    session: IntakeSession, repo: IntakeRepository, draft: dict[str, Any], problems: list[Invalid]
) -> None:
    """confirm_page with a missing or bad answer returns the problems, writes no row and stays."""
    session.identify("José", "O'Neil", BIRTH_DATE)
    intake_id = _intake_id(session)
    before = session.current
    assert session.confirm_page(draft) == problems
    assert session.current == before
    assert Rows(repo.db).answers(intake_id) == []
    assert Rows(repo.db).flags(intake_id) == []
    assert Rows(repo.db).steps(intake_id) == set()
    assert session.answers == {}
    assert session.confirmed == set()


def test_confirmed_page_flags_are_stored(session: IntakeSession, repo: IntakeRepository) -> None:
    """A page that raises a rule stores its flag with the page's answers."""
    session.identify("José", "O'Neil", BIRTH_DATE)
    confirm_current_page(session, {"hours_since_food": 5.9, "hours_since_clear_liquids": "1,5"})
    intake_id = _intake_id(session)
    assert [(f["code"], f["level"], f["alert"]) for f in Rows(repo.db).flags(intake_id)] == [
        ("fasting_food", "red", 0),
        ("fasting_clear_liquids", "red", 0),
    ]
    reason = json.loads(Rows(repo.db).flags(intake_id)[0]["reason"])
    assert reason["en"] == "Ate solid food less than 6 hours ago."
    (row,) = _answer_rows(repo, intake_id, "hours_since_clear_liquids")
    assert json.loads(row["value"]) == 1.5


def test_finishing_the_checklist_moves_the_stage(
    session: IntakeSession, repo: IntakeRepository
) -> None:
    """The last checklist page moves the intake to checklist_done; earlier pages do not."""
    session.identify("José", "O'Neil", BIRTH_DATE)
    intake_id = _intake_id(session)
    walk_to(session, "checklist:observation")
    row = Rows(repo.db).intake(intake_id)
    assert row is not None
    assert row["stage"] == "checking_in"
    confirm_current_page(session)
    row = Rows(repo.db).intake(intake_id)
    assert row is not None
    assert row["stage"] == "checklist_done"


# --- PHQ-9 item 9 -----------------------------------------------------------------------------


@pytest.mark.parametrize("value", [1, 2, 3])
def test_phq9_item_9_alert_is_stored_in_the_same_call(
    session: IntakeSession, repo: IntakeRepository, value: int
) -> None:
    """Item 9 above 0 returns an alert Flag whose row is committed before answer_item returns."""
    session.identify("José", "O'Neil", BIRTH_DATE)
    walk_to(session, "phq9:phq9_9")
    intake_id = _intake_id(session)
    assert Rows(repo.db).flags(intake_id) == []
    flag = session.answer_item(value)
    rows = Rows(repo.db).flags(intake_id)
    assert not repo.db.conn.in_transaction
    assert flag is not None
    assert flag.alert is True
    assert (flag.code, flag.level.value, flag.source) == ("phq9_alert", "red", "phq9")
    assert [(r["code"], r["level"], r["alert"], r["source"]) for r in rows] == [
        ("phq9_alert", "red", 1, "phq9")
    ]
    assert session.current == Step(StepKind.ITEM, "gad7", "gad7_1")
    assert Rows(repo.db).scores(intake_id)["phq9"]["total"] == value


def test_phq9_item_9_at_zero_raises_no_alert(
    session: IntakeSession, repo: IntakeRepository
) -> None:
    """'Not at all' on item 9 returns None and stores no flag."""
    session.identify("José", "O'Neil", BIRTH_DATE)
    walk_to(session, "phq9:phq9_9")
    assert session.answer_item(0) is None
    assert Rows(repo.db).flags(_intake_id(session)) == []


@pytest.mark.parametrize(("value", "due"), [(0, False), (1, True), (3, True)])
def test_an_alert_makes_the_calm_message_due(session: IntakeSession, value: int, due: bool) -> None:
    """After the item 9 alert the calm message is due until seen; without an alert it is not."""
    seen: list[bool] = []
    session.identify("José", "O'Neil", BIRTH_DATE)
    walk_to(session, "phq9:phq9_9")
    assert session.calm_message_due is False
    session.subscribe(lambda: seen.append(session.calm_message_due))
    session.answer_item(value)
    assert session.calm_message_due is due
    assert seen[-1] is due  # listeners already see it when told the step changed
    session.calm_message_seen()
    assert session.calm_message_due is False
    session.reset()
    assert session.calm_message_due is False


def test_an_item_value_outside_the_options_is_refused(
    session: IntakeSession, repo: IntakeRepository
) -> None:
    """answer_item(4) raises and stores nothing."""
    session.identify("José", "O'Neil", BIRTH_DATE)
    walk_to(session, "phq9:phq9_1")
    with pytest.raises(ValueError, match="not an answer"):
        session.answer_item(4)
    assert _answer_rows(repo, _intake_id(session), "phq9_1") == []
    assert session.current == Step(StepKind.ITEM, "phq9", "phq9_1")


def test_steps_are_refused_out_of_order(session: IntakeSession) -> None:
    """Before identify, or on the wrong kind of step, the session raises SessionError."""
    with pytest.raises(SessionError, match="nobody has identified"):
        session.page()
    session.identify("José", "O'Neil", BIRTH_DATE)
    with pytest.raises(SessionError, match="not item"):
        session.answer_item(0)
    with pytest.raises(SessionError, match="not consent"):
        session.prepare_consent("José", tiny_png(), ())


# --- back and change --------------------------------------------------------------------------


def test_back_and_change_replaces_the_answer_and_keeps_the_flag(
    session: IntakeSession, repo: IntakeRepository
) -> None:
    """Going back and changing an answer leaves one row with the new value; the flag stays."""
    session.identify("José", "O'Neil", BIRTH_DATE)
    intake_id = _intake_id(session)
    confirm_current_page(session, {"hours_since_food": 3})
    assert session.current.key == "checklist:benzodiazepines"
    assert [f["code"] for f in Rows(repo.db).flags(intake_id)] == ["fasting_food"]
    session.back()
    assert session.current.key == "checklist:fasting"
    confirm_current_page(session, {"hours_since_food": 12})
    (row,) = _answer_rows(repo, intake_id, "hours_since_food")
    assert json.loads(row["value"]) == 12
    assert len(_answer_rows(repo, intake_id, "hours_since_clear_liquids")) == 1
    assert [f["code"] for f in Rows(repo.db).flags(intake_id)] == ["fasting_food"]
    assert session.answers["checklist"]["hours_since_food"] == 12
    assert session.current.key == "checklist:benzodiazepines"


def test_back_and_change_to_no_removes_the_follow_up(
    session: IntakeSession, repo: IntakeRepository
) -> None:
    """Changing 'yes' to 'no' on the way back drops the follow-up's stored answer."""
    session.identify("José", "O'Neil", BIRTH_DATE)
    intake_id = _intake_id(session)
    walk_to(session, "checklist:benzodiazepines")
    confirm_current_page(session, {"benzodiazepine_today": "yes"})
    assert len(_answer_rows(repo, intake_id, "benzodiazepine_detail")) == 1
    session.back()
    confirm_current_page(session, {"benzodiazepine_today": "no"})
    assert _answer_rows(repo, intake_id, "benzodiazepine_detail") == []
    assert "benzodiazepine_detail" not in session.answers["checklist"]
    assert [f["code"] for f in Rows(repo.db).flags(intake_id)] == ["benzodiazepine_today"]


def test_back_and_change_an_item_rescores(session: IntakeSession, repo: IntakeRepository) -> None:
    """Re-answering an item replaces its row, the score follows, and an alert stays raised."""
    session.identify("José", "O'Neil", BIRTH_DATE)
    intake_id = _intake_id(session)
    walk_to(session, "phq9:phq9_9")
    session.answer_item(2)
    assert Rows(repo.db).scores(intake_id)["phq9"]["total"] == 2
    session.back()
    assert session.current.key == "phq9:phq9_9"
    assert session.answer_item(0) is None
    (row,) = _answer_rows(repo, intake_id, "phq9_9")
    assert json.loads(row["value"]) == 0
    assert Rows(repo.db).scores(intake_id)["phq9"]["total"] == 0
    assert [(f["code"], f["alert"]) for f in Rows(repo.db).flags(intake_id)] == [("phq9_alert", 1)]


# --- resume -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "last"), [("JOSE", "o'neil"), ("jose", "ONEIL"), (" José ", "O Neil")]
)
def test_resume_the_same_day_at_the_first_unconfirmed_step(
    session: IntakeSession,
    repo: IntakeRepository,
    clock: FakeClock,
    forms: FormsBundle,
    first: str,
    last: str,
) -> None:
    """The same person identifying again later that day resumes their intake with its answers."""
    session.identify("José", "O'Neil", BIRTH_DATE)
    intake_id = _intake_id(session)
    confirm_current_page(session, {"hours_since_food": 3})
    confirm_current_page(session, {"benzodiazepine_today": "yes"})
    session.reset()
    clock.advance(2 * 3600)
    again = _second_session(forms, repo, clock)
    again.begin("es", "normal")
    result = again.identify(first, last, BIRTH_DATE)
    assert result == IdentifyResult(Outcome.RESUMED, verified=False)
    assert again.intake_id == intake_id
    assert again.current == Step(StepKind.PAGE, "checklist", "stimulants")
    assert again.answers["checklist"] == {
        "hours_since_food": 3,
        "hours_since_clear_liquids": 4,
        "benzodiazepine_today": "yes",
        "benzodiazepine_detail": "lorazepam 1 mg at 8",
    }
    assert again.confirmed == {"checklist:fasting", "checklist:benzodiazepines"}
    assert _count(repo, "intakes") == 1
    row = Rows(repo.db).intake(intake_id)
    assert row is not None
    assert row["language"] == "es"


def test_resume_in_the_middle_of_an_instrument(
    session: IntakeSession, repo: IntakeRepository, clock: FakeClock, forms: FormsBundle
) -> None:
    """Resuming after PHQ-9 item 3 starts at item 4 with the first three answers loaded."""
    session.identify("José", "O'Neil", BIRTH_DATE)
    walk_to(session, "phq9:phq9_4", item_value=1)
    again = _second_session(forms, repo, clock)
    assert again.identify("José", "O'Neil", BIRTH_DATE).outcome is Outcome.RESUMED
    assert again.current == Step(StepKind.ITEM, "phq9", "phq9_4")
    assert again.answers["phq9"] == {"phq9_1": 1, "phq9_2": 1, "phq9_3": 1}


def test_a_new_day_starts_a_new_intake(
    session: IntakeSession, repo: IntakeRepository, clock: FakeClock, forms: FormsBundle
) -> None:
    """The same person the next day gets a new intake, not yesterday's."""
    session.identify("José", "O'Neil", BIRTH_DATE)
    first_id = _intake_id(session)
    confirm_current_page(session)
    clock.advance(24 * 3600)
    again = _second_session(forms, repo, clock)
    assert again.identify("José", "O'Neil", BIRTH_DATE).outcome is Outcome.NEW
    assert again.intake_id != first_id
    assert again.current.key == "checklist:fasting"
    assert again.answers == {}


def test_someone_else_the_same_day_is_not_resumed(
    session: IntakeSession, repo: IntakeRepository, clock: FakeClock, forms: FormsBundle
) -> None:
    """Another birth date with the same name is a different person: a new intake."""
    session.identify("José", "O'Neil", BIRTH_DATE)
    confirm_current_page(session)
    again = _second_session(forms, repo, clock)
    result = again.identify("José", "O'Neil", BIRTH_DATE + timedelta(days=1))
    assert result.outcome is Outcome.NEW
    assert _count(repo, "intakes") == 2


def test_after_completion_identify_says_already_done(
    session: IntakeSession, repo: IntakeRepository, clock: FakeClock, forms: FormsBundle
) -> None:
    """Once the consent is signed, identifying again that day goes straight to done."""
    session.identify("José", "O'Neil", BIRTH_DATE)
    walk_to_done(session)
    clock.advance(600)
    again = _second_session(forms, repo, clock)
    result = again.identify("jose", "o'neil", BIRTH_DATE)
    assert result.outcome is Outcome.ALREADY_DONE
    assert again.current.kind is StepKind.DONE
    assert _count(repo, "intakes") == 1
    assert len(Rows(repo.db).consents(_intake_id(again))) == 1


def test_sign_consent_helper_signs_once(session: IntakeSession, repo: IntakeRepository) -> None:
    """The consent step can be certified only once: afterwards the session is done."""
    session.identify("José", "O'Neil", BIRTH_DATE)
    walk_to(session, "consent")
    sign_consent(session)
    with pytest.raises(SessionError):
        sign_consent(session)
    assert len(Rows(repo.db).consents(_intake_id(session))) == 1


def test_page_draft_answers_follow_ups(session: IntakeSession) -> None:
    """The walking helper fills follow-ups a 'yes' shows (a check of the test helper itself)."""
    session.identify("José", "O'Neil", BIRTH_DATE)
    walk_to(session, "ride:ride_home")
    draft = page_draft(session)
    assert set(draft) == {"has_ride", "driver_name", "driver_phone", "driver_relationship"}
