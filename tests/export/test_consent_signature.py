"""A typed or witnessed consent kept and handed on: the row, the PDF, CSV, JSON, FHIR, the outbox."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from sqlite_utils import Database

from kiosk.core.clock import FakeClock, today
from kiosk.core.consent import SignatureMethod, StaffAccounts, Witness
from kiosk.core.session import IntakeSession
from kiosk.export.csv_export import COLUMNS, write_csv
from kiosk.export.fhir import (
    SIGNATURE_METHOD_URL,
    SIGNATURE_URL,
    STAFF_SYSTEM,
    WITNESS_ACCOUNTS_URL,
    write_fhir,
)
from kiosk.export.json_export import write_json
from kiosk.storage.reader import iter_intakes
from tests.helpers.images import tiny_png
from tests.helpers.intake import BIRTH_DATE, walk_to
from tests.helpers.pdf import pdf_text

Bundle = pytest.importorskip("fhir.resources.R4B.bundle").Bundle


def _sign(
    session: IntakeSession,
    method: SignatureMethod,
    language: str = "en",
    accounts: StaffAccounts = StaffAccounts.KIOSK,
) -> bytes:
    session.begin(language, "normal")
    session.identify("José", "O'Neil", BIRTH_DATE)
    walk_to(session, "consent")
    sections = tuple(s.id for s in session.forms.consent.sections)
    copy, pdf = session.prepare_consent(
        "José O'Neil",
        tiny_png() if method is SignatureMethod.DRAWN else b"",
        sections,
        method=method,
        typed_name="José Antonio O'Neil",
        attested=True,
        witness=Witness(7, "Nurse Kim Lee", accounts)
        if method is SignatureMethod.WITNESSED
        else None,
    )
    session.certify(copy, pdf)
    return pdf


def _row(db: Database) -> dict[str, Any]:
    return next(
        iter(
            db.query(
                "SELECT signature_method, typed_name, witness_staff_id, witness_name,"
                " length(signature_png) AS png FROM consents"
            )
        )
    )


def test_a_typed_consent_round_trips(
    session: IntakeSession, db: Database, clock: FakeClock
) -> None:
    """Stored as typed with the typed name and no picture; read back the same; the outbox step
    says typed; the PDF says, in words, that the patient signed by typing their name."""
    pdf = _sign(session, SignatureMethod.TYPED)
    assert _row(db) == {
        "signature_method": "typed",
        "typed_name": "José Antonio O'Neil",
        "witness_staff_id": None,
        "witness_name": "",
        "png": 0,
    }
    (record,) = iter_intakes(db, today(clock), today(clock))
    assert record.consent is not None
    assert (record.consent.signature_method, record.consent.typed_name) == (
        "typed",
        "José Antonio O'Neil",
    )
    text = " ".join(pdf_text(pdf).split())
    assert "Signed by typing their name: José Antonio O'Neil (typed signature)" in text
    assert "Typing my name here is my signature." in text
    assert "Signature method: typed name" in text
    (step,) = db.query("SELECT content FROM outbox WHERE kind = 'consent'")
    content = json.loads(step["content"])
    assert content["signature_method"] == "typed"
    assert content["typed_name"] == "José Antonio O'Neil"
    assert content["witness"] is None


def test_a_witnessed_consent_in_spanish_names_the_witness(
    session: IntakeSession, db: Database
) -> None:
    """Witnessed: the staff member's id and name on the row, the step and the PDF (in Spanish)."""
    pdf = _sign(session, SignatureMethod.WITNESSED, "es")
    row = _row(db)
    assert (row["signature_method"], row["witness_staff_id"], row["witness_name"]) == (
        "witnessed",
        7,
        "Nurse Kim Lee",
    )
    text = " ".join(pdf_text(pdf).split())
    assert "Firmó con un miembro del personal como testigo: Nurse Kim Lee" in text
    (step,) = db.query("SELECT content FROM outbox WHERE kind = 'consent'")
    assert json.loads(step["content"])["witness"] == {
        "staff_id": 7,
        "name": "Nurse Kim Lee",
        "accounts": "kiosk",
    }


def test_a_drawn_consent_stays_as_before(session: IntakeSession, db: Database) -> None:
    """Drawn: the picture kept, method drawn, the PDF says it was drawn on the screen."""
    pdf = _sign(session, SignatureMethod.DRAWN)
    row = _row(db)
    assert row["signature_method"] == "drawn" and row["png"] > 0
    assert "Signature method: drawn on the screen" in " ".join(pdf_text(pdf).split())


