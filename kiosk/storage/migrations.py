"""Every schema change, in order; a database is brought up to date on open."""

from __future__ import annotations

import uuid

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATIONS = Migrations("kiosk")


@MIGRATIONS()
def m001_intake(db: Database) -> None:
    """Appointments, intakes, answers, confirmed steps, flags, scores, consents."""
    for statement in (
        """CREATE TABLE appointments (
            id INTEGER PRIMARY KEY,
            day TEXT NOT NULL,
            time TEXT NOT NULL DEFAULT '',
            first_name TEXT NOT NULL,
            last_name TEXT NOT NULL,
            birth_date TEXT NOT NULL,
            name_key TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            UNIQUE (day, name_key, birth_date)
        ) STRICT""",
        """CREATE TABLE intakes (
            id INTEGER PRIMARY KEY,
            day TEXT NOT NULL,
            first_name TEXT NOT NULL,
            last_name TEXT NOT NULL,
            birth_date TEXT NOT NULL,
            name_key TEXT NOT NULL,
            appointment_id INTEGER REFERENCES appointments(id),
            verified INTEGER NOT NULL CHECK (verified IN (0, 1)),
            language TEXT NOT NULL,
            stage TEXT NOT NULL,
            form_versions TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            completed_at TEXT
        ) STRICT""",
        "CREATE INDEX intakes_day ON intakes (day, name_key, birth_date)",
        """CREATE TABLE answers (
            intake_id INTEGER NOT NULL REFERENCES intakes(id),
            form_id TEXT NOT NULL,
            question_id TEXT NOT NULL,
            value TEXT NOT NULL,
            question_text TEXT NOT NULL,
            answer_text TEXT NOT NULL,
            answered_at TEXT NOT NULL,
            PRIMARY KEY (intake_id, form_id, question_id)
        ) STRICT""",
        """CREATE TABLE steps (
            intake_id INTEGER NOT NULL REFERENCES intakes(id),
            step_key TEXT NOT NULL,
            confirmed_at TEXT NOT NULL,
            PRIMARY KEY (intake_id, step_key)
        ) STRICT""",
        """CREATE TABLE flags (
            id INTEGER PRIMARY KEY,
            intake_id INTEGER NOT NULL REFERENCES intakes(id),
            code TEXT NOT NULL,
            level TEXT NOT NULL CHECK (level IN ('red', 'amber')),
            source TEXT NOT NULL,
            reason TEXT NOT NULL,
            alert INTEGER NOT NULL DEFAULT 0,
            raised_at TEXT NOT NULL,
            acknowledged_by TEXT,
            acknowledged_at TEXT,
            UNIQUE (intake_id, code)
        ) STRICT""",
        """CREATE TABLE scores (
            intake_id INTEGER NOT NULL REFERENCES intakes(id),
            instrument TEXT NOT NULL,
            total INTEGER NOT NULL,
            severity TEXT NOT NULL,
            scored_at TEXT NOT NULL,
            PRIMARY KEY (intake_id, instrument)
        ) STRICT""",
        """CREATE TABLE consents (
            id INTEGER PRIMARY KEY,
            intake_id INTEGER NOT NULL REFERENCES intakes(id),
            version INTEGER NOT NULL,
            language TEXT NOT NULL,
            text_sha256 TEXT NOT NULL,
            printed_name TEXT NOT NULL,
            meaning TEXT NOT NULL,
            signed_at TEXT NOT NULL,
            signature_png BLOB NOT NULL,
            pdf BLOB NOT NULL,
            pdf_sha256 TEXT NOT NULL,
            agreed_sections TEXT NOT NULL,
            stored_at TEXT NOT NULL
        ) STRICT""",
        "CREATE INDEX consents_intake ON consents (intake_id)",
    ):
        db.execute(statement)


