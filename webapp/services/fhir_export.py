"""The person's data as an HL7 FHIR R4 Bundle (type "collection"): a Patient with no identifying
details, each session as a Procedure, each pain rating as an Observation (LOINC 72514-3) and each
weekly PEG as an Observation of the LOINC PEG panel (91148-7) with its items and mean as
components. Ids come from the stored rows, so exporting twice gives the same Bundle."""

import uuid
from datetime import datetime

from webapp.doctor_models import PegAnswer
from webapp.models import PainCheck, User
from webapp.services import pain_checks, peg
from webapp.services.sessions import list_json_for

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
PAIN_SCORE = {
    "system": LOINC,
    "code": "72514-3",
    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
}
PEG_PANEL = {
    "system": LOINC,
    "code": "91148-7",
    "display": "Pain intensity, Enjoyment of life, General activity scale [PEG]",
}
PEG_ITEM_CODES = {"pain": "75893-8", "enjoyment": "91145-3", "activity": "91146-1"}
"""The PEG panel's three items in LOINC (as in LOINC's own PEG Questionnaire, 91148-7)."""
PEG_MEAN = {"system": LOINC, "code": "91147-9", "display": "Mean score [PEG]"}
SURVEY = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
            "code": "survey",
            "display": "Survey",
        }
    ]
}
PROCEDURE_STATUS = {
    "completed": "completed",
    "partial": "completed",
    "stopped_early": "stopped",
    "abandoned": "stopped",
    "safety_stop": "not-done",
}
"""Our outcomes as FHIR's Procedure status (event-status): a partial run was still done."""
_NAMESPACE = uuid.UUID("5b7f3f0e-8f57-4c1f-9b59-2f5b1c5e0a19")


def full_url(kind: str, resource_id: str) -> str:
    """A stable urn:uuid for one resource of the Bundle (references use it too)."""
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{kind}/{resource_id}')}"


def _entry(resource: dict) -> dict:
    return {"fullUrl": full_url(resource["resourceType"], resource["id"]), "resource": resource}


def _pain(resource_id, subject, moment, value, note, part_of=None) -> dict:
    observation = {
        "resourceType": "Observation",
        "id": resource_id,
        "status": "final",
        "category": [SURVEY],
        "code": {"coding": [PAIN_SCORE], "text": "Pain 0-10"},
        "subject": subject,
        "effectiveDateTime": moment,
        "valueInteger": value,
        "note": [{"text": note}],
    }
    if part_of:
        observation["partOf"] = [{"reference": part_of}]
    return observation


def _session_resources(row: dict, subject: dict) -> list[dict]:
    """A session as a Procedure, with its pain before (and after, if rated) as Observations."""
    procedure_url = full_url("Procedure", row["id"])
    stopped = row["outcome"] == "safety_stop"
    procedure = {
        "resourceType": "Procedure",
        "id": row["id"],
        "status": PROCEDURE_STATUS[row["outcome"]],
        "code": {"text": f"Acupressure self-care routine: {row['routine_title']}"},
        "subject": subject,
        "performedPeriod": {"start": row["started_at"], "end": row["ended_at"]},
    }
    if stopped:
        procedure["statusReason"] = {
            "text": "Stopped at the safety check-in, which advised care instead of acupressure"
        }
    if row["note"]:
        procedure["note"] = [{"text": row["note"]}]
    title = row["routine_title"]
    found = [
        procedure,
        _pain(
            f"{row['id']}-before",
            subject,
            row["started_at"],
            row["pain_before"],
            f"Before the routine {title}" if not stopped else f"At the check-in for {title}",
            procedure_url,
        ),
    ]
    if row["pain_after"] is not None:
        found.append(
            _pain(
                f"{row['id']}-after",
                subject,
                row["ended_at"],
                row["pain_after"],
                f"After the routine {title}",
                procedure_url,
            )
        )
    return found


def _check(check: PainCheck, subject: dict) -> dict:
    note = "Pain check on its own, no routine" + (f": {check.note}" if check.note else "")
    return _pain(str(check.id), subject, check.local(check.taken_at).isoformat(), check.pain, note)


def _peg(answer: PegAnswer, subject: dict) -> dict:
    components = [
        {"code": {"coding": [{"system": LOINC, "code": code}], "text": item}, "valueInteger": value}
        for item, code, value in (
            (item, PEG_ITEM_CODES[item], getattr(answer, item)) for item in PEG_ITEM_CODES
        )
    ]
    components.append(
        {
            "code": {"coding": [PEG_MEAN]},
            "valueQuantity": {
                "value": answer.score,
                "unit": "{score}",
                "system": UCUM,
                "code": "{score}",
            },
        }
    )
    return {
        "resourceType": "Observation",
        "id": str(answer.id),
        "status": "amended" if answer.updated_at else "final",
        "category": [SURVEY],
        "code": {"coding": [PEG_PANEL], "text": "PEG, past week"},
        "subject": subject,
        "effectiveDateTime": answer.local(answer.answered_at).isoformat(),
        "component": components,
    }


def bundle(session, user: User, owner_key: str) -> dict:
    """Everything the person logged as one FHIR Bundle, oldest first within each kind."""
    patient_id = f"backpoint-{owner_key}"
    subject = {"reference": full_url("Patient", patient_id)}
    resources: list[dict] = [{"resourceType": "Patient", "id": patient_id}]
    rows = list_json_for(session, user)
    for row in sorted(rows, key=lambda row: (datetime.fromisoformat(row["started_at"]), row["id"])):
        resources += _session_resources(row, subject)
    resources += [_check(check, subject) for check in pain_checks.list_for(session, user)]
    resources += [_peg(answer, subject) for answer in peg.list_for(session, user)]
    return {
        "resourceType": "Bundle",
        "id": patient_id,
        "type": "collection",
        "entry": [_entry(resource) for resource in resources],
    }
