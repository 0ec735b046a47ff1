"""FHIR export: the intakes as one FHIR R4B Bundle (type "collection"), written entry by entry.

The FHIR version is **R4B** (4.3.0). The resources are written as plain JSON objects; the tests
check them against ``fhir.resources.R4B``, which the kiosk itself does not need.

The bundle holds one Organization (the practice), then per intake:

* a Patient (name, birth date, the intake number as an identifier of ``INTAKE_SYSTEM``);
* one QuestionnaireResponse per form answered (checklist, phq9, gad7, ride), each item's
  ``linkId`` the question id and ``text`` the question as the patient saw it;
* an Observation for the PHQ-9 total (LOINC 44261-6) and one for the GAD-7 total (LOINC 70274-6);
* a Consent with the signed PDF as its source attachment (base64 data, SHA-1 hash), and how it
  was signed (drawn, typed or witnessed) in extensions, with a FHIR Signature for the typed
  name or the witness (see ``_with_signature``).

* the day of the infusion (see ``watch_resources``): the infusion as a Procedure, every set of
  vital signs as three vital-signs Observations (blood pressure panel, heart rate, oxygen
  saturation), each side effect and each readiness check as an Observation, and a discharge
  before the patient was ready as a Flag (its reason also in the Procedure's note).

An intake read from the clinic server names the kiosk it came from: a Device (its name as an
identifier of ``DEVICE_SYSTEM``), one per kiosk, before its first intake, and each of the
intake's QuestionnaireResponses has that Device as its ``author`` (what recorded the answers).
A single kiosk's bundle has no Device.

Every entry's ``fullUrl`` is ``urn:uuid:`` and a UUID 5 of a stable name (the practice, the
intake number and what the resource is), so the same intake always gets the same URNs, and the
entries refer to one another by those URNs.
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from collections.abc import Iterable
from typing import Any, TextIO

from kiosk.core.forms.model import Answer
from kiosk.core.forms.required import CHECKLIST_FORM, GAD7_FORM, PHQ9_FORM, RIDE_FORM
from kiosk.core.intake_record import (
    AnswerRecord,
    ConsentRecord,
    DischargeRecord,
    InfusionRecord,
    IntakeRecord,
    ReadinessRecord,
    ScoreRecord,
    SideEffectRecord,
    VitalsRecord,
)
from kiosk.export.json_export import MissingPdfError

FHIR_VERSION = "4.3.0"  # R4B
INTAKE_SYSTEM = "urn:infusion-kiosk:intake"
DEVICE_SYSTEM = "urn:infusion-kiosk:device"
ANSWER_SYSTEM = "urn:infusion-kiosk:answer"  # + ":<form>:<question>" for coded answers
LOINC = "http://loinc.org"
STAFF_SYSTEM = "urn:infusion-kiosk:staff"  # a staff member's number on the kiosk or server
SIGNATURE_METHOD_URL = "urn:infusion-kiosk:fhir:consent-signature-method"  # valueCode
SIGNATURE_URL = "urn:infusion-kiosk:fhir:consent-signature"  # valueSignature
# valueCode kiosk | server: whose staff accounts the witness's staff number is one of
WITNESS_ACCOUNTS_URL = "urn:infusion-kiosk:fhir:consent-witness-accounts"
UCUM = "http://unitsofmeasure.org"
SNOMED = "http://snomed.info/sct"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
PHASE_URL = "urn:infusion-kiosk:fhir:vitals-phase"  # valueCode pre | during | discharge
PHASE_NOTES = {
    "pre": "Before the infusion",
    "during": "During the infusion",
    "discharge": "At discharge",
}
SIDE_EFFECT_SYSTEM = "urn:infusion-kiosk:side-effect"  # kiosk.core.side_effects' kinds
SEVERITIES: dict[str, tuple[str, str]] = {  # SNOMED CT, as FHIR's condition-severity value set
    "mild": ("255604002", "Mild"),
    "moderate": ("6736007", "Moderate"),
    "severe": ("24484000", "Severe"),
}
READINESS_SYSTEM = "urn:infusion-kiosk:readiness"  # a criterion's id; "passed", "max_score"
READINESS_TEXT = "Discharge readiness score (PADSS-style)"
FLAG_SYSTEM = "urn:infusion-kiosk:flag"
INFUSION_TEXT = "Intravenous infusion"
FORMS = (CHECKLIST_FORM, PHQ9_FORM, GAD7_FORM, RIDE_FORM)
SCORED_FORMS = frozenset({PHQ9_FORM, GAD7_FORM})
TOTALS: dict[str, tuple[str, str]] = {
    PHQ9_FORM: ("44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"),
    GAD7_FORM: (
        "70274-6",
        "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]",
    ),
}
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:infusion-kiosk:fhir")


def full_url(*name: object) -> str:
    """``urn:uuid:`` and the UUID 5 of ``name`` (its parts joined by '/')."""
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, '/'.join(str(part) for part in name))}"


def write_fhir(records: Iterable[IntakeRecord], out: TextIO, *, practice_name: str) -> int:
    """Write one FHIR R4B Bundle of ``records``, one entry per line as they come; returns the count.

    The records must have been read with their consent PDFs (``iter_intakes(...,
    include_pdf=True)``); a signed consent without its PDF raises MissingPdfError.
    """
    organization = full_url(practice_name, "organization")
    out.write('{"resourceType": "Bundle", "type": "collection", "entry": [\n')
    out.write(_entry(organization, _organization(practice_name)))
    count = 0
    devices: set[str] = set()
    for record in records:
        if record.device and record.device not in devices:
            devices.add(record.device)
            out.write(",\n")
            out.write(_entry(device_url(practice_name, record.device), _device(record.device)))
        for url, resource in intake_resources(record, practice_name=practice_name):
            out.write(",\n")
            out.write(_entry(url, resource))
        count += 1
    out.write("\n]}\n")
    return count


def intake_resources(
    record: IntakeRecord, *, practice_name: str
) -> list[tuple[str, dict[str, Any]]]:
    """The (fullUrl, resource) pairs of one intake: Patient, responses, totals, Consent."""
    organization = full_url(practice_name, "organization")
    patient = full_url(practice_name, "intake", record.id, "patient")
    found: list[tuple[str, dict[str, Any]]] = [(patient, _patient(record, organization))]
    responses: dict[str, str] = {}
    for form_id in _forms(record):
        url = full_url(practice_name, "intake", record.id, "response", form_id)
        responses[form_id] = url
        response = _response(record, form_id, patient)
        if record.device:
            response["author"] = _reference(device_url(practice_name, record.device))
        found.append((url, response))
    for instrument in TOTALS:
        score = record.scores.get(instrument)
        if score is not None:
            url = full_url(practice_name, "intake", record.id, "total", instrument)
            found.append((url, _total(score, patient, responses.get(instrument))))
    if record.consent is not None:
        url = full_url(practice_name, "intake", record.id, "consent")
        found.append((url, _consent(record, record.consent, patient, organization)))
    found.extend(watch_resources(record, practice_name=practice_name))
    return found


def watch_resources(
    record: IntakeRecord, *, practice_name: str
) -> list[tuple[str, dict[str, Any]]]:
    """The day of the infusion as (fullUrl, resource) pairs, each with the Patient as subject:

    * the infusion, once marked started, as a Procedure: ``in-progress`` until it ends, then
      ``completed``; ``performedPeriod`` its times as corrected; the nurses who marked it as
      performers; a note per correction (which time, from and to, by whom, why) and, for a
      discharge before the patient was ready, "Discharged before ready: <reason>";
    * each set of vital signs as three Observations of category ``vital-signs``: the blood
      pressure panel (LOINC 85354-9, components systolic 8480-6 and diastolic 8462-4, mm[Hg]),
      heart rate (8867-4, /min) and oxygen saturation (59408-5 and 2708-6, %); when they were
      taken (before, during the infusion or at discharge) as a note and as the extension
      ``PHASE_URL`` (valueCode pre, during, discharge); those taken during it are ``partOf``
      the Procedure;
    * each side effect as an Observation: its code the kind (``SIDE_EFFECT_SYSTEM``; its text
      the kind in words, or the nurse's words for "other"), its severity a
      valueCodeableConcept of SNOMED CT (mild 255604002, moderate 6736007, severe 24484000),
      ``effectiveDateTime`` when it was seen, ``partOf`` the Procedure;
    * each readiness check, oldest first (the last counts), as an Observation coded by text
      only, READINESS_TEXT: the score as valueInteger, a component per criterion
      (``READINESS_SYSTEM`` code, valueInteger points), one "max_score" (valueInteger) and
      one "passed" (valueBoolean); why it did not pass (kiosk.core.readiness' reason codes)
      in its note;
    * a discharge before the patient was ready as a Flag (category clinical, code
      ``discharge_override`` of ``FLAG_SYSTEM``, its text "Discharged before ready: <reason>"),
      beside the kiosk's red flag of the same code.
    """
    patient = full_url(practice_name, "intake", record.id, "patient")
    found: list[tuple[str, dict[str, Any]]] = []
    procedure: str | None = None
    if record.infusion is not None and record.infusion.started_at is not None:
        procedure = full_url(practice_name, "intake", record.id, "infusion")
        found.append((procedure, _procedure(record, record.infusion, patient)))
    for number, vitals in enumerate(record.vitals):
        part_of = procedure if vitals.phase == "during" else None
        for kind, resource in _vital_signs(vitals, patient, part_of):
            found.append(
                (full_url(practice_name, "intake", record.id, "vitals", number, kind), resource)
            )
    for number, effect in enumerate(record.side_effects):
        url = full_url(practice_name, "intake", record.id, "side-effect", number)
        found.append((url, _side_effect(effect, patient, procedure)))
    for number, check in enumerate(record.readiness):
        url = full_url(practice_name, "intake", record.id, "readiness", number)
        found.append((url, _readiness(check, patient)))
    if record.discharge is not None and record.discharge.override_reason:
        url = full_url(practice_name, "intake", record.id, "discharge-override")
        found.append((url, _override_flag(record, record.discharge, patient)))
    return found


def device_url(practice_name: str, device: str) -> str:
    """The fullUrl of the Device of the kiosk ``device``."""
    return full_url(practice_name, "device", device)


def _device(name: str) -> dict[str, Any]:
    return {
        "resourceType": "Device",
        "identifier": [{"system": DEVICE_SYSTEM, "value": name}],
        "deviceName": [{"name": name, "type": "user-friendly-name"}],
    }


def _entry(url: str, resource: dict[str, Any]) -> str:
    return json.dumps({"fullUrl": url, "resource": resource}, ensure_ascii=False)


def _reference(url: str) -> dict[str, str]:
    return {"reference": url}


def _organization(name: str) -> dict[str, Any]:
    return {"resourceType": "Organization", "active": True, "name": name}


def _patient(record: IntakeRecord, organization: str) -> dict[str, Any]:
    name: dict[str, Any] = {"use": "official"}
    if record.last_name.strip():
        name["family"] = record.last_name
    if record.first_name.strip():
        name["given"] = [record.first_name]
    name["text"] = " ".join(p for p in (record.first_name, record.last_name) if p.strip()) or "?"
    return {
        "resourceType": "Patient",
        "identifier": [{"use": "usual", "system": INTAKE_SYSTEM, "value": str(record.id)}],
        "name": [name],
        "birthDate": record.birth_date.isoformat(),
        "communication": [{"language": {"coding": [{"code": record.language}]}}],
        "managingOrganization": _reference(organization),
    }


def _forms(record: IntakeRecord) -> list[str]:
    """The forms the patient answered, known ones first in FORMS order, then any others."""
    answered = list(dict.fromkeys(a.form_id for a in record.answers))
    return [f for f in FORMS if f in answered] + [f for f in answered if f not in FORMS]


def _response(record: IntakeRecord, form_id: str, patient: str) -> dict[str, Any]:
    answers = [a for a in record.answers if a.form_id == form_id]
    done = record.completed_at is not None or (form_id in SCORED_FORMS and form_id in record.scores)
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "identifier": {"system": INTAKE_SYSTEM, "value": f"{record.id}/{form_id}"},
        "status": "completed" if done else "in-progress",
        "subject": _reference(patient),
        "authored": max(a.answered_at for a in answers),
        "item": [_item(a) for a in answers],
    }
    version = record.form_versions.get(form_id)
    if version:
        resource["questionnaire"] = f"urn:infusion-kiosk:form:{form_id}|{version}"
    return resource


def _item(answer: AnswerRecord) -> dict[str, Any]:
    item: dict[str, Any] = {"linkId": answer.question_id}
    if answer.question_text.strip():
        item["text"] = answer.question_text
    values = _values(answer)
    if values:
        item["answer"] = values
    return item


def _values(answer: AnswerRecord) -> list[dict[str, Any]]:
    """The FHIR answer values: integers, decimals, a coding per choice, or the text as typed."""
    value: Answer = answer.value
    system = f"{ANSWER_SYSTEM}:{answer.form_id}:{answer.question_id}"
    if isinstance(value, bool):  # not an Answer, but JSON might hold one
        return [{"valueBoolean": value}]
    if isinstance(value, int):
        return [{"valueInteger": value}]
    if isinstance(value, float):
        return [{"valueDecimal": value}]
    if isinstance(value, list):
        return [{"valueCoding": {"system": system, "code": code}} for code in value if code]
    if not value.strip():
        return []
    if answer.answer_text.strip() and answer.answer_text != value and " " not in value:
        coding = {"system": system, "code": value, "display": answer.answer_text}
        return [{"valueCoding": coding}]  # a choice: its key, and its text as shown
    return [{"valueString": value}]


def _total(score: ScoreRecord, patient: str, response: str | None) -> dict[str, Any]:
    code, display = TOTALS[score.instrument]
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                        "code": "survey",
                        "display": "Survey",
                    }
                ]
            }
        ],
        "code": {"coding": [{"system": LOINC, "code": code, "display": display}], "text": display},
        "subject": _reference(patient),
        "effectiveDateTime": score.scored_at,
        "valueInteger": score.total,
        "interpretation": [{"text": score.severity}],
    }
    if response is not None:
        resource["derivedFrom"] = [_reference(response)]
    return resource


def _consent(
    record: IntakeRecord, consent: ConsentRecord, patient: str, organization: str
) -> dict[str, Any]:
    if consent.pdf is None:
        raise MissingPdfError(
            f"intake {record.id}: the records were read without their PDFs"
            " (iter_intakes(..., include_pdf=True))"
        )
    attachment = {
        "contentType": "application/pdf",
        "language": consent.language,
        "data": base64.b64encode(consent.pdf).decode("ascii"),
        "size": len(consent.pdf),
        "hash": base64.b64encode(hashlib.sha1(consent.pdf).digest()).decode("ascii"),  # noqa: S324 - FHIR's hash is SHA-1
        "title": f"Signed consent, version {consent.version}",
        "creation": consent.signed_at,
    }
    resource: dict[str, Any] = {
        "resourceType": "Consent",
        "status": "active",
        "scope": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/consentscope",
                    "code": "treatment",
                    "display": "Treatment",
                }
            ]
        },
        "category": [
            {"coding": [{"system": LOINC, "code": "59284-0", "display": "Patient Consent"}]}
        ],
        "patient": _reference(patient),
        "dateTime": consent.signed_at,
        "organization": [_reference(organization)],
        "sourceAttachment": attachment,
        "policy": [{"uri": f"urn:infusion-kiosk:consent|{consent.version}"}],
    }
    return _with_signature(resource, consent, patient)


def _with_signature(
    resource: dict[str, Any], consent: ConsentRecord, patient: str
) -> dict[str, Any]:
    """How the consent was signed, on the Consent (R4B has no signature element of its own).

    Every Consent has the extension ``SIGNATURE_METHOD_URL`` (valueCode drawn, typed or
    witnessed). A typed or witnessed one also has ``SIGNATURE_URL`` with a FHIR ``Signature``
    (valueSignature): typed, the patient's Consent Signature with the typed name as its text/plain
    data; witnessed, a Witness Signature whose ``who`` is the staff member (name and staff
    number), and ``WITNESS_ACCOUNTS_URL`` (valueCode kiosk or server) says whose staff that
    number is: the kiosk's own or the clinic server's, which count apart. A witnessed Consent's
    ``verification`` says it was confirmed with the patient by then. The drawn picture is in
    the signed PDF, as before.
    """
    extensions: list[dict[str, Any]] = [
        {"url": SIGNATURE_METHOD_URL, "valueCode": consent.signature_method}
    ]
    if consent.signature_method == "typed":
        signature = {
            "type": [_signature_type("1.2.840.10065.1.12.1.7", "Consent Signature")],
            "when": consent.signed_at,
            "who": _reference(patient),
            "sigFormat": "text/plain",
            "data": base64.b64encode(consent.typed_name.encode("utf-8")).decode("ascii"),
        }
        extensions.append({"url": SIGNATURE_URL, "valueSignature": signature})
    elif consent.signature_method == "witnessed":
        who: dict[str, Any] = {"display": consent.witness_name}
        if consent.witness_staff_id is not None:
            who["identifier"] = {"system": STAFF_SYSTEM, "value": str(consent.witness_staff_id)}
        signature = {
            "type": [_signature_type("1.2.840.10065.1.12.1.5", "Witness Signature")],
            "when": consent.signed_at,
            "who": who,
        }
        extensions.append({"url": SIGNATURE_URL, "valueSignature": signature})
        extensions.append({"url": WITNESS_ACCOUNTS_URL, "valueCode": consent.witness_accounts})
        resource["verification"] = [
            {
                "verified": True,
                "verifiedWith": _reference(patient),
                "verificationDate": consent.signed_at,
            }
        ]
    return {"resourceType": "Consent", "extension": extensions} | {
        key: value for key, value in resource.items() if key != "resourceType"
    }


def _procedure(record: IntakeRecord, infusion: InfusionRecord, patient: str) -> dict[str, Any]:
    period: dict[str, str] = {"start": str(infusion.started_at)}
    if infusion.ended_at is not None:
        period["end"] = infusion.ended_at
    resource: dict[str, Any] = {
        "resourceType": "Procedure",
        "identifier": [{"system": INTAKE_SYSTEM, "value": f"{record.id}/infusion"}],
        "status": "in-progress" if infusion.ended_at is None else "completed",
        "code": {"text": INFUSION_TEXT},
        "subject": _reference(patient),
        "performedPeriod": period,
    }
    performers = [n for n in dict.fromkeys((infusion.started_by, infusion.ended_by)) if n.strip()]
    if performers:
        resource["performer"] = [{"actor": {"display": name}} for name in performers]
    notes = [
        {
            "authorString": c.corrected_by or "?",
            "time": c.corrected_at,
            "text": f"{'Start' if c.which == 'started' else 'End'} time corrected from"
            f" {c.old_at or 'not marked'} to {c.new_at}: {c.reason}",
        }
        for c in infusion.corrections
    ]
    if record.discharge is not None and record.discharge.override_reason:
        notes.append(
            {
                "authorString": record.discharge.nurse_name or "?",
                "time": record.discharge.discharged_at,
                "text": _override_text(record.discharge),
            }
        )
    if notes:
        resource["note"] = notes
    return resource


def _override_text(discharge: DischargeRecord) -> str:
    return f"Discharged before ready: {discharge.override_reason}"


def _category(code: str, display: str) -> list[dict[str, Any]]:
    return [{"coding": [{"system": OBSERVATION_CATEGORY, "code": code, "display": display}]}]


def _quantity(value: int, unit: str, code: str) -> dict[str, Any]:
    return {"value": value, "unit": unit, "system": UCUM, "code": code}


def _loinc(*codes: tuple[str, str]) -> dict[str, Any]:
    return {
        "coding": [{"system": LOINC, "code": code, "display": display} for code, display in codes],
        "text": codes[0][1],
    }


def _vital_signs(
    vitals: VitalsRecord, patient: str, procedure: str | None
) -> list[tuple[str, dict[str, Any]]]:
    """The blood pressure panel, heart rate and oxygen saturation of one set of readings."""
    mmhg = ("mmHg", "mm[Hg]")

    def observation(code: dict[str, Any], value: dict[str, Any]) -> dict[str, Any]:
        resource: dict[str, Any] = {
            "resourceType": "Observation",
            "extension": [{"url": PHASE_URL, "valueCode": vitals.phase}],
            "status": "final",
            "category": _category("vital-signs", "Vital Signs"),
            "code": code,
            "subject": _reference(patient),
            "effectiveDateTime": vitals.recorded_at,
        }
        if procedure is not None:
            resource["partOf"] = [_reference(procedure)]
        if vitals.recorded_by:
            resource["performer"] = [{"display": vitals.recorded_by}]
        resource |= value
        resource["note"] = [{"text": PHASE_NOTES.get(vitals.phase, vitals.phase)}]
        return resource

    panel = {
        "component": [
            {
                "code": _loinc(("8480-6", "Systolic blood pressure")),
                "valueQuantity": _quantity(vitals.systolic, *mmhg),
            },
            {
                "code": _loinc(("8462-4", "Diastolic blood pressure")),
                "valueQuantity": _quantity(vitals.diastolic, *mmhg),
            },
        ]
    }
    return [
        (
            "blood-pressure",
            observation(
                _loinc(("85354-9", "Blood pressure panel with all children optional")), panel
            ),
        ),
        (
            "heart-rate",
            observation(
                _loinc(("8867-4", "Heart rate")),
                {"valueQuantity": _quantity(vitals.heart_rate, "beats/minute", "/min")},
            ),
        ),
        (
            "oxygen-saturation",
            observation(
                _loinc(
                    ("59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry"),
                    ("2708-6", "Oxygen saturation in Arterial blood"),
                ),
                {"valueQuantity": _quantity(vitals.spo2, "%", "%")},
            ),
        ),
    ]


def _side_effect(effect: SideEffectRecord, patient: str, procedure: str | None) -> dict[str, Any]:
    words = effect.kind.replace("_", " ")
    text = f"Side effect: {effect.other_text or words}"
    code, display = SEVERITIES.get(effect.severity, ("", effect.severity))
    severity: dict[str, Any] = {"text": effect.severity}
    if code:
        severity["coding"] = [{"system": SNOMED, "code": code, "display": display}]
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "code": {
            "coding": [{"system": SIDE_EFFECT_SYSTEM, "code": effect.kind, "display": words}],
            "text": text,
        },
        "subject": _reference(patient),
        "effectiveDateTime": effect.seen_at,
        "issued": effect.recorded_at,
        "valueCodeableConcept": severity,
    }
    if procedure is not None:
        resource["partOf"] = [_reference(procedure)]
    if effect.recorded_by:
        resource["performer"] = [{"display": effect.recorded_by}]
    return resource


def _readiness(check: ReadinessRecord, patient: str) -> dict[str, Any]:
    def component(code: str, value: dict[str, Any]) -> dict[str, Any]:
        return {
            "code": {"coding": [{"system": READINESS_SYSTEM, "code": code}], "text": code}
        } | value

    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": _category("survey", "Survey"),
        "code": {"text": READINESS_TEXT},
        "subject": _reference(patient),
        "effectiveDateTime": check.recorded_at,
        "valueInteger": check.score,
        "component": [
            *(component(name, {"valueInteger": points}) for name, points in check.points.items()),
            component("max_score", {"valueInteger": check.max_score}),
            component("passed", {"valueBoolean": check.passed}),
        ],
    }
    if check.recorded_by:
        resource["performer"] = [{"display": check.recorded_by}]
    if check.reasons:
        resource["note"] = [{"text": "Not passed: " + "; ".join(check.reasons)}]
    return resource


def _override_flag(
    record: IntakeRecord, discharge: DischargeRecord, patient: str
) -> dict[str, Any]:
    raised = next((f for f in record.flags if f.code == "discharge_override"), None)
    return {
        "resourceType": "Flag",
        "identifier": [{"system": INTAKE_SYSTEM, "value": f"{record.id}/discharge_override"}],
        "status": "active",
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/flag-category",
                        "code": "clinical",
                        "display": "Clinical",
                    }
                ]
            }
        ],
        "code": {
            "coding": [{"system": FLAG_SYSTEM, "code": "discharge_override"}],
            "text": _override_text(discharge),
        },
        "subject": _reference(patient),
        "period": {"start": raised.raised_at if raised is not None else discharge.discharged_at},
        "author": {"display": discharge.nurse_name or "?"},
    }


def _signature_type(code: str, display: str) -> dict[str, str]:
    return {"system": "urn:iso-astm:E1762-95:2013", "code": code, "display": display}
