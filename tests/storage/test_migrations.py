"""The schema history: migrations in order, each adding its part, and an older database brought up to date."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlite_utils import Database

from kiosk.storage import engine
from kiosk.storage.migrations import MIGRATIONS

ORDER = [
    "m001_intake",
    "m002_nurse_station",
    "m003_audit",
    "m004_signed_consents",
    "m005_consent_summary",
    "m006_outbox",
    "m007_consent_signature",
    "m008_witness_accounts",
    "m009_infusion_watch",
]


@pytest.fixture
def bare() -> Iterator[Database]:
    """An in-memory database with no migration applied, always closed."""
    database = Database(engine.connect(None, None), strict=True)
    try:
        yield database
    finally:
        database.close()


def names(db: Database, kind: str) -> set[str]:
    """The names of the schema's objects of one kind (table, index, trigger)."""
    rows = db.execute(
        "SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%'", [kind]
    ).fetchall()
    return {row[0] for row in rows}


def test_the_migrations_are_registered_in_order() -> None:
    """The set is named 'kiosk' and its migrations run m001 to m009, numbered in order."""
    assert MIGRATIONS.name == "kiosk"
    assert [m.name for m in MIGRATIONS.pending(Database(memory=True))] == ORDER


ADDS = {
    "m001_intake": (
        {"appointments", "intakes", "answers", "steps", "flags", "scores", "consents"},
        {"intakes_day", "consents_intake"},
    ),
    "m002_nurse_station": (
        {"staff", "vitals", "discharges", "prints"},
        {"vitals_intake", "prints_intake"},
    ),
    "m003_audit": ({"audit"}, {"audit_at", "audit_no_update", "audit_no_delete"}),
    "m004_signed_consents": (set(), {"consents_no_update", "consents_no_delete"}),
    "m005_consent_summary": (set(), {"consents_summary"}),
    "m006_outbox": (
        {"outbox", "sync_state"},
        {"outbox_unsent", "outbox_urgent", "intakes_uuid", "appointments_server_uuid"},
    ),
    "m007_consent_signature": (set(), set()),  # columns; consents_summary made anew
    "m008_witness_accounts": (set(), set()),  # a column; consents_summary made anew
    "m009_infusion_watch": (  # and vitals made anew with the phase 'during'
        {"infusions", "infusion_corrections", "side_effects", "readiness_checks"},
        {"infusion_corrections_intake", "side_effects_intake", "readiness_checks_intake"},
    ),
}


@pytest.mark.parametrize("migration", ORDER)
def test_each_migration_adds_its_part(bare: Database, migration: str) -> None:
    """Applied one at a time, each migration adds exactly its tables, indexes and triggers."""
    position = ORDER.index(migration)
    MIGRATIONS.apply(bare, stop_before=migration)
    before_tables = names(bare, "table") | {"_sqlite_migrations"}
    before_others = names(bare, "index") | names(bare, "trigger")
    if position + 1 < len(ORDER):
        MIGRATIONS.apply(bare, stop_before=ORDER[position + 1])
    else:
        MIGRATIONS.apply(bare)
    others = {
        name
        for name in (names(bare, "index") | names(bare, "trigger")) - before_others
        if not name.startswith("idx__sqlite_migrations")
    }
    assert (names(bare, "table") - before_tables, others) == ADDS[migration]
    assert [m.name for m in MIGRATIONS.applied(bare)] == ORDER[: position + 1]


def test_an_older_database_is_brought_up_to_date_keeping_its_rows(bare: Database) -> None:
    """A database of m001 and m002 only gets the rest on apply; its rows stay as they were."""
    MIGRATIONS.apply(bare, stop_before="m003_audit")
    bare.execute(
        "INSERT INTO appointments (day, first_name, last_name, birth_date, name_key, created_at)"
        " VALUES ('2026-11-21', 'Ana', 'Ruiz', '1980-01-02', 'ana ruiz', 'now')"
    )
    MIGRATIONS.apply(bare)
    assert MIGRATIONS.pending(bare) == []
    assert "audit" in bare.table_names()
    assert bare.execute("SELECT first_name FROM appointments").fetchall() == [("Ana",)]


