"""The weekly PEG through the JSON API: stored once, owner rule, validation, when it is due."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from webapp.security import OWNER_HEADER
from webapp.services import peg


def answer(**overrides) -> dict:
    body = {
        "id": str(uuid.uuid4()),
        "answered_at": (datetime.now(UTC) - timedelta(minutes=5)).isoformat(),
        "pain": 6,
        "enjoyment": 5,
        "activity": 7,
    }
    return body | overrides


def post(auth, body, **headers):
    return auth.client.post("/api/peg", json=body, headers={"X-CSRFToken": auth.csrf(), **headers})


def test_an_answer_is_stored_once_with_its_mean_as_the_score(signed_in):
    body = answer(pain=6, enjoyment=5, activity=8)
    first = post(signed_in, body)
    assert first.status_code == 201
    assert post(signed_in, body).status_code == 200
    (stored,) = signed_in.client.get("/api/peg").get_json()
    assert stored["id"] == body["id"]
    assert (stored["pain"], stored["enjoyment"], stored["activity"]) == (6, 5, 8)
    assert stored["score"] == 6.3


def test_the_same_id_with_other_answers_is_a_conflict(signed_in):
    body = answer()
    assert post(signed_in, body).status_code == 201
    assert post(signed_in, body | {"pain": 1}).status_code == 409
    assert signed_in.client.get("/api/peg").get_json()[0]["pain"] == body["pain"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("pain", 11),
        ("enjoyment", -1),
        ("activity", "5"),
        ("activity", True),
        ("id", "x"),
        ("answered_at", "2026-05-01T08:30:00"),
        ("answered_at", "1999-01-01T00:00:00+00:00"),
    ],
)
def test_bad_answers_are_refused_by_field(signed_in, field, value):
    response = post(signed_in, answer(**{field: value}))
    assert response.status_code == 400
    assert field in response.get_json()["errors"]
    assert signed_in.client.get("/api/peg").get_json() == []


def test_an_entry_saved_by_another_owner_is_refused(signed_in):
    response = post(signed_in, answer(), **{OWNER_HEADER: "someone-else"})
    assert response.status_code == 403
    assert "owner" in response.get_json()["errors"]
    assert signed_in.client.get("/api/peg").get_json() == []


def test_answers_are_the_persons_own(signed_in, auth):
    assert post(signed_in, answer()).status_code == 201
    auth.logout()
    auth.register(email="bea@example.com")
    assert auth.client.get("/api/peg").get_json() == []


def test_needs_login(client):
    assert client.get("/api/peg").status_code == 401


def test_due_once_a_week_and_a_missed_week_is_just_due_again():
    now = datetime(2026, 11, 30, 12, tzinfo=UTC)

    def given(days_ago):
        return peg.PegAnswer(
            answered_at=now - timedelta(days=days_ago), pain=1, enjoyment=1, activity=1
        )

    assert peg.is_due([], now)
    assert not peg.is_due([given(6)], now)
    assert peg.is_due([given(7)], now)
    assert peg.is_due([given(30)], now)


def test_answers_are_in_the_json_and_csv_exports(signed_in):
    import csv
    import io

    body = answer(pain=4, enjoyment=3, activity=5)
    assert post(signed_in, body).status_code == 201
    exported = signed_in.client.get("/export.json").get_json()["peg_answers"]
    assert [(a["id"], a["pain"], a["enjoyment"], a["activity"], a["score"]) for a in exported] == [
        (body["id"], 4, 3, 5, 4.0)
    ]
    rows = list(
        csv.DictReader(io.StringIO(signed_in.client.get("/export.csv").get_data(as_text=True)))
    )
    (row,) = [row for row in rows if row["kind"] == "peg"]
    assert (row["id"], row["peg_pain"], row["peg_enjoyment"], row["peg_activity"]) == (
        body["id"],
        "4",
        "3",
        "5",
    )
    assert row["peg_score"] == "4.0"


def patch(auth, answer_id, body, **headers):
    return auth.client.patch(
        f"/api/peg/{answer_id}", json=body, headers={"X-CSRFToken": auth.csrf(), **headers}
    )


def test_a_correction_is_applied_and_an_older_replay_changes_nothing(signed_in):
    body = answer(pain=6, enjoyment=5, activity=8)
    post(signed_in, body)
    newer = datetime.now(UTC).isoformat()
    older = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    fixed = patch(signed_in, body["id"], {"activity": 2, "edited_at": newer})
    assert fixed.status_code == 200 and fixed.get_json()["score"] == 4.3
    assert patch(signed_in, body["id"], {"activity": 9, "edited_at": older}).status_code == 200
    (stored,) = signed_in.client.get("/api/peg").get_json()
    assert stored["activity"] == 2 and stored["updated_at"] is not None


@pytest.mark.parametrize("body", [{"pain": 11}, {}, {"pain": 3, "edited_at": "soon"}, []])
def test_a_bad_correction_is_refused(signed_in, body):
    original = answer()
    post(signed_in, original)
    response = patch(signed_in, original["id"], body)
    assert response.status_code == 400 and response.get_json()["errors"]
    assert signed_in.client.get("/api/peg").get_json()[0]["pain"] == original["pain"]


def test_a_correction_of_another_owner_or_of_someone_elses_answer_is_refused(signed_in, auth):
    original = answer()
    post(signed_in, original)
    refused = patch(signed_in, original["id"], {"pain": 1}, **{OWNER_HEADER: "someone-else"})
    assert refused.status_code == 403
    auth.logout()
    auth.register(email="bea@example.com")
    assert patch(auth, original["id"], {"pain": 1}).status_code == 404