@MIGRATIONS()
def m002_nurse_station(db: Database) -> None:
    """Staff with PIN hashes and lockout counters, vitals, discharges, prints, flag acknowledgers."""
    for statement in (
        """CREATE TABLE staff (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL CHECK (role IN ('nurse', 'admin')),
            pin_hash TEXT NOT NULL,
            disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
            failed_attempts INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        ) STRICT""",
        """CREATE TABLE vitals (
            id INTEGER PRIMARY KEY,
            intake_id INTEGER NOT NULL REFERENCES intakes(id),
            phase TEXT NOT NULL CHECK (phase IN ('pre', 'discharge')),
            systolic INTEGER NOT NULL,
            diastolic INTEGER NOT NULL,
            heart_rate INTEGER NOT NULL,
            spo2 INTEGER NOT NULL,
            recorded_by INTEGER REFERENCES staff(id),
            recorded_at TEXT NOT NULL
        ) STRICT""",
        "CREATE INDEX vitals_intake ON vitals (intake_id, phase)",
        """CREATE TABLE discharges (
            intake_id INTEGER PRIMARY KEY REFERENCES intakes(id),
            driver_name TEXT NOT NULL,
            driver_phone TEXT NOT NULL,
            driver_present INTEGER NOT NULL CHECK (driver_present IN (0, 1)),
            discharged_at TEXT NOT NULL,
            no_driving_until TEXT NOT NULL,
            nurse_id INTEGER REFERENCES staff(id),
            nurse_name TEXT NOT NULL
        ) STRICT""",
        """CREATE TABLE prints (
            id INTEGER PRIMARY KEY,
            intake_id INTEGER NOT NULL REFERENCES intakes(id),
            document TEXT NOT NULL,
            staff_id INTEGER REFERENCES staff(id),
            printed_by TEXT NOT NULL,
            queue TEXT NOT NULL,
            job_id TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('sent', 'failed', 'saved')),
            detail TEXT NOT NULL DEFAULT '',
            saved_path TEXT NOT NULL DEFAULT '',
            printed_at TEXT NOT NULL
        ) STRICT""",
        "CREATE INDEX prints_intake ON prints (intake_id)",
        "ALTER TABLE flags ADD COLUMN acknowledged_staff_id INTEGER REFERENCES staff(id)",
    ):
        db.execute(statement)


@MIGRATIONS()
def m003_audit(db: Database) -> None:
    """The audit log: append-only (triggers refuse UPDATE and DELETE), each row chained by SHA-256."""
    for statement in (
        """CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT NOT NULL DEFAULT '',
            detail TEXT NOT NULL DEFAULT '{}',
            previous_hash TEXT NOT NULL,
            hash TEXT NOT NULL UNIQUE
        ) STRICT""",
        "CREATE INDEX audit_at ON audit (at)",
        """CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
           BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
        """CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
           BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    ):
        db.execute(statement)


@MIGRATIONS()
def m004_signed_consents(db: Database) -> None:
    """Signed consents are kept as signed: triggers refuse UPDATE and DELETE on them."""
    for statement in (
        """CREATE TRIGGER consents_no_update BEFORE UPDATE ON consents
           BEGIN SELECT RAISE(ABORT, 'a signed consent cannot be changed'); END""",
        """CREATE TRIGGER consents_no_delete BEFORE DELETE ON consents
           BEGIN SELECT RAISE(ABORT, 'a signed consent cannot be deleted'); END""",
    ):
        db.execute(statement)


@MIGRATIONS()
def m005_consent_summary(db: Database) -> None:
    """A covering index of a consent's small columns: reading them never walks its PDF.

    ``pdf_sha256``, ``agreed_sections`` and ``stored_at`` sit after the PDF in the row, so
    without it SQLite reads every page of every PDF to reach them (exports, the station).
    """
    db.execute(
        "CREATE INDEX consents_summary ON consents (intake_id, id, version, language,"
        " signed_at, printed_name, meaning, text_sha256, pdf_sha256, agreed_sections, stored_at)"
    )


