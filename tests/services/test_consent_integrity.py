"""check_consents: signed consents checked byte for byte (the tampering cases through the
command line are in tests/reliability/test_consent_integrity.py)."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.services.consent_integrity import (
    PDF_CHANGED,
    ConsentCheck,
    NoSuchConsentError,
    check_consents,
)
from kiosk.services.context import KioskContext
from kiosk.services.demo.day import make_demo


@pytest.fixture
def kiosk(kiosk: KioskContext) -> KioskContext:
    """A kiosk with demo intakes, most of them signed, always closed."""
    make_demo(kiosk, 5, date(2026, 11, 21), seed=3)
    return kiosk


def consent_rows(context: KioskContext) -> list[dict[str, object]]:
    return list(context.db.query("SELECT id, intake_id, printed_name FROM consents ORDER BY id"))


def test_intact_consents_have_no_findings(kiosk: KioskContext) -> None:
    """Every consent counted, none named; one by its id counts one."""
    rows = consent_rows(kiosk)
    assert len(rows) >= 2
    assert check_consents(kiosk.db, kiosk.forms) == ConsentCheck(len(rows), ())
    assert check_consents(kiosk.db, kiosk.forms, int(str(rows[0]["id"]))).checked == 1


def test_a_changed_pdf_hash_is_found(kiosk: KioskContext) -> None:
    """The stored PDF hash no longer matches the bytes (the append-only trigger dropped, as
    someone with the file could): that consent alone is named, as a changed PDF, without the
    patient's name."""
    for (trigger,) in kiosk.db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'consents'"
    ).fetchall():
        kiosk.db.execute(f'DROP TRIGGER "{trigger}"')
    rows = consent_rows(kiosk)
    victim = rows[1]
    kiosk.db.execute("UPDATE consents SET pdf_sha256 = ? WHERE id = ?", ["0" * 64, victim["id"]])
    found = check_consents(kiosk.db, kiosk.forms)
    assert found.checked == len(rows)
    [finding] = found.findings
    assert (finding.consent_id, finding.intake_id) == (victim["id"], victim["intake_id"])
    assert finding.problems == (PDF_CHANGED,)
    assert str(victim["printed_name"]) not in finding.describe()
    assert check_consents(kiosk.db, kiosk.forms, int(str(rows[0]["id"]))).findings == ()


def test_a_consent_that_is_not_there(kiosk: KioskContext) -> None:
    """An id no consent has: NoSuchConsentError."""
    with pytest.raises(NoSuchConsentError):
        check_consents(kiosk.db, kiosk.forms, 999_999)
