"""start_session: the patient's intake on a kiosk, each confirmed step committed at once to the
kiosk's own database (readable from a second connection), the consent through the renderer."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from kiosk.core.forms import load_forms, shipped_forms_dir
from kiosk.core.session import Outcome, StepKind
from kiosk.documents.consent_pdf import render_consent
from kiosk.services.context import KioskContext
from kiosk.services.intake import CONSENT_RENDERER, start_session
from kiosk.storage.db import database_path, open_database
from tests.helpers.consent import make_copy
from tests.helpers.intake import BIRTH_DATE, confirm_current_page, sign_consent
from tests.helpers.rows import Rows


@pytest.fixture
def other(kiosk: KioskContext, data_dir: Path) -> Iterator[Database]:
    """A second connection to the kiosk's database file, as the nurse station has."""
    db = open_database(database_path(data_dir), key=kiosk.key)
    try:
        yield db
    finally:
        db.close()


def test_the_patient_screens_render_the_consent_with_reportlab() -> None:
    """CONSENT_RENDERER makes the real consent PDF renderer's bytes, byte for byte."""
    consent = load_forms(shipped_forms_dir()).consent
    copy = make_copy(consent)
    assert CONSENT_RENDERER(copy) == render_consent(copy)


def test_the_intake_loads_reportlab_only_when_a_consent_is_signed() -> None:
    """Importing the intake service (as the patient window does before Welcome) loads no
    reportlab and no PDF documents: the signed copy's renderer loads them when first used."""
    code = (
        "import sys, kiosk.services.intake; "
        "print(sorted(m for m in sys.modules if m.startswith(('reportlab', 'kiosk.documents'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_every_confirmed_step_is_committed_through_the_kiosks_store(
    kiosk: KioskContext, other: Database
) -> None:
    """Identify, every page and item, then the consent: after each one the second connection
    already reads it (committed, on the context's own database), and the given renderer made
    the stored PDF."""
    rendered: list[bytes] = []

    def render(*args: Any, **kwargs: Any) -> bytes:
        pdf = render_consent(*args, **kwargs)
        rendered.append(pdf)
        return pdf

    session = start_session(kiosk, render)
    assert session.forms is kiosk.forms
    session.begin("en", "normal")
    result = session.identify("Zoë", "O'Neil", BIRTH_DATE)
    assert result.outcome is Outcome.NEW and session.intake_id is not None
    rows = Rows(other)
    assert rows.intake(session.intake_id) is not None
    while session.current.kind is not StepKind.CONSENT:
        step = session.current
        if step.kind is StepKind.PAGE:
            confirm_current_page(session)
        else:
            session.answer_item(0)
        assert step.key in rows.steps(session.intake_id), step.key
    _, pdf = sign_consent(session)
    assert session.current.kind is StepKind.DONE
    [consent] = rows.consents(session.intake_id)
    assert consent["pdf"] == pdf and rendered == [pdf]
    intake = rows.intake(session.intake_id)
    assert intake is not None and intake["completed_at"]