@MIGRATIONS()
def m006_outbox(db: Database) -> None:
    """The clinic-server outbox: every intake gets a UUID, every confirmed step an outbox row.

    ``outbox.sequence`` is the kiosk's own step number (AUTOINCREMENT: never reused, even after
    the last row is gone); a row is ``sent_at`` only once the server committed it. ``sync_state``
    holds what the staff see (last success, the last problem); ``server_uuid`` marks an
    appointment pulled from the server. Rows of earlier intakes are not made: they stay local.
    """
    for statement in (
        "ALTER TABLE intakes ADD COLUMN uuid TEXT",
        "ALTER TABLE appointments ADD COLUMN server_uuid TEXT",
        "CREATE UNIQUE INDEX appointments_server_uuid ON appointments (server_uuid)",
        """CREATE TABLE outbox (
            sequence INTEGER PRIMARY KEY AUTOINCREMENT,
            uuid TEXT NOT NULL UNIQUE,
            device TEXT NOT NULL,
            intake_uuid TEXT NOT NULL,
            kind TEXT NOT NULL,
            content TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            urgent INTEGER NOT NULL CHECK (urgent IN (0, 1)),
            created_at TEXT NOT NULL,
            sent_at TEXT,
            answer TEXT
        ) STRICT""",
        "CREATE INDEX outbox_unsent ON outbox (sequence) WHERE sent_at IS NULL",
        "CREATE INDEX outbox_urgent ON outbox (intake_uuid) WHERE sent_at IS NULL AND urgent = 1",
        """CREATE TABLE sync_state (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) STRICT""",
    ):
        db.execute(statement)
    for row in list(db.query("SELECT id FROM intakes")):
        db.execute("UPDATE intakes SET uuid = ? WHERE id = ?", [str(uuid.uuid4()), row["id"]])
    db.execute("CREATE UNIQUE INDEX intakes_uuid ON intakes (uuid)")
    db.execute("INSERT INTO sync_state (name, value) VALUES ('device', ?)", [str(uuid.uuid4())])


@MIGRATIONS()
def m007_consent_signature(db: Database) -> None:
    """How a consent was signed: drawn (the pad's picture, as before), typed (the typed name)
    or witnessed (the staff member's id and name as they were then). A typed or witnessed
    consent keeps an empty ``signature_png``. Consents stored before stay drawn.

    The covering index of the small columns is made anew with them (they sit after the PDF).
    """
    for statement in (
        "ALTER TABLE consents ADD COLUMN signature_method TEXT NOT NULL DEFAULT 'drawn'"
        " CHECK (signature_method IN ('drawn', 'typed', 'witnessed'))",
        "ALTER TABLE consents ADD COLUMN typed_name TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE consents ADD COLUMN witness_staff_id INTEGER",
        "ALTER TABLE consents ADD COLUMN witness_name TEXT NOT NULL DEFAULT ''",
        "DROP INDEX consents_summary",
        "CREATE INDEX consents_summary ON consents (intake_id, id, version, language,"
        " signed_at, printed_name, meaning, text_sha256, pdf_sha256, agreed_sections, stored_at,"
        " signature_method, typed_name, witness_staff_id, witness_name)",
    ):
        db.execute(statement)


@MIGRATIONS()
def m008_witness_accounts(db: Database) -> None:
    """Whose staff account a consent's witness signed in with: ``kiosk`` (this kiosk's own
    staff, as every witness before) or ``server`` (the clinic server's staff, whose ids are
    counted apart). The covering index of the small columns is made anew with it."""
    for statement in (
        "ALTER TABLE consents ADD COLUMN witness_accounts TEXT NOT NULL DEFAULT 'kiosk'"
        " CHECK (witness_accounts IN ('kiosk', 'server'))",
        "DROP INDEX consents_summary",
        "CREATE INDEX consents_summary ON consents (intake_id, id, version, language,"
        " signed_at, printed_name, meaning, text_sha256, pdf_sha256, agreed_sections, stored_at,"
        " signature_method, typed_name, witness_staff_id, witness_name, witness_accounts)",
    ):
        db.execute(statement)