def test_the_audit_log_and_signed_consents_refuse_changes(db: Database) -> None:
    """The triggers of m003 and m004: no UPDATE or DELETE of an audit entry or a signed consent."""
    db.execute(
        "INSERT INTO audit (at, actor, action, previous_hash, hash) VALUES ('t', 'a', 'b', 'p', 'h')"
    )
    for statement in ("UPDATE audit SET actor = 'x'", "DELETE FROM audit"):
        with pytest.raises(engine.IntegrityError, match="append-only"):
            db.execute(statement)
    db.execute(
        "INSERT INTO intakes (day, first_name, last_name, birth_date, name_key, verified,"
        " language, stage, form_versions, created_at, updated_at)"
        " VALUES ('d', 'A', 'R', 'b', 'k', 1, 'en', 'checking_in', '{}', 't', 't')"
    )
    db.execute(
        "INSERT INTO consents (intake_id, version, language, text_sha256, printed_name, meaning,"
        " signed_at, signature_png, pdf, pdf_sha256, agreed_sections, stored_at)"
        " VALUES (1, 1, 'en', 's', 'A R', 'm', 't', x'00', x'00', 's', '[]', 't')"
    )
    with pytest.raises(engine.IntegrityError, match="cannot be changed"):
        db.execute("UPDATE consents SET printed_name = 'B'")
    with pytest.raises(engine.IntegrityError, match="cannot be deleted"):
        db.execute("DELETE FROM consents")


def test_the_outbox_migration_gives_earlier_intakes_a_uuid_and_the_kiosk_its_device_id(
    bare: Database,
) -> None:
    """Intakes made before m006 each get their own UUID (no outbox row: they stay local), and
    the database gets one device UUID."""
    MIGRATIONS.apply(bare, stop_before="m006_outbox")
    for name in ("Ana", "Luz"):
        bare.execute(
            "INSERT INTO intakes (day, first_name, last_name, birth_date, name_key, verified,"
            " language, stage, form_versions, created_at, updated_at)"
            " VALUES ('d', ?, 'R', 'b', ?, 0, 'en', 'checking_in', '{}', 't', 't')",
            [name, name.lower()],
        )
    MIGRATIONS.apply(bare)
    uuids = [row[0] for row in bare.execute("SELECT uuid FROM intakes").fetchall()]
    assert len(set(uuids)) == 2 and all(len(u) == 36 for u in uuids)
    assert bare.execute("SELECT count(*) FROM outbox").fetchone() == (0,)
    device = bare.execute("SELECT value FROM sync_state WHERE name = 'device'").fetchone()
    assert device is not None and len(device[0]) == 36


def test_the_signature_migration_keeps_earlier_consents_drawn(bare: Database) -> None:
    """A consent stored before m007 reads as drawn, with no typed name or witness; the method
    is one of drawn, typed, witnessed; the small columns are read from the covering index."""
    MIGRATIONS.apply(bare, stop_before="m007_consent_signature")
    bare.execute(
        "INSERT INTO intakes (day, first_name, last_name, birth_date, name_key, verified,"
        " language, stage, form_versions, created_at, updated_at, uuid)"
        " VALUES ('d', 'A', 'R', 'b', 'k', 1, 'en', 'checking_in', '{}', 't', 't', 'u')"
    )
    bare.execute(
        "INSERT INTO consents (intake_id, version, language, text_sha256, printed_name, meaning,"
        " signed_at, signature_png, pdf, pdf_sha256, agreed_sections, stored_at)"
        " VALUES (1, 1, 'en', 's', 'A R', 'm', 't', x'00', x'00', 's', '[]', 't')"
    )
    MIGRATIONS.apply(bare)
    row = bare.execute(
        "SELECT signature_method, typed_name, witness_staff_id, witness_name FROM consents"
    ).fetchone()
    assert row == ("drawn", "", None, "")
    with pytest.raises(engine.IntegrityError, match="CHECK"):
        bare.execute(
            "INSERT INTO consents (intake_id, version, language, text_sha256, printed_name,"
            " meaning, signed_at, signature_png, pdf, pdf_sha256, agreed_sections, stored_at,"
            " signature_method) VALUES (1, 1, 'en', 's', 'A R', 'm', 't', x'', x'00', 's', '[]',"
            " 't', 'stamped')"
        )
    plan = bare.execute(
        "EXPLAIN QUERY PLAN SELECT intake_id, signature_method, typed_name, witness_name"
        " FROM consents WHERE intake_id = 1"
    ).fetchall()
    assert any("COVERING INDEX consents_summary" in str(step) for step in plan)


