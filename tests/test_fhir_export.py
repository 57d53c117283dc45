"""GET /export.fhir.json: a FHIR R4 Bundle whose every entry validates with fhir.resources, with
LOINC codes, values and times taken from the stored rows, and identical when exported twice."""

from datetime import UTC, datetime, timedelta

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.procedure import Procedure

from tests.test_history import log
from tests.test_peg import answer, post

RESOURCES = {"Observation": Observation, "Patient": Patient, "Procedure": Procedure}
# fhir.resources checks structure and types but not required code bindings: these are R4's.
STATUSES = {
    "Observation": {"registered", "preliminary", "final", "amended", "corrected", "cancelled"},
    "Procedure": {"preparation", "in-progress", "not-done", "on-hold", "stopped", "completed"},
}


@pytest.fixture
def exported(signed_in):
    log(signed_in, 2, 6, 3, note="Stiff morning")
    log(signed_in, 1, 9, None, outcome="safety_stop")
    check = signed_in.client.post(
        "/api/pain-checks",
        json={
            "id": "0b0f5a3c-3c57-4d7c-9d0e-9b1f4f1c2a11",
            "taken_at": (datetime.now(UTC) - timedelta(hours=3)).isoformat(),
            "pain": 4,
            "note": "",
        },
        headers={"X-CSRFToken": signed_in.csrf()},
    )
    assert check.status_code == 201
    assert post(signed_in, answer(pain=6, enjoyment=5, activity=8)).status_code == 201
    response = signed_in.client.get("/export.fhir.json")
    assert response.status_code == 200
    assert response.mimetype == "application/fhir+json"
    assert response.headers["Cache-Control"] == "no-store"
    return signed_in, response.get_json()


def by_id(bundle: dict) -> dict[str, dict]:
    return {entry["resource"]["id"]: entry["resource"] for entry in bundle["entry"]}


def test_the_bundle_and_every_entry_validate_as_their_resource_type(exported):
    _, bundle = exported
    Bundle.model_validate(bundle)
    assert bundle["type"] == "collection"
    kinds = [entry["resource"]["resourceType"] for entry in bundle["entry"]]
    assert kinds.count("Procedure") == 2 and kinds.count("Patient") == 1
    for entry in bundle["entry"]:
        resource = entry["resource"]
        RESOURCES[resource["resourceType"]].model_validate(resource)
        if resource["resourceType"] in STATUSES:
            assert resource["status"] in STATUSES[resource["resourceType"]]
        assert entry["fullUrl"].startswith("urn:uuid:")


def test_pain_ratings_carry_loinc_72514_3_with_the_stored_values_and_times(exported):
    auth, bundle = exported
    resources = by_id(bundle)
    stored = {row["outcome"]: row for row in auth.client.get("/api/sessions").get_json()}
    done = stored["completed"]
    before, after = resources[f"{done['id']}-before"], resources[f"{done['id']}-after"]
    for observation, value, moment in (
        (before, done["pain_before"], done["started_at"]),
        (after, done["pain_after"], done["ended_at"]),
    ):
        assert observation["code"]["coding"][0]["code"] == "72514-3"
        assert observation["code"]["coding"][0]["system"] == "http://loinc.org"
        assert observation["valueInteger"] == value
        assert datetime.fromisoformat(observation["effectiveDateTime"]) == datetime.fromisoformat(
            moment
        )
    assert "Before the routine Lower back basics" in before["note"][0]["text"]
    assert "After the routine" in after["note"][0]["text"]
    procedure_url = next(
        entry["fullUrl"] for entry in bundle["entry"] if entry["resource"]["id"] == done["id"]
    )
    assert before["partOf"] == [{"reference": procedure_url}]
    stop = stored["safety_stop"]
    assert resources[stop["id"]]["status"] == "not-done"
    assert f"{stop['id']}-after" not in resources
    assert resources[done["id"]]["performedPeriod"]["start"] == done["started_at"]
    (check,) = auth.client.get("/api/pain-checks").get_json()
    assert resources[check["id"]]["valueInteger"] == 4
    assert resources[check["id"]]["effectiveDateTime"] == check["taken_at"]


def test_the_peg_is_an_observation_of_the_loinc_panel_with_items_and_mean(exported):
    auth, bundle = exported
    (stored,) = auth.client.get("/api/peg").get_json()
    observation = by_id(bundle)[stored["id"]]
    assert observation["code"]["coding"][0]["code"] == "91148-7"
    assert observation["effectiveDateTime"] == stored["answered_at"]
    values = {
        component["code"]["coding"][0]["code"]: component.get("valueInteger")
        or component["valueQuantity"]["value"]
        for component in observation["component"]
    }
    assert values == {"75893-8": 6, "91145-3": 5, "91146-1": 8, "91147-9": stored["score"]}


def test_two_exports_are_identical(exported):
    auth, bundle = exported
    assert auth.client.get("/export.fhir.json").get_json() == bundle


def test_needs_login(client):
    assert client.get("/export.fhir.json").status_code == 302
