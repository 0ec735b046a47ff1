"""The server's migrations: shipped as files, applied once each, each in one transaction."""

from __future__ import annotations

import psycopg
import pytest

from kiosk.server import schema

TABLES = {
    "devices",
    "intakes",
    "steps",
    "conflicts",
    "appointments",
    "schema_versions",
    "records_intakes",
    "records_answers",
    "records_flags",
    "records_scores",
    "records_consents",
    "records_problems",
    "audit",
    "staff",
    "records_vitals",
    "records_discharges",
    "records_prints",
    "records_infusions",
    "records_infusion_corrections",
    "records_side_effects",
    "records_readiness",
}


def tables(conn: psycopg.Connection[tuple[object, ...]]) -> set[str]:
    rows = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()
    return {str(row[0]) for row in rows}


def test_the_shipped_migrations_are_numbered_from_one() -> None:
    migrations = schema.shipped_migrations()
    assert [m.version for m in migrations] == list(range(1, len(migrations) + 1))
    assert migrations[0].name == "devices_steps_submit"
    assert "CREATE FUNCTION submit_step" in migrations[0].sql


def test_migrations_apply_once_and_record_their_versions(server_url: str) -> None:
    with schema.connect(server_url) as conn:
        assert schema.current_version(conn) == 0
        shipped = schema.shipped_migrations()
        assert schema.apply_migrations(conn) == [m.version for m in shipped]
        assert schema.apply_migrations(conn) == []  # twice: no harm, nothing redone
        assert schema.current_version(conn) == len(shipped)
        rows = conn.execute("SELECT version, name FROM schema_versions ORDER BY 1").fetchall()
        assert rows[:4] == [
            (1, "devices_steps_submit"),
            (2, "batches_hello_appointments"),
            (3, "clinic_records"),
            (4, "audit"),
        ]
        assert rows == [(m.version, m.name) for m in shipped]
        assert tables(conn) == TABLES
        definers = (
            "submit_step",
            "submit_batch",
            "kiosk_hello",
            "appointments_for_day",
            "station_mark_infusion",
            "station_correct_infusion",
            "station_record_side_effect",
            "station_record_readiness",
            "station_discharge",
        )
        for function in (*definers, "record_audit"):
            definer = conn.execute(
                "SELECT prosecdef, proconfig FROM pg_proc WHERE proname = %s", (function,)
            ).fetchone()
            assert definer == (True, ["search_path=pg_catalog, pg_temp"]), function


def test_a_failing_migration_leaves_nothing_behind(
    server_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new version creates a table and then fails: the table is gone and it is not recorded."""
    shipped = schema.shipped_migrations()
    broken = schema.Migration(
        len(shipped) + 1, "broken", "CREATE TABLE half_done (x int); SELECT 1 / 0;"
    )
    monkeypatch.setattr(schema, "shipped_migrations", lambda: [*shipped, broken])
    with schema.connect(server_url) as conn:
        with pytest.raises(psycopg.errors.DivisionByZero):
            schema.apply_migrations(conn)
        assert schema.applied_versions(conn) == [m.version for m in shipped]
        assert "half_done" not in tables(conn)
        assert tables(conn) == TABLES
