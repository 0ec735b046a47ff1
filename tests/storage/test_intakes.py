"""The intake repository: each step all or nothing, committed on return, stages forward only."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlite_utils import Database

from kiosk.core.clock import FakeClock
from kiosk.core.consent import SignedConsent
from kiosk.core.flags import Flag, Level
from kiosk.core.forms import FormsBundle
from kiosk.core.identity import Identity
from kiosk.core.records import NewIntake, Stage, StepRecord, StoredAnswer
from kiosk.core.scoring import Score
from kiosk.core.text import Localized
from kiosk.storage import engine
from kiosk.storage import intakes as intakes_module
from kiosk.storage.db import database_key, open_database
from kiosk.storage.errors import StorageFault
from kiosk.storage.intakes import IntakeRepository
from tests.helpers.rows import Rows

PERSON = Identity("José", "O'Neil", date(1980, 2, 29))
DAY = date(2026, 11, 21)
AT = datetime(2026, 11, 21, 15, 5, tzinfo=UTC)
TABLES = ("answers", "flags", "steps", "scores")


def _flag(code: str, level: Level = Level.RED, alert: bool = False) -> Flag:
    return Flag(
        code, level, "checklist", Localized({"en": f"{code} en", "es": f"{code} es"}), alert
    )


def _answer(question: str, value: Any, form: str = "checklist") -> StoredAnswer:
    return StoredAnswer(form, question, value, f"{question}?", str(value))


def _new_intake(repo: IntakeRepository, identity: Identity = PERSON, day: date = DAY) -> int:
    return repo.create_intake(
        NewIntake(
            day=day,
            identity=identity,
            language="en",
            appointment_id=None,
            form_versions={"checklist": "2026.1"},
            created_at=AT,
        )
    )


def _record(intake_id: int, forms: FormsBundle, **changes: Any) -> StepRecord:
    """A step writing two answers, a flag, a score and a stage: a row in every table."""
    phq9 = forms.phq9
    fields: dict[str, Any] = {
        "intake_id": intake_id,
        "step_key": "checklist:fasting",
        "form_id": "checklist",
        "replaces": ("hours_since_food", "hours_since_clear_liquids"),
        "answers": (_answer("hours_since_food", 3), _answer("hours_since_clear_liquids", 1.5)),
        "flags": (_flag("fasting_food"), _flag("fasting_clear_liquids")),
        "score": Score("phq9", 0, phq9.severity[0]),
        "stage": Stage.CHECKLIST_DONE,
        "confirmed_at": AT,
    }
    fields.update(changes)
    return StepRecord(**fields)


def _counts(db: Database) -> dict[str, int]:
    return {
        table: int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]) for table in TABLES
    }


def _signed(pdf: bytes = b"%PDF-1.4 fake") -> SignedConsent:
    return SignedConsent(
        version=1,
        language="en",
        text_sha256="0" * 64,
        printed_name="José O'Neil",
        meaning="I consent to ketamine infusion treatment",
        signed_at_utc=AT,
        signature_png=b"\x89PNG fake",
        pdf=pdf,
        pdf_sha256="1" * 64,
        agreed_sections=("treatment",),
    )


# --- all or nothing ---------------------------------------------------------------------------


def test_confirm_step_writes_every_part(repo: IntakeRepository, forms: FormsBundle) -> None:
    """A good step writes its answers, flags, score, step mark and stage together."""
    intake_id = _new_intake(repo)
    repo.confirm_step(_record(intake_id, forms))
    assert _counts(repo.db) == {"answers": 2, "flags": 2, "steps": 1, "scores": 1}
    row = Rows(repo.db).intake(intake_id)
    assert row is not None
    assert row["stage"] == "checklist_done"
    assert row["updated_at"] == "2026-11-21T15:05:00+00:00"
    assert [json.loads(a["value"]) for a in Rows(repo.db).answers(intake_id)] == [3, 1.5]
    assert not repo.db.conn.in_transaction


def _break_second_answer(monkeypatch: pytest.MonkeyPatch, repo: IntakeRepository) -> None:
    """json.dumps of the value 1.5 gives NULL, which the NOT NULL value column refuses."""
    real_dumps = json.dumps

    def dumps(value: Any, *args: Any, **kwargs: Any) -> Any:
        return None if value == 1.5 else real_dumps(value, *args, **kwargs)

    monkeypatch.setattr(json, "dumps", dumps)


def _break_stage_update(monkeypatch: pytest.MonkeyPatch, repo: IntakeRepository) -> None:
    """The very last statement (the stage update) fails after everything else was written."""
    real_advance = intakes_module.advance_stage

    def advance(*args: Any) -> None:
        real_advance(*args)
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(intakes_module, "advance_stage", advance)


@pytest.mark.parametrize(
    ("breaker", "error"),
    [
        ("answer", engine.IntegrityError),
        ("flag", engine.IntegrityError),
        ("score", engine.IntegrityError),
        ("stage", sqlite3.OperationalError),
    ],
)
def test_confirm_step_is_all_or_nothing(
    repo: IntakeRepository,
    forms: FormsBundle,
    monkeypatch: pytest.MonkeyPatch,
    breaker: str,
    error: type[Exception],
) -> None:
    """When any part of a step fails, no answer, flag, step or score row is left, earlier
    answers it would replace are still there, and the stage has not moved."""
    intake_id = _new_intake(repo)
    earlier = _record(
        intake_id,
        forms,
        step_key="checklist:earlier",
        answers=(_answer("hours_since_food", 12),),
        flags=(),
        score=None,
        stage=None,
    )
    repo.confirm_step(earlier)
    before = _counts(repo.db)
    record = _record(intake_id, forms)
    if breaker == "answer":
        _break_second_answer(monkeypatch, repo)
    elif breaker == "flag":
        # the second flag's level is not one the CHECK constraint allows
        purple = SimpleNamespace(value="purple")
        reason = Localized({"en": "x", "es": "x"})
        bad_flag = Flag("bad", purple, "checklist", reason)  # type: ignore[arg-type]
        record = _record(intake_id, forms, flags=(_flag("fasting_food"), bad_flag))
    elif breaker == "score":
        # a total of the wrong type is refused by the STRICT table
        bad_score = Score("phq9", "many", forms.phq9.severity[0])  # type: ignore[arg-type]
        record = _record(intake_id, forms, score=bad_score)
    else:
        _break_stage_update(monkeypatch, repo)
    with pytest.raises(StorageFault) as raised:  # the driver's error, wrapped at the boundary
        repo.confirm_step(record)
    assert isinstance(raised.value.__cause__, error)
    monkeypatch.undo()
    assert not repo.db.conn.in_transaction
    assert _counts(repo.db) == before
    (kept,) = Rows(repo.db).answers(intake_id)
    assert (kept["question_id"], json.loads(kept["value"])) == ("hours_since_food", 12)
    assert Rows(repo.db).steps(intake_id) == {"checklist:earlier"}
    row = Rows(repo.db).intake(intake_id)
    assert row is not None
    assert row["stage"] == "checking_in"


def test_confirm_step_for_a_missing_intake_writes_nothing(
    repo: IntakeRepository, forms: FormsBundle
) -> None:
    """With foreign keys on, a step for an intake that does not exist fails and leaves no row."""
    _new_intake(repo)
    with pytest.raises(StorageFault, match="FOREIGN KEY") as raised:
        repo.confirm_step(_record(999, forms))
    assert isinstance(raised.value.__cause__, engine.IntegrityError)
    assert _counts(repo.db) == dict.fromkeys(TABLES, 0)
    with pytest.raises((StorageFault, LookupError)):
        repo.confirm_step(_record(999, forms, answers=(), flags=(), score=None))
    assert _counts(repo.db) == dict.fromkeys(TABLES, 0)
    assert not repo.db.conn.in_transaction


def test_save_consent_is_all_or_nothing(
    repo: IntakeRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If completing the intake fails, the consent row and its step mark are not kept either."""
    intake_id = _new_intake(repo)
    _break_stage_update(monkeypatch, repo)
    with pytest.raises(StorageFault) as raised:
        repo.save_consent(intake_id, _signed(), AT)
    assert isinstance(raised.value.__cause__, sqlite3.OperationalError)
    monkeypatch.undo()
    assert Rows(repo.db).consents(intake_id) == []
    assert Rows(repo.db).steps(intake_id) == set()
    row = Rows(repo.db).intake(intake_id)
    assert row is not None
    assert (row["stage"], row["completed_at"]) == ("checking_in", None)


