"""What a session held, corrections by PATCH, pain checks, and text no database can store."""

import re
import uuid

import pytest
import sqlalchemy as sa

from tests.conftest import ROOT, AuthActions, session_payload
from webapp.extensions import db
from webapp.models import PainCheck, PracticeSession
from webapp.outcomes import OUTCOMES

HELD = {"held_seconds": 150, "steps_completed": 2, "steps_skipped": 1, "steps_not_reached": 1}


def test_held_time_and_step_counts_are_stored_and_listed(signed_in):
    body = signed_in.post_session(session_payload(outcome="stopped_early", **HELD)).get_json()
    for field, value in HELD.items():
        assert body[field] == value
    assert signed_in.client.get("/api/sessions").get_json()[0]["held_seconds"] == 150


def test_a_payload_of_the_older_app_without_held_fields_is_still_accepted(signed_in):
    response = signed_in.post_session(session_payload())
    assert response.status_code == 201
    body = response.get_json()
    assert [body[field] for field in HELD] == [None] * 4
    assert body["manual"] is False and body["updated_at"] is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"outcome": "completed"}, "outcome"),
        ({"outcome": "partial", "steps_not_reached": 1}, "outcome"),
        ({"outcome": "partial", "steps_skipped": 0, "steps_not_reached": 0}, "outcome"),
        ({"outcome": "safety_stop"}, "outcome"),
        ({"held_seconds": 3600}, "held_seconds"),
        ({"held_seconds": -1}, "held_seconds"),
        ({"steps_skipped": "1"}, "steps_skipped"),
        ({"steps_not_reached": None}, "steps_not_reached"),
        ({"steps_completed": True}, "steps_completed"),
        ({"manual": "yes"}, "manual"),
        ({"manual": True}, "held_seconds"),
    ],
)
def test_held_fields_that_do_not_add_up_answer_400(signed_in, change, field):
    payload = session_payload(**{"outcome": "stopped_early", **HELD, **change})
    response = signed_in.post_session(payload)
    assert response.status_code == 400
    assert field in response.get_json()["errors"]


def test_all_skipped_run_may_not_be_called_completed(signed_in):
    skipped = {"held_seconds": 0, "steps_completed": 0, "steps_skipped": 4, "steps_not_reached": 0}
    assert (
        signed_in.post_session(session_payload(outcome="completed", **skipped)).status_code == 400
    )
    assert signed_in.post_session(session_payload(outcome="partial", **skipped)).status_code == 201


@pytest.mark.parametrize("text", ["\ud800", "a\udfffb", "\x00", "ok\x00"])
@pytest.mark.parametrize("field", ["note", "routine"])
def test_text_no_database_can_store_answers_400_naming_the_field(app, signed_in, field, text):
    response = signed_in.post_session(session_payload(**{field: text}))
    assert response.status_code == 400
    assert field in response.get_json()["errors"]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PracticeSession)) == 0


@pytest.mark.parametrize(
    "path",
    ["/points/%00", "/routines/%00", "/api/points/%00", "/api/routines/%00", "/points/%ED%A0%80"],
)
def test_a_path_that_cannot_name_a_row_is_404(client, path):
    assert client.get(path).status_code == 404


def patch(auth, session_id, body):
    return auth.client.patch(
        f"/api/sessions/{session_id}", json=body, headers={"X-CSRFToken": auth.csrf()}
    )


def test_pain_and_note_can_be_corrected_and_the_change_time_is_kept(signed_in):
    session_id = signed_in.post_session(session_payload(pain_before=6, pain_after=3)).get_json()[
        "id"
    ]
    response = patch(signed_in, session_id, {"pain_before": 7, "note": "Typo fixed."})
    assert response.status_code == 200
    body = response.get_json()
    assert (body["pain_before"], body["pain_after"], body["note"]) == (7, 3, "Typo fixed.")
    assert body["updated_at"]
    assert signed_in.client.get("/api/sessions").get_json()[0]["pain_before"] == 7


def test_an_older_correction_replayed_later_changes_nothing(signed_in):
    session_id = signed_in.post_session().get_json()["id"]
    newer = {"pain_after": 2, "edited_at": "2026-11-30T10:00:00+00:00"}
    older = {"pain_after": 5, "edited_at": "2026-11-30T09:00:00+00:00"}
    assert patch(signed_in, session_id, newer).get_json()["pain_after"] == 2
    assert patch(signed_in, session_id, older).get_json()["pain_after"] == 2
    assert patch(signed_in, session_id, newer).status_code == 200


