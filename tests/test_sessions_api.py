"""POST/GET/DELETE /api/sessions: validation, replays, races, and privacy between people."""

import threading

import pytest
import sqlalchemy as sa

from tests.conftest import AuthActions, session_payload
from webapp.extensions import db
from webapp.models import PracticeSession


def stored_count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(PracticeSession))


def test_a_new_session_is_stored_and_returned(signed_in):
    payload = session_payload(note="Helped a little.")
    response = signed_in.post_session(payload)
    assert response.status_code == 201
    body = response.get_json()
    for field in ("id", "routine", "pain_before", "pain_after", "outcome", "note"):
        assert body[field] == payload[field]
    assert body["routine_title"] == "Lower back basics"


def test_times_keep_the_persons_own_offset(signed_in):
    payload = session_payload(
        started_at="2026-03-01T08:00:00+05:30", ended_at="2026-03-01T08:07:30+05:30"
    )
    body = signed_in.post_session(payload).get_json()
    assert body["started_at"] == "2026-03-01T08:00:00+05:30"
    assert body["ended_at"] == "2026-03-01T08:07:30+05:30"


def test_replayed_session_is_stored_once(app, signed_in):
    payload = session_payload()
    first = signed_in.post_session(payload)
    again = signed_in.post_session(payload)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json() == first.get_json()
    assert stored_count(app) == 1


def test_replay_with_the_same_instant_in_another_offset_is_the_same_session(signed_in):
    payload = session_payload(
        started_at="2026-03-01T08:00:00+01:00", ended_at="2026-03-01T08:07:00+01:00"
    )
    assert signed_in.post_session(payload).status_code == 201
    moved = {
        **payload,
        "started_at": "2026-03-01T07:00:00+00:00",
        "ended_at": "2026-03-01T07:07:00Z",
    }
    assert signed_in.post_session(moved).status_code == 200


def test_same_id_with_other_content_is_a_conflict(app, signed_in):
    payload = session_payload()
    signed_in.post_session(payload)
    response = signed_in.post_session({**payload, "pain_after": 1})
    assert response.status_code == 409
    assert "id" in response.get_json()["errors"]
    assert stored_count(app) == 1


def test_racing_identical_posts_store_one_row(app):
    payload = session_payload()
    people = []
    for _ in range(6):
        actions = AuthActions(app.test_client())
        actions.login() if people else actions.register()
        people.append((actions, actions.csrf()))
    barrier = threading.Barrier(len(people))
    statuses = []

    def post(actions, token):
        barrier.wait()
        response = actions.client.post(
            "/api/sessions", json=payload, headers={"X-CSRFToken": token}
        )
        statuses.append(response.status_code)

    threads = [threading.Thread(target=post, args=person) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(statuses) == [200] * 5 + [201]
    assert stored_count(app) == 1


INVALID = [
    ({"id": None}, "id"),
    ({"id": "not-a-uuid"}, "id"),
    ({"id": 12345}, "id"),
    ({"id": "0" * 36}, "id"),
    ({"routine": None}, "routine"),
    ({"routine": "no-such-routine"}, "routine"),
    ({"routine": 7}, "routine"),
    ({"started_at": None}, "started_at"),
    ({"started_at": "yesterday"}, "started_at"),
    ({"started_at": "2026-03-01T08:00:00"}, "started_at"),
    ({"started_at": "2999-01-01T00:00:00+00:00"}, "started_at"),
    ({"ended_at": "2999-01-01T00:00:00+00:00"}, "ended_at"),
    ({"started_at": "1970-01-01T00:00:00+00:00"}, "started_at"),
    (
        {"started_at": "2026-03-01T09:00:00+00:00", "ended_at": "2026-03-01T08:00:00+00:00"},
        "ended_at",
    ),
    ({"pain_before": 11}, "pain_before"),
    ({"pain_before": -1}, "pain_before"),
    ({"pain_before": "5"}, "pain_before"),
    ({"pain_before": 5.5}, "pain_before"),
    ({"pain_before": True}, "pain_before"),
    ({"pain_before": None}, "pain_before"),
    ({"pain_after": 11}, "pain_after"),
    ({"pain_after": "low"}, "pain_after"),
    ({"outcome": "done"}, "outcome"),
    ({"outcome": None}, "outcome"),
    ({"note": "x" * 2001}, "note"),
    ({"note": 5}, "note"),
]


@pytest.mark.parametrize(("change", "field"), INVALID)
def test_invalid_payload_answers_400_naming_the_field(app, signed_in, change, field):
    response = signed_in.post_session(session_payload(**change))
    assert response.status_code == 400
    errors = response.get_json()["errors"]
    assert field in errors and errors[field]
    assert stored_count(app) == 0


@pytest.mark.parametrize(
    "field", ["id", "routine", "started_at", "ended_at", "pain_before", "pain_after", "outcome"]
)
def test_missing_field_answers_400(signed_in, field):
    payload = session_payload()
    del payload[field]
    response = signed_in.post_session(payload)
    assert response.status_code == 400
    assert field in response.get_json()["errors"]


def test_note_is_optional_and_may_be_2000_characters(signed_in):
    payload = session_payload()
    del payload["note"]
    assert signed_in.post_session(payload).get_json()["note"] == ""
    assert signed_in.post_session(session_payload(note="n" * 2000)).status_code == 201


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("not json", "text/plain"),
        ("{broken", "application/json"),
        ("[1, 2]", "application/json"),
        ('"text"', "application/json"),
        ("", "application/json"),
    ],
)
def test_a_body_that_is_not_a_json_object_answers_400(signed_in, body, content_type):
    response = signed_in.client.post(
        "/api/sessions",
        data=body,
        content_type=content_type,
        headers={"X-CSRFToken": signed_in.csrf()},
    )
    assert response.status_code == 400
    assert "body" in response.get_json()["errors"]


