"""Fixtures of the service tests: an opened kiosk on a new data folder, and a nurse with an account."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from kiosk.core.clock import FakeClock
from kiosk.core.staff import Signer
from kiosk.services.context import KioskContext, open_context


@pytest.fixture
def kiosk_forms() -> Path | None:
    """The forms folder ``kiosk`` opens on: None, the shipped forms; a module whose tests edit
    the forms overrides this with ``forms_copy``."""
    return None


@pytest.fixture
def kiosk(data_dir: Path, clock: FakeClock, kiosk_forms: Path | None) -> Iterator[KioskContext]:
    """An opened kiosk on a new data folder, always closed."""
    context = open_context(data_dir, forms_folder=kiosk_forms, clock=clock)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def nurse(db: Database) -> Signer:
    """A nurse with an account (vitals and acknowledgements point at it)."""
    at = "2026-11-21T08:00:00+00:00"
    staff_id = db.execute(
        "INSERT INTO staff (name, role, pin_hash, created_at, updated_at)"
        " VALUES ('Nora Nurse', 'nurse', 'not a real hash', ?, ?)",
        [at, at],
    ).lastrowid
    assert staff_id is not None
    return Signer(int(staff_id), "Nora Nurse")
