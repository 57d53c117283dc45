"""The safety data the server keeps: check-out screening on sessions, doctor checks per person,
and the pages that list the signs, all rendered from webapp/safety.py."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests.conftest import AuthActions
from webapp import safety
from webapp.extensions import db
from webapp.models import DoctorCheck, User, utcnow
from webapp.services import doctor_checks


def post_check(auth, flag):
    return auth.client.post(
        "/api/doctor-checks", json={"flag": flag}, headers={"X-CSRFToken": auth.csrf()}
    )


def test_a_session_with_check_out_screening_stores_the_advice_the_rules_give(signed_in):
    response = signed_in.post_session(pain_before=5, pain_after=9, checkout_screening={"signs": []})
    assert response.status_code == 201
    assert response.get_json()["checkout_screening"] == {
        "signs": [],
        "advice": "doctor",
        "reasons": ["pain_after_high", "pain_rise"],
    }


def test_a_new_emergency_sign_at_check_out_is_stored_as_emergency_advice(signed_in):
    body = signed_in.post_session(
        pain_before=4, pain_after=3, checkout_screening={"signs": ["chest_pain", "leg_weakness"]}
    ).get_json()
    assert body["checkout_screening"]["advice"] == "emergency"
    assert body["checkout_screening"]["signs"] == ["leg_weakness", "chest_pain"]
    listed = signed_in.client.get("/api/sessions").get_json()[0]
    assert listed["checkout_screening"] == body["checkout_screening"]


def test_a_session_from_an_older_app_without_screening_is_still_accepted(signed_in):
    response = signed_in.post_session()
    assert response.status_code == 201
    assert response.get_json()["checkout_screening"] is None


def test_a_replayed_session_with_screening_is_the_same_session(signed_in):
    from tests.shared import session_payload

    payload = session_payload(checkout_screening={"signs": ["bladder_bowel"]})
    assert signed_in.post_session(payload).status_code == 201
    assert signed_in.post_session(payload).status_code == 200
    changed = {**payload, "checkout_screening": {"signs": []}}
    assert signed_in.post_session(changed).status_code == 409


@pytest.mark.parametrize(
    "screening",
    [
        {"signs": ["fever_unwell"]},
        {"signs": ["major_accident"]},
        {"signs": "leg_weakness"},
        {"signs": [1]},
        {"signs": [["leg_weakness"]]},
        {},
        "none",
        [],
        {"signs": ["leg_weakness"] * 20},
    ],
)
def test_bad_screening_answers_400_naming_the_field(signed_in, screening):
    response = signed_in.post_session(checkout_screening=screening)
    assert response.status_code == 400
    assert "checkout_screening" in response.get_json()["errors"]


def test_a_safety_stop_has_no_check_out_screening(signed_in):
    response = signed_in.post_session(
        outcome="safety_stop", pain_after=None, checkout_screening={"signs": []}
    )
    assert response.status_code == 400
    assert "checkout_screening" in response.get_json()["errors"]


def test_a_doctor_check_is_recorded_for_a_long_term_sign(app, signed_in):
    response = post_check(signed_in, "cancer_history")
    assert response.status_code == 201
    body = response.get_json()
    assert body["flag"] == "cancer_history"
    with app.app_context():
        user = db.session.scalar(sa.select(User))
        checks = doctor_checks.current(db.session, user, utcnow())
    assert set(checks) == {"cancer_history"}
    lasts = checks["cancer_history"] - utcnow()
    assert (
        timedelta(days=safety.CLEARANCE_DAYS - 1) < lasts <= timedelta(days=safety.CLEARANCE_DAYS)
    )


@pytest.mark.parametrize(
    "flag", ["leg_weakness", "chest_pain", "fever_unwell", "pregnant", "", None, ["cancer_history"]]
)
def test_only_long_term_signs_can_be_checked_off(signed_in, flag):
    response = post_check(signed_in, flag)
    assert response.status_code == 400
    assert "flag" in response.get_json()["errors"]


def test_a_doctor_check_needs_a_login_and_a_csrf_token(client, signed_in):
    no_token = client.post("/api/doctor-checks", json={"flag": "cancer_history"})
    assert no_token.status_code == 400
    signed_in.logout()
    assert post_check(signed_in, "cancer_history").status_code == 401


def test_a_doctor_check_lapses_after_its_time(app, signed_in):
    with app.app_context():
        user = db.session.scalar(sa.select(User))
        long_ago = utcnow() - timedelta(days=safety.CLEARANCE_DAYS, minutes=1)
        db.session.add(
            DoctorCheck(user_id=user.id, flag="constant_night_pain", recorded_at=long_ago)
        )
        db.session.commit()
        assert doctor_checks.current(db.session, user, utcnow()) == {}


def test_doctor_checks_belong_to_one_person(app, client):
    ada = AuthActions(client)
    ada.register("ada@example.com")
    assert post_check(ada, "cancer_history").status_code == 201
    ada.logout()
    ben = AuthActions(client)
    ben.register("ben@example.com")
    with app.app_context():
        ben_user = db.session.scalar(sa.select(User).where(User.email == "ben@example.com"))
        assert doctor_checks.current(db.session, ben_user, utcnow()) == {}


def test_a_new_sign_added_to_the_list_appears_everywhere_without_other_edits(
    app, client, signed_in, monkeypatch
):
    new = safety.RedFlag(
        "test_new_sign", "emergency", "A brand new sign the reference just added", "a new sign"
    )
    monkeypatch.setattr(safety, "RED_FLAGS", (*safety.RED_FLAGS, new))
    client.post("/welcome", data={"csrf_token": signed_in.csrf()})
    pages = {
        "check-in": client.get("/routines/lower-back-basics/session"),
        "about": client.get("/about"),
        "home": client.get("/"),
        "written routine": client.get("/routines/lower-back-basics"),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        text = response.get_data(as_text=True)
        assert new.sign in text or new.note in text, f"the new sign is missing on the {name} page"
    checkin = pages["check-in"].get_data(as_text=True)
    assert 'value="test_new_sign"' in checkin
    assert '"key": "test_new_sign"' in checkin


@pytest.mark.parametrize("path", ["/routines/lower-back-basics", "/about"])
def test_written_pages_list_every_sign_in_full(client, path):
    text = client.get(path).get_data(as_text=True)
    for flag in safety.RED_FLAGS:
        assert flag.sign.replace("'", "&#39;") in text or flag.sign.lower() in text, flag.key


def test_the_written_routine_shows_the_signs_before_the_steps(client):
    text = client.get("/routines/lower-back-basics").get_data(as_text=True)
    signs = text.index(safety.RED_FLAGS[0].sign)
    assert signs < text.index("<h2>Steps</h2>")
    assert text.index("Call an emergency number now") < text.index('class="steps"')
