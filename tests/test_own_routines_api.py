"""POST/GET/PUT/DELETE /api/routines: a person's own routines, their checks and their privacy."""

import pytest
import sqlalchemy as sa

from tests.conftest import AuthActions, session_payload
from webapp.extensions import db
from webapp.models import PracticeSession, Routine
from webapp.services.own_routines import HOLD_SECONDS


def routine_body(**overrides) -> dict:
    body = {
        "title": "My evening back",
        "summary": "After work.",
        "steps": [
            {"point": "BL40", "side": "both", "seconds": 60},
            {"point": "GV20", "side": "center", "seconds": 45},
        ],
    }
    return body | overrides


def post(auth: AuthActions, body):
    return auth.client.post("/api/routines", json=body, headers={"X-CSRFToken": auth.csrf()})


def put(auth: AuthActions, slug: str, body):
    return auth.client.put(f"/api/routines/{slug}", json=body, headers={"X-CSRFToken": auth.csrf()})


def delete(auth: AuthActions, slug: str):
    return auth.client.delete(f"/api/routines/{slug}", headers={"X-CSRFToken": auth.csrf()})


def test_a_new_routine_is_returned_in_the_shape_get_gives(signed_in):
    response = post(signed_in, routine_body())
    assert response.status_code == 201
    made = response.get_json()
    assert made["slug"].startswith("my-") and made["own"] is True
    assert made["title"] == "My evening back"
    assert [(s["point"], s["side"], s["seconds"]) for s in made["steps"]] == [
        ("BL40", "both", 60),
        ("GV20", "center", 45),
    ]
    assert made["total_seconds"] == 60 + 45 + 2 * made["get_ready_seconds"]
    assert response.headers["Location"].endswith(f"/api/routines/{made['slug']}")
    assert signed_in.client.get(f"/api/routines/{made['slug']}").get_json() == made


def test_what_get_gives_can_be_posted_back(signed_in):
    """The create body is the read shape: a copy of a catalog routine posts as it is."""
    catalog = signed_in.client.get("/api/routines/lower-back-basics").get_json()
    catalog["title"] = "My copy"
    for step in catalog["steps"]:
        step["seconds"] = min(max(step["seconds"], HOLD_SECONDS[0]), HOLD_SECONDS[1])
    response = post(signed_in, catalog)
    assert response.status_code == 201, response.get_json()
    assert [s["point"] for s in response.get_json()["steps"]] == [
        s["point"] for s in catalog["steps"]
    ]


def test_each_step_carries_the_points_pregnancy_caution(signed_in):
    made = post(signed_in, routine_body(steps=[{"point": "BL23", "side": "both", "seconds": 60}]))
    assert made.get_json()["avoid_in_pregnancy"] is True


def test_the_list_holds_the_catalog_and_ones_own_never_anothers(app, client, signed_in):
    mine = post(signed_in, routine_body(title="Ada's")).get_json()["slug"]
    other = AuthActions(app.test_client())
    other.register(email="bo@example.com")
    theirs = post(other, routine_body(title="Bo's")).get_json()["slug"]
    slugs = [item["slug"] for item in signed_in.client.get("/api/routines").get_json()]
    assert mine in slugs and theirs not in slugs
    assert "lower-back-basics" in slugs
    assert slugs.index("lower-back-basics") < slugs.index(mine)
    anonymous = [item["slug"] for item in app.test_client().get("/api/routines").get_json()]
    assert mine not in anonymous and theirs not in anonymous


def test_another_persons_routine_is_404_for_every_route(app, signed_in):
    other = AuthActions(app.test_client())
    other.register(email="bo@example.com")
    theirs = post(other, routine_body()).get_json()["slug"]
    assert signed_in.client.get(f"/api/routines/{theirs}").status_code == 404
    assert put(signed_in, theirs, routine_body(title="Mine now")).status_code == 404
    assert delete(signed_in, theirs).status_code == 404
    assert other.client.get(f"/api/routines/{theirs}").get_json()["title"] == "My evening back"
    assert signed_in.client.get(f"/routines/{theirs}").status_code == 404
    assert signed_in.client.get(f"/routines/{theirs}/session").status_code == 404


def test_a_session_of_another_persons_routine_is_refused(app, signed_in):
    other = AuthActions(app.test_client())
    other.register(email="bo@example.com")
    theirs = post(other, routine_body()).get_json()["slug"]
    response = signed_in.post_session(session_payload(routine=theirs))
    assert response.status_code == 400
    assert "routine" in response.get_json()["errors"]


def test_catalog_routines_cannot_be_changed_or_deleted(signed_in):
    assert put(signed_in, "lower-back-basics", routine_body()).status_code == 404
    assert delete(signed_in, "lower-back-basics").status_code == 404


def test_writing_needs_a_sign_in_and_csrf(app, client, signed_in):
    assert app.test_client().post("/api/routines", json=routine_body()).status_code in (400, 401)
    no_token = signed_in.client.post("/api/routines", json=routine_body())
    assert no_token.status_code == 400
    with app.app_context():
        assert (
            db.session.scalar(sa.select(sa.func.count()).where(Routine.owner_id.is_not(None))) == 0
        )


