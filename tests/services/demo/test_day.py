"""make_demo: a reproducible day of intakes, each through the real session and storage (the
``kiosk demo`` command around it is in tests/cli/test_cli_demo.py)."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.core.consent import text_sha256
from kiosk.services.context import KioskContext
from kiosk.services.demo.day import DemoError, make_demo
from tests.helpers.rows import Rows

DAY = date(2026, 11, 21)


def test_make_demo_returns_the_ids_of_new_intakes_of_the_day(kiosk: KioskContext) -> None:
    """``count`` ids, in the order made, each an intake of that day."""
    ids = make_demo(kiosk, 6, DAY, seed=3)
    assert len(ids) == 6 and ids == sorted(ids)
    rows = Rows(kiosk.db)
    for intake_id in ids:
        intake = rows.intake(intake_id)
        assert intake is not None and intake["day"] == DAY.isoformat()


def test_every_demo_intake_went_through_the_real_session(kiosk: KioskContext) -> None:
    """Each intake has confirmed steps; each finished one has its consent signed on the
    current version with the published text's hash and a real PDF."""
    ids = make_demo(kiosk, 6, DAY, seed=3)
    rows = Rows(kiosk.db)
    finished = 0
    for intake_id in ids:
        assert rows.steps(intake_id)
        intake = rows.intake(intake_id)
        assert intake is not None
        if intake["completed_at"]:
            finished += 1
            [consent] = rows.consents(intake_id)
            assert consent["version"] == kiosk.forms.consent.version
            assert consent["text_sha256"] == text_sha256(kiosk.forms.consent, consent["language"])
            assert consent["pdf"].startswith(b"%PDF")
    assert finished >= 1


def test_the_same_patients_twice_in_one_folder_is_refused(kiosk: KioskContext) -> None:
    """A second run with the same seed and day: DemoError, no new intake."""
    make_demo(kiosk, 3, DAY, seed=3)
    with pytest.raises(DemoError):
        make_demo(kiosk, 3, DAY, seed=3)
    assert kiosk.db.execute("SELECT count(*) FROM intakes").fetchone()[0] == 3