def test_an_oversized_body_answers_413_json(signed_in):
    response = signed_in.post_session(session_payload(note="x" * 300_000))
    assert response.status_code == 413
    assert response.is_json


def test_post_without_csrf_token_is_rejected_with_a_clear_message(app, signed_in):
    response = signed_in.client.post("/api/sessions", json=session_payload())
    assert response.status_code == 400
    assert "csrf" in response.get_json()["errors"]
    assert stored_count(app) == 0


def test_api_without_login_answers_401(auth):
    assert auth.client.get("/api/sessions").status_code == 401
    response = auth.post_session()
    assert response.status_code == 401
    assert response.is_json


def test_list_is_newest_first_and_filters_by_since(signed_in):
    for day in (1, 3, 2):
        signed_in.post_session(
            started_at=f"2026-03-0{day}T08:00:00+00:00", ended_at=f"2026-03-0{day}T08:05:00+00:00"
        )
    listed = signed_in.client.get("/api/sessions").get_json()
    assert [row["started_at"][:10] for row in listed] == ["2026-03-03", "2026-03-02", "2026-03-01"]
    recent = signed_in.client.get("/api/sessions?since=2026-03-02T00:00:00Z").get_json()
    assert [row["started_at"][:10] for row in recent] == ["2026-03-03", "2026-03-02"]


def test_list_shows_each_session_as_it_was_answered_when_stored(signed_in):
    answers = [
        signed_in.post_session(
            started_at=f"2026-03-0{day}T08:00:00{offset}",
            ended_at=f"2026-03-0{day}T08:05:00{offset}",
            routine=routine,
            pain_after=None if day == 2 else 3,
            note="Tight today." if day == 3 else "",
        ).get_json()
        for day, offset, routine in [
            (1, "+00:00", "lower-back-basics"),
            (2, "+05:30", "daily-five-points"),
            (3, "-08:00", "lower-back-basics"),
        ]
    ]
    listed = signed_in.client.get("/api/sessions").get_json()
    assert listed == answers[::-1]


def test_list_rejects_a_bad_since(signed_in):
    response = signed_in.client.get("/api/sessions?since=last-week")
    assert response.status_code == 400
    assert "since" in response.get_json()["errors"]


def test_delete_removes_own_session(app, signed_in):
    session_id = signed_in.post_session().get_json()["id"]
    token = signed_in.csrf()
    response = signed_in.client.delete(
        f"/api/sessions/{session_id}", headers={"X-CSRFToken": token}
    )
    assert response.status_code == 204
    again = signed_in.client.delete(f"/api/sessions/{session_id}", headers={"X-CSRFToken": token})
    assert again.status_code == 404
    assert stored_count(app) == 0


def test_another_person_cannot_read_or_delete_a_session(app, signed_in):
    session_id = signed_in.post_session().get_json()["id"]
    bea = AuthActions(app.test_client())
    bea.register(email="bea@example.com")
    assert bea.client.get("/api/sessions").get_json() == []
    response = bea.client.delete(f"/api/sessions/{session_id}", headers={"X-CSRFToken": bea.csrf()})
    assert response.status_code == 404
    assert stored_count(app) == 1
    assert bea.post_session(session_payload(id=session_id)).status_code == 409


@pytest.mark.parametrize("session_id", ["nope", "1234", "%00"])
def test_delete_of_a_malformed_id_is_404(signed_in, session_id):
    response = signed_in.client.delete(
        f"/api/sessions/{session_id}", headers={"X-CSRFToken": signed_in.csrf()}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("since", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"])
def test_since_at_the_edge_of_time_is_a_400_not_a_500(signed_in, since):
    response = signed_in.client.get("/api/sessions", query_string={"since": since})
    assert response.status_code == 400


def test_deeply_nested_json_is_a_400(signed_in):
    response = signed_in.client.post(
        "/api/sessions",
        data="[" * 50_000,
        content_type="application/json",
        headers={"X-CSRFToken": signed_in.csrf()},
    )
    assert response.status_code == 400


@pytest.mark.parametrize("field", ["note", "routine"])
def test_nul_characters_are_refused(signed_in, field):
    response = signed_in.post_session(session_payload(**{field: "a\x00b"}))
    assert response.status_code == 400
    assert field in response.get_json()["errors"]


def test_health_data_is_never_cached(signed_in):
    assert signed_in.client.get("/api/sessions").headers["Cache-Control"] == "no-store"
    assert signed_in.client.get("/export.csv").headers["Cache-Control"] == "no-store"