BAD = [
    ([], "body"),
    ({"steps": []}, "title"),
    (routine_body(title="  "), "title"),
    (routine_body(title="x" * 121), "title"),
    (routine_body(title=7), "title"),
    (routine_body(summary="x" * 501), "summary"),
    (routine_body(steps=[]), "steps"),
    (routine_body(steps="BL23"), "steps"),
    (routine_body(steps=[{"point": "BL40", "side": "both", "seconds": 60}] * 21), "steps"),
    (routine_body(steps=["BL40"]), "steps.0"),
    (routine_body(steps=[{"point": "XX99", "side": "both", "seconds": 60}]), "steps.0.point"),
    (routine_body(steps=[{"point": "SP10", "side": "both", "seconds": 60}]), "steps.0.point"),
    (routine_body(steps=[{"point": "GV20", "side": "left", "seconds": 60}]), "steps.0.side"),
    (routine_body(steps=[{"point": "BL40", "side": "center", "seconds": 60}]), "steps.0.side"),
    (routine_body(steps=[{"point": "BL40", "side": "both", "seconds": 29}]), "steps.0.seconds"),
    (routine_body(steps=[{"point": "BL40", "side": "both", "seconds": 181}]), "steps.0.seconds"),
    (routine_body(steps=[{"point": "BL40", "side": "both", "seconds": "60"}]), "steps.0.seconds"),
    (routine_body(steps=[{"point": "BL40", "side": "both", "seconds": True}]), "steps.0.seconds"),
    (routine_body(title="a\x00b"), "title"),
]


@pytest.mark.parametrize(("body", "field"), BAD)
def test_bad_input_is_400_with_field_errors(signed_in, body, field):
    response = post(signed_in, body)
    assert response.status_code == 400
    assert field in response.get_json()["errors"]
    made = post(signed_in, routine_body()).get_json()["slug"]
    edited = put(signed_in, made, body)
    assert edited.status_code == 400 and field in edited.get_json()["errors"]


def test_an_unused_routine_is_edited_in_place(signed_in):
    slug = post(signed_in, routine_body()).get_json()["slug"]
    body = routine_body(title="Shorter", steps=[{"point": "BL40", "side": "left", "seconds": 30}])
    edited = put(signed_in, slug, body)
    assert edited.status_code == 200
    assert edited.get_json()["slug"] == slug
    again = signed_in.client.get(f"/api/routines/{slug}").get_json()
    assert again["title"] == "Shorter"
    assert [(s["side"], s["seconds"]) for s in again["steps"]] == [("left", 30)]


def steps_of_session(app, session_id: str) -> list[tuple[str, str, int]]:
    with app.app_context():
        row = db.session.get(PracticeSession, __import__("uuid").UUID(session_id))
        return [(s.point.code, s.side, s.seconds) for s in row.routine.steps]


def test_an_edit_leaves_past_sessions_with_the_steps_they_were_done_with(app, signed_in):
    slug = post(signed_in, routine_body()).get_json()["slug"]
    done = signed_in.post_session(session_payload(routine=slug)).get_json()
    new_steps = [{"point": "GV20", "side": "center", "seconds": 90}]
    edited = put(signed_in, slug, routine_body(title="Renamed", steps=new_steps)).get_json()
    assert edited["slug"] == slug and edited["title"] == "Renamed"
    assert steps_of_session(app, done["id"]) == [("BL40", "both", 60), ("GV20", "center", 45)]
    listed = {s["id"]: s for s in signed_in.client.get("/api/sessions").get_json()}
    assert listed[done["id"]]["routine_title"] == "My evening back"
    later = signed_in.post_session(session_payload(routine=slug)).get_json()
    assert steps_of_session(app, later["id"]) == [("GV20", "center", 90)]
    mine = [r for r in signed_in.client.get("/api/routines").get_json() if r["own"]]
    assert [r["slug"] for r in mine] == [slug]


def test_a_deleted_routine_leaves_every_list_but_its_sessions_stay(app, signed_in):
    slug = post(signed_in, routine_body()).get_json()["slug"]
    done = signed_in.post_session(session_payload(routine=slug)).get_json()
    assert delete(signed_in, slug).status_code == 204
    assert signed_in.client.get(f"/api/routines/{slug}").status_code == 404
    assert delete(signed_in, slug).status_code == 404
    assert slug not in [r["slug"] for r in signed_in.client.get("/api/routines").get_json()]
    listed = {s["id"]: s for s in signed_in.client.get("/api/sessions").get_json()}
    assert listed[done["id"]]["routine_title"] == "My evening back"
    assert steps_of_session(app, done["id"]) == [("BL40", "both", 60), ("GV20", "center", 45)]
    # A session done offline before the delete and sent afterwards is still kept.
    late = signed_in.post_session(session_payload(routine=slug))
    assert late.status_code == 201


def test_deleting_the_account_deletes_its_routines(app, signed_in):
    post(signed_in, routine_body())
    with app.app_context():
        owner = db.session.scalar(sa.select(Routine.owner_id).where(Routine.owner_id.is_not(None)))
        db.session.execute(sa.text('DELETE FROM "user" WHERE id = :id'), {"id": owner})
        db.session.commit()
        assert (
            db.session.scalar(sa.select(sa.func.count()).where(Routine.owner_id.is_not(None))) == 0
        )


def test_own_routines_and_their_sessions_are_in_history_report_and_exports(app, signed_in):
    slug = post(signed_in, routine_body(title="Kitchen stretch")).get_json()["slug"]
    for _ in range(2):
        signed_in.post_session(session_payload(routine=slug))
    put(
        signed_in,
        slug,
        routine_body(
            title="Kitchen stretch", steps=[{"point": "GV20", "side": "center", "seconds": 30}]
        ),
    )
    client = signed_in.client
    assert "Kitchen stretch" in client.get("/history").get_data(as_text=True)
    assert "Kitchen stretch" in client.get("/report").get_data(as_text=True)
    assert "Kitchen stretch" in client.get("/export.csv").get_data(as_text=True)
    exported = client.get("/export.json").get_json()
    versions = exported["own_routines"]
    assert [v["slug"] for v in versions] == [f"{slug}-v1", slug]
    assert versions[0]["retired_at"] is not None and versions[1]["retired_at"] is None
    assert {s["routine"] for s in exported["sessions"]} == {f"{slug}-v1"}