@MIGRATIONS()
def m009_infusion_watch(db: Database) -> None:
    """The infusion and the watch after it: when it started and ended (as corrected, with every
    correction and its reason), vitals during it (the vitals table made anew with the phase
    ``during``), side effects seen, readiness checks, and a discharge's override reason."""
    for statement in (
        """CREATE TABLE vitals_new (
            id INTEGER PRIMARY KEY,
            intake_id INTEGER NOT NULL REFERENCES intakes(id),
            phase TEXT NOT NULL CHECK (phase IN ('pre', 'during', 'discharge')),
            systolic INTEGER NOT NULL,
            diastolic INTEGER NOT NULL,
            heart_rate INTEGER NOT NULL,
            spo2 INTEGER NOT NULL,
            recorded_by INTEGER REFERENCES staff(id),
            recorded_at TEXT NOT NULL
        ) STRICT""",
        "INSERT INTO vitals_new SELECT id, intake_id, phase, systolic, diastolic, heart_rate,"
        " spo2, recorded_by, recorded_at FROM vitals",
        "DROP TABLE vitals",
        "ALTER TABLE vitals_new RENAME TO vitals",
        "CREATE INDEX vitals_intake ON vitals (intake_id, phase)",
        """CREATE TABLE infusions (
            intake_id INTEGER PRIMARY KEY REFERENCES intakes(id),
            started_at TEXT NOT NULL,
            started_staff_id INTEGER,
            started_by TEXT NOT NULL,
            ended_at TEXT,
            ended_staff_id INTEGER,
            ended_by TEXT NOT NULL DEFAULT ''
        ) STRICT""",
        """CREATE TABLE infusion_corrections (
            id INTEGER PRIMARY KEY,
            intake_id INTEGER NOT NULL REFERENCES intakes(id),
            which TEXT NOT NULL CHECK (which IN ('started', 'ended')),
            old_at TEXT,
            new_at TEXT NOT NULL,
            reason TEXT NOT NULL,
            staff_id INTEGER,
            corrected_by TEXT NOT NULL,
            corrected_at TEXT NOT NULL
        ) STRICT""",
        "CREATE INDEX infusion_corrections_intake ON infusion_corrections (intake_id, id)",
        """CREATE TABLE side_effects (
            id INTEGER PRIMARY KEY,
            intake_id INTEGER NOT NULL REFERENCES intakes(id),
            kind TEXT NOT NULL CHECK (kind IN ('nausea', 'vomiting', 'dizziness', 'dissociation',
                'headache', 'raised_blood_pressure', 'raised_heart_rate', 'anxiety', 'other')),
            severity TEXT NOT NULL CHECK (severity IN ('mild', 'moderate', 'severe')),
            seen_at TEXT NOT NULL,
            other_text TEXT NOT NULL DEFAULT '',
            staff_id INTEGER,
            recorded_by TEXT NOT NULL,
            recorded_at TEXT NOT NULL
        ) STRICT""",
        "CREATE INDEX side_effects_intake ON side_effects (intake_id, seen_at)",
        """CREATE TABLE readiness_checks (
            id INTEGER PRIMARY KEY,
            intake_id INTEGER NOT NULL REFERENCES intakes(id),
            form_version TEXT NOT NULL,
            answers TEXT NOT NULL,
            confirmed TEXT NOT NULL,
            points TEXT NOT NULL,
            score INTEGER NOT NULL,
            max_score INTEGER NOT NULL,
            passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
            reasons TEXT NOT NULL,
            staff_id INTEGER,
            recorded_by TEXT NOT NULL,
            recorded_at TEXT NOT NULL
        ) STRICT""",
        "CREATE INDEX readiness_checks_intake ON readiness_checks (intake_id, id)",
        "ALTER TABLE discharges ADD COLUMN override_reason TEXT NOT NULL DEFAULT ''",
    ):
        db.execute(statement)