def test_the_original_post_replayed_after_a_correction_is_not_a_conflict(signed_in):
    payload = session_payload()
    signed_in.post_session(payload)
    patch(signed_in, payload["id"], {"pain_after": 1})
    again = signed_in.post_session(payload)
    assert again.status_code == 200
    assert again.get_json()["pain_after"] == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"pain_before": 11}, "pain_before"),
        ({"pain_before": None}, "pain_before"),
        ({"pain_after": "3"}, "pain_after"),
        ({"note": "\ud800"}, "note"),
        ({"note": "x" * 2001}, "note"),
        ({"note": "ok", "edited_at": "soon"}, "edited_at"),
        ({}, "body"),
        ([1], "body"),
    ],
)
def test_a_bad_correction_answers_400_naming_the_field(signed_in, body, field):
    session_id = signed_in.post_session().get_json()["id"]
    response = patch(signed_in, session_id, body)
    assert response.status_code == 400
    assert field in response.get_json()["errors"]


def test_another_person_cannot_correct_a_session(app, signed_in):
    session_id = signed_in.post_session().get_json()["id"]
    bea = AuthActions(app.test_client())
    bea.register(email="bea@example.com")
    assert patch(bea, session_id, {"pain_after": 0}).status_code == 404
    assert patch(bea, "%00", {"pain_after": 0}).status_code == 404
    assert signed_in.client.get("/api/sessions").get_json()[0]["pain_after"] == 3


def pain_check(**overrides):
    return {
        "id": str(uuid.uuid4()),
        "taken_at": "2026-11-30T08:15:00+01:00",
        "pain": 4,
        **overrides,
    }


def post_check(auth, body):
    return auth.client.post("/api/pain-checks", json=body, headers={"X-CSRFToken": auth.csrf()})


def test_a_pain_check_is_stored_once_and_listed_in_its_own_offset(app, signed_in):
    body = pain_check(note="Stiff after the drive.")
    first, again = post_check(signed_in, body), post_check(signed_in, body)
    assert (first.status_code, again.status_code) == (201, 200)
    listed = signed_in.client.get("/api/pain-checks").get_json()
    assert [(c["taken_at"], c["pain"], c["note"]) for c in listed] == [
        ("2026-11-30T08:15:00+01:00", 4, "Stiff after the drive.")
    ]
    assert post_check(signed_in, {**body, "pain": 5}).status_code == 409
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PainCheck)) == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"pain": 11}, "pain"),
        ({"pain": None}, "pain"),
        ({"taken_at": "2026-11-30T08:15:00"}, "taken_at"),
        ({"taken_at": "2999-01-01T00:00:00+00:00"}, "taken_at"),
        ({"id": "x"}, "id"),
        ({"note": "\ud800"}, "note"),
        ({"note": "a\x00"}, "note"),
    ],
)
def test_a_bad_pain_check_answers_400_naming_the_field(signed_in, change, field):
    response = post_check(signed_in, pain_check(**change))
    assert response.status_code == 400
    assert field in response.get_json()["errors"]


def test_pain_checks_are_private_and_need_a_login(app, signed_in):
    body = pain_check()
    post_check(signed_in, body)
    bea = AuthActions(app.test_client())
    assert bea.client.get("/api/pain-checks").status_code == 401
    bea.register(email="bea@example.com")
    assert bea.client.get("/api/pain-checks").get_json() == []
    token = {"X-CSRFToken": bea.csrf()}
    assert bea.client.delete(f"/api/pain-checks/{body['id']}", headers=token).status_code == 404
    assert post_check(bea, body).status_code == 409
    token = {"X-CSRFToken": signed_in.csrf()}
    assert (
        signed_in.client.delete(f"/api/pain-checks/{body['id']}", headers=token).status_code == 204
    )


def test_every_outcome_the_player_can_give_is_one_the_server_knows():
    source = (ROOT / "webapp/static/js/held.js").read_text()
    body = source[source.index("export function outcomeOf") :]
    body = body[: body.index("\n}\n")]
    given = set(re.findall(r"'([a-z_]+)'", body)) - {"end", "stop"}
    assert given == {"completed", "partial", "stopped_early", "abandoned"}
    assert given <= set(OUTCOMES)