@pytest.mark.parametrize("method", list(SignatureMethod))
def test_the_exports_carry_the_method(
    session: IntakeSession, db: Database, clock: FakeClock, method: SignatureMethod
) -> None:
    """CSV: the consent_signature_method column; JSON: method, typed name and witness; FHIR: a
    Consent that fhir.resources accepts, with the method and, typed or witnessed, a Signature."""
    _sign(session, method)
    day = today(clock)
    out = io.StringIO()
    write_csv(iter_intakes(db, day, day), out)
    header, row = (line.split(",") for line in out.getvalue().splitlines())
    column = COLUMNS.index("consent_signature_method")
    assert header[column] == "consent_signature_method"
    assert row[column] == method.value
    out = io.StringIO()
    write_json(iter_intakes(db, day, day), out)
    consent = json.loads(out.getvalue())[0]["consent"]
    assert consent["signature_method"] == method.value
    assert consent["typed_name"] == ("José Antonio O'Neil" if method == "typed" else "")
    witnessed = method is SignatureMethod.WITNESSED
    witness = {"staff_id": 7, "name": "Nurse Kim Lee", "accounts": "kiosk"}
    assert consent["witness"] == (witness if witnessed else None)
    out = io.StringIO()
    write_fhir(iter_intakes(db, day, day, include_pdf=True), out, practice_name="Clinic")
    bundle = Bundle.model_validate_json(out.getvalue())
    (resource,) = [e.resource for e in bundle.entry if e.resource.get_resource_type() == "Consent"]
    extensions = {ext.url: ext for ext in resource.extension}
    assert extensions[SIGNATURE_METHOD_URL].valueCode == method.value
    if method is SignatureMethod.DRAWN:
        assert SIGNATURE_URL not in extensions and not resource.verification
        assert WITNESS_ACCOUNTS_URL not in extensions
        return
    signature = extensions[SIGNATURE_URL].valueSignature
    if method is SignatureMethod.TYPED:
        assert signature.type[0].code == "1.2.840.10065.1.12.1.7"  # Consent Signature
        assert signature.sigFormat == "text/plain"
        assert signature.data == "José Antonio O'Neil".encode()  # fhir.resources decodes it
    else:
        assert signature.type[0].code == "1.2.840.10065.1.12.1.5"  # Witness Signature
        assert signature.who.display == "Nurse Kim Lee"
        assert (signature.who.identifier.system, signature.who.identifier.value) == (
            STAFF_SYSTEM,
            "7",
        )
        assert resource.verification[0].verified is True
        assert extensions[WITNESS_ACCOUNTS_URL].valueCode == "kiosk"


def test_a_witness_of_the_clinic_servers_staff_is_said_to_be_so(
    session: IntakeSession, db: Database, clock: FakeClock
) -> None:
    """A witness signed in on the clinic server: the row, the outbox step, the PDF (its staff
    number is the server's), JSON and a FHIR Consent that fhir.resources accepts all say server."""
    pdf = _sign(session, SignatureMethod.WITNESSED, accounts=StaffAccounts.SERVER)
    (row,) = db.query("SELECT witness_staff_id, witness_name, witness_accounts FROM consents")
    assert row == {
        "witness_staff_id": 7,
        "witness_name": "Nurse Kim Lee",
        "witness_accounts": "server",
    }
    (step,) = db.query("SELECT content FROM outbox WHERE kind = 'consent'")
    assert json.loads(step["content"])["witness"]["accounts"] == "server"
    text = " ".join(pdf_text(pdf).split())
    assert "witness: Nurse Kim Lee (clinic server staff no. 7)" in text
    day = today(clock)
    out = io.StringIO()
    write_json(iter_intakes(db, day, day), out)
    consent = json.loads(out.getvalue())[0]["consent"]
    assert consent["witness"] == {"staff_id": 7, "name": "Nurse Kim Lee", "accounts": "server"}
    out = io.StringIO()
    write_fhir(iter_intakes(db, day, day, include_pdf=True), out, practice_name="Clinic")
    bundle = Bundle.model_validate_json(out.getvalue())
    (resource,) = [e.resource for e in bundle.entry if e.resource.get_resource_type() == "Consent"]
    extensions = {ext.url: ext for ext in resource.extension}
    assert extensions[WITNESS_ACCOUNTS_URL].valueCode == "server"
    assert extensions[SIGNATURE_URL].valueSignature.who.identifier.value == "7"
