"""How a consent was signed reaches the clinic server: typed and witnessed consents are kept with
their typed name or witness; a consent step of an older kiosk (no signature keys) is drawn."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.core.clock import FakeClock
from kiosk.core.consent import SignatureMethod, StaffAccounts, Witness
from kiosk.core.outbox import canonical, sha256_hex
from kiosk.server import schema
from kiosk.server.reader import ServerReader
from kiosk.services import sync
from kiosk.services.context import KioskContext, open_context
from kiosk.services.intake import start_session
from tests.helpers.intake import BIRTH_DATE, walk_to
from tests.helpers.pg import PgCluster
from tests.helpers.sync import EnrolledKiosk, enrol_kiosk, server_rows


@pytest.fixture
def lobby(
    pg_cluster: PgCluster, initialised: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> EnrolledKiosk:
    """A kiosk called lobby enrolled on the server; this process pointed at it."""
    kiosk = enrol_kiosk(pg_cluster, initialised, "lobby", tmp_path / "secrets")
    for name, value in kiosk.env().items():
        monkeypatch.setenv(name, value)
    return kiosk


@pytest.fixture
def kiosk_context(tmp_path: Path) -> Iterator[KioskContext]:
    """A kiosk of its own, closed after."""
    context = open_context(tmp_path / "data", clock=FakeClock())
    yield context
    context.close()


def _sign(
    context: KioskContext,
    first: str,
    method: SignatureMethod,
    accounts: StaffAccounts = StaffAccounts.KIOSK,
) -> None:
    session = start_session(context)
    session.begin("en", "normal")
    session.identify(first, "Ruiz", BIRTH_DATE)
    walk_to(session, "consent")
    sections = tuple(s.id for s in session.forms.consent.sections)
    copy, pdf = session.prepare_consent(
        f"{first} Ruiz",
        b"",
        sections,
        method=method,
        typed_name=f"{first} Ruiz",
        attested=True,
        witness=Witness(4, "Nurse Kim Lee", accounts)
        if method is SignatureMethod.WITNESSED
        else None,
    )
    session.certify(copy, pdf)


def _as_an_older_kiosk(context: KioskContext, first: str) -> None:
    """Rewrite the consent step of ``first`` as a kiosk before signature methods wrote it."""
    for row in context.db.query("SELECT sequence, content FROM outbox WHERE kind = 'consent'"):
        content = json.loads(row["content"])
        if not content["printed_name"].startswith(first):
            continue
        for key in ("signature_method", "typed_name", "witness"):
            del content[key]
        text = canonical(content)
        context.db.execute(
            "UPDATE outbox SET content = ?, sha256 = ? WHERE sequence = ?",
            [text, sha256_hex(text), row["sequence"]],
        )


def test_the_server_keeps_how_each_consent_was_signed(
    lobby: EnrolledKiosk, initialised: str, kiosk_context: KioskContext
) -> None:
    """Typed, witnessed and an older kiosk's step all taken (none set aside as a problem); the
    server's rows and its reader say typed with the name, witnessed with the staff member, drawn."""
    _sign(kiosk_context, "Ana", SignatureMethod.TYPED)
    _sign(kiosk_context, "Luz", SignatureMethod.WITNESSED)
    _sign(kiosk_context, "Eva", SignatureMethod.TYPED)
    _as_an_older_kiosk(kiosk_context, "Eva")
    done = sync.sync_now(kiosk_context)
    assert done.status.waiting == 0 and done.status.refused == 0
    assert server_rows(initialised, "SELECT problem FROM records_problems") == []
    rows = server_rows(
        initialised,
        "SELECT printed_name, signature_method, typed_name, witness_staff_id, witness_name"
        " FROM records_consents ORDER BY printed_name",
    )
    assert rows == [
        ("Ana Ruiz", "typed", "Ana Ruiz", None, ""),
        ("Eva Ruiz", "drawn", "", None, ""),
        ("Luz Ruiz", "witnessed", "", 4, "Nurse Kim Lee"),
    ]
    with schema.connect(initialised) as conn:
        reader = ServerReader(conn)
        ids = [int(str(r[0])) for r in server_rows(initialised, "SELECT id FROM records_intakes")]
        consents = {
            c.printed_name: c for c in (reader.intake(i).consent for i in ids) if c is not None
        }
    assert consents["Luz Ruiz"].signature_method == "witnessed"
    assert consents["Luz Ruiz"].witness_name == "Nurse Kim Lee"
    assert consents["Ana Ruiz"].typed_name == "Ana Ruiz"


def _as_a_kiosk_before_witness_accounts(context: KioskContext, first: str) -> None:
    """Rewrite the consent step of ``first`` as a kiosk before witness accounts wrote it."""
    for row in context.db.query("SELECT sequence, content FROM outbox WHERE kind = 'consent'"):
        content = json.loads(row["content"])
        if not content["printed_name"].startswith(first):
            continue
        del content["witness"]["accounts"]
        text = canonical(content)
        context.db.execute(
            "UPDATE outbox SET content = ?, sha256 = ? WHERE sequence = ?",
            [text, sha256_hex(text), row["sequence"]],
        )


def test_the_server_keeps_whose_staff_the_witness_is(
    lobby: EnrolledKiosk, initialised: str, kiosk_context: KioskContext
) -> None:
    """A witness of the server's staff and one of the kiosk's are kept as such; the step of a
    kiosk before witness accounts (no "accounts" key) is taken as the kiosk's staff; the
    server's reader says which."""
    _sign(kiosk_context, "Ana", SignatureMethod.WITNESSED, StaffAccounts.SERVER)
    _sign(kiosk_context, "Luz", SignatureMethod.WITNESSED)
    _sign(kiosk_context, "Eva", SignatureMethod.WITNESSED)
    _as_a_kiosk_before_witness_accounts(kiosk_context, "Eva")
    done = sync.sync_now(kiosk_context)
    assert done.status.waiting == 0 and done.status.refused == 0
    assert server_rows(initialised, "SELECT problem FROM records_problems") == []
    rows = server_rows(
        initialised,
        "SELECT printed_name, witness_staff_id, witness_name, witness_accounts"
        " FROM records_consents ORDER BY printed_name",
    )
    assert rows == [
        ("Ana Ruiz", 4, "Nurse Kim Lee", "server"),
        ("Eva Ruiz", 4, "Nurse Kim Lee", "kiosk"),
        ("Luz Ruiz", 4, "Nurse Kim Lee", "kiosk"),
    ]
    with schema.connect(initialised) as conn:
        reader = ServerReader(conn)
        ids = [int(str(r[0])) for r in server_rows(initialised, "SELECT id FROM records_intakes")]
        consents = {
            c.printed_name: c for c in (reader.intake(i).consent for i in ids) if c is not None
        }
    assert {name: c.witness_accounts for name, c in consents.items()} == {
        "Ana Ruiz": "server",
        "Eva Ruiz": "kiosk",
        "Luz Ruiz": "kiosk",
    }