def test_the_witness_accounts_migration_keeps_earlier_witnesses_on_the_kiosk(
    bare: Database,
) -> None:
    """A witnessed consent stored before m008 reads as witnessed on this kiosk's own staff; the
    accounts are one of kiosk, server; the small columns are still read from the covering index."""
    MIGRATIONS.apply(bare, stop_before="m008_witness_accounts")
    bare.execute(
        "INSERT INTO intakes (day, first_name, last_name, birth_date, name_key, verified,"
        " language, stage, form_versions, created_at, updated_at, uuid)"
        " VALUES ('d', 'A', 'R', 'b', 'k', 1, 'en', 'checking_in', '{}', 't', 't', 'u')"
    )
    bare.execute(
        "INSERT INTO consents (intake_id, version, language, text_sha256, printed_name, meaning,"
        " signed_at, signature_png, pdf, pdf_sha256, agreed_sections, stored_at,"
        " signature_method, witness_staff_id, witness_name)"
        " VALUES (1, 1, 'en', 's', 'A R', 'm', 't', x'', x'00', 's', '[]', 't', 'witnessed', 3,"
        " 'Nora')"
    )
    MIGRATIONS.apply(bare)
    row = bare.execute(
        "SELECT witness_staff_id, witness_name, witness_accounts FROM consents"
    ).fetchone()
    assert row == (3, "Nora", "kiosk")
    with pytest.raises(engine.IntegrityError, match="CHECK"):
        bare.execute(
            "INSERT INTO consents (intake_id, version, language, text_sha256, printed_name,"
            " meaning, signed_at, signature_png, pdf, pdf_sha256, agreed_sections, stored_at,"
            " signature_method, witness_staff_id, witness_name, witness_accounts)"
            " VALUES (1, 1, 'en', 's', 'A R', 'm', 't', x'', x'00', 's', '[]', 't', 'witnessed',"
            " 3, 'Nora', 'elsewhere')"
        )
    plan = bare.execute(
        "EXPLAIN QUERY PLAN SELECT intake_id, witness_staff_id, witness_name, witness_accounts"
        " FROM consents WHERE intake_id = 1"
    ).fetchall()
    assert any("COVERING INDEX consents_summary" in str(step) for step in plan)


def test_the_infusion_migration_keeps_earlier_vitals_and_discharges(bare: Database) -> None:
    """Vitals and a discharge stored before m009 are kept as they were (the vitals table made
    anew takes the phase 'during' and still refuses any other); the discharge has no override
    reason; the lookup of an intake's vitals keeps its index."""
    MIGRATIONS.apply(bare, stop_before="m009_infusion_watch")
    bare.execute(
        "INSERT INTO intakes (day, first_name, last_name, birth_date, name_key, verified,"
        " language, stage, form_versions, created_at, updated_at, uuid)"
        " VALUES ('d', 'A', 'R', 'b', 'k', 1, 'en', 'discharged', '{}', 't', 't', 'u')"
    )
    for phase in ("pre", "discharge"):
        bare.execute(
            "INSERT INTO vitals (intake_id, phase, systolic, diastolic, heart_rate, spo2,"
            " recorded_at) VALUES (1, ?, 120, 80, 70, 98, 't')",
            [phase],
        )
    bare.execute(
        "INSERT INTO discharges (intake_id, driver_name, driver_phone, driver_present,"
        " discharged_at, no_driving_until, nurse_name) VALUES (1, 'Ray', '555', 1, 't', 'u', 'N')"
    )
    MIGRATIONS.apply(bare)
    assert bare.execute("SELECT id, phase FROM vitals ORDER BY id").fetchall() == [
        (1, "pre"),
        (2, "discharge"),
    ]
    assert bare.execute("SELECT override_reason FROM discharges").fetchone() == ("",)
    bare.execute(
        "INSERT INTO vitals (intake_id, phase, systolic, diastolic, heart_rate, spo2,"
        " recorded_at) VALUES (1, 'during', 150, 90, 88, 97, 't')"
    )
    with pytest.raises(engine.IntegrityError, match="CHECK"):
        bare.execute(
            "INSERT INTO vitals (intake_id, phase, systolic, diastolic, heart_rate, spo2,"
            " recorded_at) VALUES (1, 'later', 150, 90, 88, 97, 't')"
        )
    plan = bare.execute("EXPLAIN QUERY PLAN SELECT * FROM vitals WHERE intake_id = 1").fetchall()
    assert any("vitals_intake" in str(step) for step in plan)
