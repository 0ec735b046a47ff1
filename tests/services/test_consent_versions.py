"""publish_consent: the ``publish_consent`` act copies the next version in, reloads the forms and
audits it; a wrong number is refused before anything is written. consent_summary counts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kiosk.core.audit import AuditAction, AuditEntry
from kiosk.services.consent_versions import (
    ConsentVersion,
    PublishError,
    consent_summary,
    publish_consent,
)
from kiosk.services.context import KioskContext
from kiosk.services.demo.day import make_demo
from kiosk.storage.audit import AuditLog
from kiosk.storage.errors import StorageError
from tests.helpers.audit import refuse_audit

BY = "Ada Admin"
TITLE = 'title.en = "Consent for ketamine infusion treatment"'


@pytest.fixture
def kiosk_forms(forms_copy: Path) -> Path:
    """The kiosk on a copy of the shipped forms (consent v1 current)."""
    return forms_copy


def consent_file(context: KioskContext, tmp_path: Path, version: int) -> Path:
    """v1 renumbered and retitled, outside the forms folder."""
    assert context.forms_folder is not None
    text = (context.forms_folder / "consent" / "v1.toml").read_text(encoding="utf-8")
    assert "version = 1" in text and TITLE in text
    text = text.replace("version = 1", f"version = {version}").replace(
        TITLE, TITLE[:-1] + ' (revised)"'
    )
    source = tmp_path / f"new-v{version}.toml"
    source.write_text(text, encoding="utf-8")
    return source


def published(context: KioskContext) -> list[AuditEntry]:
    return AuditLog(context.db, context.clock).entries(action=AuditAction.PUBLISH_CONSENT)


def test_publish_copies_reloads_and_audits(kiosk: KioskContext, tmp_path: Path) -> None:
    """The next number: the file copied byte for byte, the context's forms now current at v2,
    one ``publish_consent`` entry by the person naming the version."""
    source = consent_file(kiosk, tmp_path, 2)
    assert publish_consent(kiosk, source, BY) == 2
    assert kiosk.forms_folder is not None
    assert (kiosk.forms_folder / "consent" / "v2.toml").read_bytes() == source.read_bytes()
    assert kiosk.forms.consent.version == 2
    assert [(e.actor, e.subject) for e in published(kiosk)] == [(BY, "v2")]


@pytest.mark.parametrize("version", [1, 3])
def test_a_wrong_version_number_is_refused_without_writing(
    kiosk: KioskContext, tmp_path: Path, version: int
) -> None:
    """Not current + 1: PublishError saying which number it must be; no file, no entry, the
    forms unchanged."""
    assert kiosk.forms_folder is not None
    before = sorted((kiosk.forms_folder / "consent").iterdir())
    with pytest.raises(PublishError, match="must be 2"):
        publish_consent(kiosk, consent_file(kiosk, tmp_path, version), BY)
    assert sorted((kiosk.forms_folder / "consent").iterdir()) == before
    assert kiosk.forms.consent.version == 1
    assert published(kiosk) == []


def test_a_file_that_is_not_a_consent_is_refused(kiosk: KioskContext, tmp_path: Path) -> None:
    """Broken TOML: PublishError naming the file, nothing audited."""
    source = tmp_path / "broken.toml"
    source.write_text("[consent\n", encoding="utf-8")
    with pytest.raises(PublishError, match=r"broken\.toml"):
        publish_consent(kiosk, source, BY)
    assert published(kiosk) == []


def test_a_publish_the_audit_log_refuses_is_taken_back(kiosk: KioskContext, tmp_path: Path) -> None:
    """The ``publish_consent`` entry cannot be written (a trigger raising ABORT): StorageError,
    and the new version is not left in the forms folder nor current, so no consent is ever
    signed on a version the audit log does not show as published."""
    refuse_audit(kiosk.db)
    with pytest.raises(StorageError):
        publish_consent(kiosk, consent_file(kiosk, tmp_path, 2), BY)
    assert kiosk.forms_folder is not None
    assert not (kiosk.forms_folder / "consent" / "v2.toml").exists()
    assert kiosk.forms.consent.version == 1


def test_consent_summary_counts_the_signed_consents_of_each_version(
    kiosk: KioskContext, tmp_path: Path
) -> None:
    """Consents signed on v1 are counted for v1; a newly published v2 is current with none."""
    ids = make_demo(kiosk, 4, date(2026, 11, 21), seed=3)
    signed = int(kiosk.db.execute("SELECT count(*) FROM consents").fetchone()[0])
    assert ids and signed > 0
    publish_consent(kiosk, consent_file(kiosk, tmp_path, 2), BY)
    [v1, v2] = consent_summary(kiosk)
    assert v1 == ConsentVersion(1, v1.title_en, signed, False)
    assert (v2.version, v2.signed_count, v2.is_current) == (2, 0, True)
    assert v2.title_en.endswith("(revised)")