# --- committed on return ----------------------------------------------------------------------


@pytest.fixture
def file_repo(tmp_path: Path, clock: FakeClock) -> Iterator[IntakeRepository]:
    """A repository on a file database (WAL), closed after the test."""
    database = open_database(tmp_path / "k.db")
    try:
        yield IntakeRepository(database, clock)
    finally:
        database.close()


def _read_elsewhere(path: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Rows as another process would see them: a separate connection with the same key."""
    other = engine.connect(path, database_key(path))
    try:
        return other.execute(sql, params).fetchall()
    finally:
        other.close()


def test_a_confirmed_step_is_committed_before_confirm_step_returns(
    tmp_path: Path, file_repo: IntakeRepository, forms: FormsBundle
) -> None:
    """Right after confirm_step returns, a second connection already sees every row it wrote."""
    path = tmp_path / "k.db"
    intake_id = _new_intake(file_repo)
    assert _read_elsewhere(path, "SELECT id, stage FROM intakes") == [(intake_id, "checking_in")]
    file_repo.confirm_step(_record(intake_id, forms))
    # the first connection is still open here
    assert not file_repo.db.conn.in_transaction
    assert _read_elsewhere(
        path,
        "SELECT question_id, value FROM answers WHERE intake_id = ? ORDER BY rowid",
        (intake_id,),
    ) == [("hours_since_food", "3"), ("hours_since_clear_liquids", "1.5")]
    assert _read_elsewhere(path, "SELECT code FROM flags ORDER BY id") == [
        ("fasting_food",),
        ("fasting_clear_liquids",),
    ]
    assert _read_elsewhere(path, "SELECT step_key FROM steps") == [("checklist:fasting",)]
    assert _read_elsewhere(path, "SELECT instrument, total FROM scores") == [("phq9", 0)]
    assert _read_elsewhere(path, "SELECT stage FROM intakes") == [("checklist_done",)]


def test_a_signed_consent_is_committed_before_save_consent_returns(
    tmp_path: Path, file_repo: IntakeRepository
) -> None:
    """Right after save_consent returns, a second connection sees the consent and completion."""
    path = tmp_path / "k.db"
    intake_id = _new_intake(file_repo)
    file_repo.save_consent(intake_id, _signed(b"%PDF-1.4 abc"), AT)
    assert _read_elsewhere(path, "SELECT pdf, printed_name FROM consents") == [
        (b"%PDF-1.4 abc", "José O'Neil")
    ]
    assert _read_elsewhere(path, "SELECT stage, completed_at FROM intakes") == [
        ("consent_signed", "2026-11-21T15:05:00+00:00")
    ]


# --- answers replaced --------------------------------------------------------------------------


def _stored(db: Database, intake_id: int) -> list[tuple[str, Any, str]]:
    return [
        (str(r[0]), json.loads(r[1]), str(r[2]))
        for r in db.execute(
            "SELECT question_id, value, answered_at FROM answers WHERE intake_id = ? ORDER BY rowid",
            [intake_id],
        )
    ]


def test_replaced_answers_come_last_and_hidden_ones_go(
    repo: IntakeRepository, forms: FormsBundle
) -> None:
    """A step confirmed again replaces its own questions' answers: the new rows come after
    every other answer (as a delete and an insert leave them, the order the exports' tie-break
    reads), a question it replaces but no longer answers is gone, and the other steps' answers
    stay as they were."""
    intake_id = _new_intake(repo)
    first = "2026-11-21T15:05:00+00:00"
    later = datetime(2026, 11, 21, 15, 9, tzinfo=UTC)
    bare = {"flags": (), "score": None, "stage": None}
    page = ("hours_since_food", "hours_since_clear_liquids", "last_meal")
    repo.confirm_step(
        _record(
            intake_id,
            forms,
            replaces=page,
            answers=(_answer("hours_since_food", 3), _answer("hours_since_clear_liquids", 1)),
            **bare,
        )
    )
    repo.confirm_step(
        _record(intake_id, forms, step_key="other", replaces=("x",), answers=(_answer("x", 0),))
    )
    repo.confirm_step(
        _record(
            intake_id,
            forms,
            replaces=page,
            answers=(_answer("last_meal", "toast"), _answer("hours_since_food", 5)),
            confirmed_at=later,
            **bare,
        )
    )
    assert _stored(repo.db, intake_id) == [
        ("x", 0, first),
        ("last_meal", "toast", "2026-11-21T15:09:00+00:00"),
        ("hours_since_food", 5, "2026-11-21T15:09:00+00:00"),
    ]
    assert Rows(repo.db).steps(intake_id) == {"checklist:fasting", "other"}


def test_a_step_stamps_the_intake_and_sends_its_uuid(
    repo: IntakeRepository, forms: FormsBundle
) -> None:
    """The stage update stamps ``updated_at`` even when the stage stays, and the step's outbox
    row carries the intake's own UUID."""
    intake_id = _new_intake(repo)
    later = datetime(2026, 11, 21, 15, 7, tzinfo=UTC)
    repo.confirm_step(_record(intake_id, forms, stage=None, confirmed_at=later))
    row = Rows(repo.db).intake(intake_id)
    assert row is not None
    assert (row["stage"], row["updated_at"]) == ("checking_in", "2026-11-21T15:07:00+00:00")
    kinds = repo.db.execute(
        "SELECT kind, intake_uuid, json_extract(content, '$.intake') FROM outbox ORDER BY sequence"
    ).fetchall()
    assert kinds == [("check_in", row["uuid"], row["uuid"]), ("step", row["uuid"], row["uuid"])]


# --- stages -----------------------------------------------------------------------------------


STAGES = list(Stage)


@pytest.mark.parametrize(
    ("reached", "asked"),
    [(high, low) for i, high in enumerate(STAGES) for low in [*STAGES[:i], None]],
    ids=lambda s: s.value if s else "none",
)
def test_the_stage_never_moves_backwards(
    repo: IntakeRepository, forms: FormsBundle, reached: Stage, asked: Stage | None
) -> None:
    """A step asking for an earlier stage (or none) leaves the intake at the stage it reached."""
    intake_id = _new_intake(repo)
    repo.confirm_step(_record(intake_id, forms, step_key="a", stage=reached))
    repo.confirm_step(_record(intake_id, forms, step_key="b", stage=asked))
    row = Rows(repo.db).intake(intake_id)
    assert row is not None
    assert row["stage"] == reached.value


def test_the_stage_moves_forwards(repo: IntakeRepository, forms: FormsBundle) -> None:
    """Each later stage replaces the earlier one; signing the consent moves past the checklist."""
    intake_id = _new_intake(repo)
    repo.confirm_step(_record(intake_id, forms, stage=Stage.CHECKLIST_DONE))
    repo.save_consent(intake_id, _signed(), AT)
    row = Rows(repo.db).intake(intake_id)
    assert row is not None
    assert row["stage"] == "consent_signed"
    repo.confirm_step(
        _record(intake_id, forms, step_key="ride:ride_home", stage=Stage.CHECKLIST_DONE)
    )
    row = Rows(repo.db).intake(intake_id)
    assert row is not None
    assert row["stage"] == "consent_signed"


def test_saving_consent_after_discharge_keeps_the_later_stage(
    repo: IntakeRepository, forms: FormsBundle
) -> None:
    """save_consent on an intake already further along does not pull its stage back."""
    intake_id = _new_intake(repo)
    repo.confirm_step(_record(intake_id, forms, stage=Stage.DISCHARGED))
    repo.save_consent(intake_id, _signed(), AT)
    row = Rows(repo.db).intake(intake_id)
    assert row is not None
    assert row["stage"] == "discharged"


# --- flags ------------------------------------------------------------------------------------


def test_flags_are_unique_per_intake_and_code(repo: IntakeRepository, forms: FormsBundle) -> None:
    """Raising a flag again keeps one row, the first one (sticky); another intake has its own."""
    first = _new_intake(repo)
    second = _new_intake(repo, Identity("Ana", "Ruiz", date(1990, 1, 1)))
    repo.confirm_step(_record(first, forms, flags=(_flag("fasting_food", Level.RED),)))
    repo.confirm_step(
        _record(first, forms, step_key="again", flags=(_flag("fasting_food", Level.AMBER),))
    )
    repo.confirm_step(_record(second, forms, flags=(_flag("fasting_food"),)))
    rows = Rows(repo.db).flags(first)
    assert [(r["code"], r["level"]) for r in rows] == [("fasting_food", "red")]
    assert len(Rows(repo.db).flags(second)) == 1
    with pytest.raises(engine.IntegrityError, match="UNIQUE"):
        repo.db.execute(
            "INSERT INTO flags (intake_id, code, level, source, reason, raised_at)"
            " VALUES (?, 'fasting_food', 'red', 'checklist', '{}', 'now')",
            [first],
        )


def test_flags_read_alerts_then_reds_then_ambers(
    repo: IntakeRepository, forms: FormsBundle
) -> None:
    """repo.flags lists alerts first, then reds, then ambers, whatever order they were raised in."""
    intake_id = _new_intake(repo)
    flags = (_flag("amber_one", Level.AMBER), _flag("red_one"), _flag("phq9_alert", alert=True))
    repo.confirm_step(_record(intake_id, forms, flags=flags))
    assert [r["code"] for r in Rows(repo.db).flags(intake_id)] == [
        "phq9_alert",
        "red_one",
        "amber_one",
    ]
    reason = json.loads(Rows(repo.db).flags(intake_id)[0]["reason"])
    assert reason == {"en": "phq9_alert en", "es": "phq9_alert es"}


# --- reading back -----------------------------------------------------------------------------


def test_open_intake_reads_back_progress(repo: IntakeRepository, forms: FormsBundle) -> None:
    """open_intake finds today's intake by name key and birth date, with answers and steps."""
    intake_id = _new_intake(repo)
    repo.confirm_step(
        _record(
            intake_id,
            forms,
            answers=(_answer("hours_since_food", 3), _answer("stimulants_recent", ["caffeine"])),
        )
    )
    progress = repo.open_intake(DAY, Identity("JOSE", "oneil", PERSON.birth_date))
    assert progress is not None
    assert progress.intake_id == intake_id
    assert progress.answers == {
        "checklist": {"hours_since_food": 3, "stimulants_recent": ["caffeine"]}
    }
    assert progress.confirmed == {"checklist:fasting"}
    assert (progress.verified, progress.consent_signed, progress.completed) == (False, False, False)
    assert repo.open_intake(date(2026, 11, 22), PERSON) is None
    assert repo.open_intake(DAY, Identity("José", "O'Neil", date(1980, 3, 1))) is None
    repo.save_consent(intake_id, _signed(), AT)
    progress = repo.open_intake(DAY, PERSON)
    assert progress is not None
    assert (progress.consent_signed, progress.completed) == (True, True)
