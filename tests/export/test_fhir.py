"""The FHIR export: one R4B Bundle that fhir.resources accepts, with totals and signed consents."""

from __future__ import annotations

import base64
import hashlib
import io
import json
from collections import Counter
from typing import Any

import pytest

from kiosk.export import MissingPdfError
from kiosk.export.fhir import INTAKE_SYSTEM, write_fhir
from kiosk.services.context import KioskContext
from kiosk.storage.reader import iter_intakes
from tests.helpers.clinic import DAY

Bundle = pytest.importorskip("fhir.resources.R4B.bundle").Bundle

PRACTICE = "Test Infusion Clinic"


def _export(clinic: KioskContext, **kwargs: Any) -> tuple[int, str]:
    out = io.StringIO()
    records = iter_intakes(clinic.db, DAY, DAY, include_pdf=True, **kwargs)
    count = write_fhir(records, out, practice_name=PRACTICE)
    return count, out.getvalue()


def _resources(text: str, kind: str) -> list[dict[str, Any]]:
    return [
        e["resource"] for e in json.loads(text)["entry"] if e["resource"]["resourceType"] == kind
    ]


def test_the_bundle_of_a_day_validates_and_counts(clinic: KioskContext) -> None:
    """The whole Bundle parses as R4B; one Patient per intake, responses, totals and consents."""
    records = list(iter_intakes(clinic.db, DAY, DAY))
    count, text = _export(clinic)
    assert count == len(records) == 20
    bundle = Bundle.model_validate_json(text)
    assert bundle.type == "collection"
    kinds = Counter(entry.resource.get_resource_type() for entry in bundle.entry)
    forms = sum(len({a.form_id for a in r.answers}) for r in records)
    # the totals; per set of vitals three; each side effect and readiness check one
    watched = sum(3 * len(r.vitals) + len(r.side_effects) + len(r.readiness) for r in records)
    assert kinds == {
        "Organization": 1,
        "Patient": len(records),
        "QuestionnaireResponse": forms,
        "Observation": sum(len(r.scores) for r in records) + watched,
        "Consent": sum(r.consent is not None for r in records),
        "Procedure": sum(r.infusion is not None for r in records),
    }
    assert watched and kinds["Procedure"]
    assert kinds["Observation"] and kinds["Consent"]
    urls = [entry.fullUrl for entry in bundle.entry]
    assert len(set(urls)) == len(urls) and all(u.startswith("urn:uuid:") for u in urls)


def test_references_point_at_entries(clinic: KioskContext) -> None:
    """Every reference is the fullUrl of an entry of the same bundle."""
    _, text = _export(clinic)
    data = json.loads(text)
    urls = {e["fullUrl"] for e in data["entry"]}

    def references(node: object) -> list[str]:
        if isinstance(node, dict):
            own = [node["reference"]] if isinstance(node.get("reference"), str) else []
            return own + [r for v in node.values() for r in references(v)]
        if isinstance(node, list):
            return [r for v in node for r in references(v)]
        return []

    found = references(data)
    assert found and set(found) <= urls


def test_patients_carry_the_intake_id(clinic: KioskContext) -> None:
    """Name, birth date and the intake id as an identifier of the kiosk's system."""
    records = {r.id: r for r in iter_intakes(clinic.db, DAY, DAY)}
    _, text = _export(clinic)
    for patient in _resources(text, "Patient"):
        (identifier,) = patient["identifier"]
        assert identifier["system"] == INTAKE_SYSTEM
        record = records[int(identifier["value"])]
        assert patient["birthDate"] == record.birth_date.isoformat()
        assert patient["name"][0]["family"] == record.last_name
        assert patient["name"][0]["given"] == [record.first_name]


def test_totals_have_their_loinc_codes(clinic: KioskContext) -> None:
    """PHQ-9 totals as 44261-6, GAD-7 totals as 70274-6, with the total and the time scored."""
    records = list(iter_intakes(clinic.db, DAY, DAY))
    _, text = _export(clinic)
    totals = Counter()
    expected = Counter()
    for record in records:
        for instrument, score in record.scores.items():
            expected[(instrument, score.total, score.scored_at)] += 1
    codes = {"44261-6": "phq9", "70274-6": "gad7"}
    for observation in _resources(text, "Observation"):
        category = observation.get("category", [{"coding": [{}]}])[0]["coding"][0]
        if category.get("code") != "survey" or "coding" not in observation["code"]:
            continue  # vital signs, side effects, the readiness score (coded by text)
        (coding,) = observation["code"]["coding"]
        assert coding["system"] == "http://loinc.org"
        instrument = codes[coding["code"]]
        totals[(instrument, observation["valueInteger"], observation["effectiveDateTime"])] += 1
    assert totals == expected


def test_responses_hold_the_questions_as_shown(clinic: KioskContext) -> None:
    """Each item's linkId is the question id and its text the question as the patient saw it."""
    records = list(iter_intakes(clinic.db, DAY, DAY))
    shown = {(a.question_id, a.question_text) for r in records for a in r.answers}
    _, text = _export(clinic)
    responses = _resources(text, "QuestionnaireResponse")
    items = {(i["linkId"], i["text"]) for qr in responses for i in qr["item"]}
    assert items == shown
    assert {qr["status"] for qr in responses} <= {"completed", "in-progress"}
    phq9 = next(qr for qr in responses if qr["identifier"]["value"].endswith("/phq9"))
    assert all("valueInteger" in i["answer"][0] for i in phq9["item"])


def test_consents_carry_the_signed_pdf(clinic: KioskContext) -> None:
    """The attachment's data decodes to the PDF; its hash is the base64 SHA-1 of those bytes."""
    _, text = _export(clinic)
    consents = _resources(text, "Consent")
    assert consents
    for consent in consents:
        attachment = consent["sourceAttachment"]
        assert attachment["contentType"] == "application/pdf"
        pdf = base64.b64decode(attachment["data"])
        assert pdf.startswith(b"%PDF")
        assert base64.b64decode(attachment["hash"]) == hashlib.sha1(pdf).digest()
        assert attachment["title"] and attachment["creation"]


def test_an_empty_day_is_a_valid_bundle(clinic: KioskContext) -> None:
    """No intakes: the bundle holds only the practice and still validates."""
    out = io.StringIO()
    first = DAY.replace(year=2020)
    assert write_fhir(iter_intakes(clinic.db, first, first), out, practice_name=PRACTICE) == 0
    bundle = Bundle.model_validate_json(out.getvalue())
    assert [e.resource.get_resource_type() for e in bundle.entry] == ["Organization"]


def test_the_same_day_gives_the_same_urns(clinic: KioskContext) -> None:
    """fullUrls come from stable names: two exports are identical."""
    assert _export(clinic) == _export(clinic, page_size=3)


def test_records_without_their_pdfs_are_refused(clinic: KioskContext) -> None:
    """A signed consent read without its PDF cannot be exported."""
    with pytest.raises(MissingPdfError):
        write_fhir(iter_intakes(clinic.db, DAY, DAY), io.StringIO(), practice_name=PRACTICE)
