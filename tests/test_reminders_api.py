"""Reminder settings: GET/PUT /api/reminders and the settings page, with field errors."""

import pytest

from webapp.extensions import db
from webapp.models import ReminderSetting

VALID = {
    "enabled": True,
    "time": "07:45",
    "time_zone": "Europe/Berlin",
    "days": ["mon", "wed", "fri"],
    "skip_if_done": True,
}


def put(auth, body):
    return auth.client.put("/api/reminders", json=body, headers={"X-CSRFToken": auth.csrf()})


def test_new_person_has_reminders_off(signed_in):
    body = signed_in.client.get("/api/reminders").get_json()
    assert body["enabled"] is False
    assert body["next_due_at"] is None


def test_put_stores_settings_and_schedules_the_next_reminder(signed_in, app):
    response = put(signed_in, VALID)
    assert response.status_code == 200, response.get_json()
    body = signed_in.client.get("/api/reminders").get_json()
    assert {k: body[k] for k in VALID} == VALID
    assert body["next_due_at"] is not None
    with app.app_context():
        row = db.session.get(ReminderSetting, 1)
        local = row.next_due_at.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Berlin"))
        assert (local.hour, local.minute) == (7, 45)
        assert local.strftime("%a").lower() in VALID["days"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"time": "24:00"}, "time"),
        ({"time": "7:45"}, "time"),
        ({"time": 745}, "time"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"time_zone": "CET\x00"}, "time_zone"),
        ({"days": ["monday"]}, "days"),
        ({"days": "mon"}, "days"),
        ({"days": []}, "days"),
        ({"enabled": "yes"}, "enabled"),
        ({"skip_if_done": None}, "skip_if_done"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_put_answers_field_errors(signed_in, change, field):
    response = put(signed_in, VALID | change)
    assert response.status_code == 400
    assert field in response.get_json()["errors"]


def test_put_rejects_a_body_that_is_not_an_object(signed_in):
    response = put(signed_in, ["mon"])
    assert response.status_code == 400
    assert "body" in response.get_json()["errors"]


def test_no_days_is_fine_when_reminders_are_off(signed_in):
    assert put(signed_in, VALID | {"enabled": False, "days": []}).status_code == 200


def test_put_needs_the_csrf_token(signed_in):
    response = signed_in.client.put("/api/reminders", json=VALID)
    assert response.status_code == 400
    assert "csrf" in response.get_json()["errors"]


def test_strangers_get_401(client):
    assert client.get("/api/reminders").status_code == 401


def test_settings_page_saves_and_rerenders_errors_keeping_entries(signed_in):
    client = signed_in.client
    page = client.get("/reminders")
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    form = {
        "csrf_token": signed_in.csrf(),
        "enabled": "y",
        "time": "25:99",
        "time_zone": "America/New_York",
        "days": ["tue", "sat"],
    }
    bad = client.post("/reminders", data=form)
    assert bad.status_code == 400
    html = bad.get_data(as_text=True)
    assert "Give a time of day as HH:MM" in html
    assert 'value="25:99"' in html
    assert '<option selected value="America/New_York">' in html
    assert 'value="tue" id="days-tue" checked' in html
    assert 'value="mon" id="days-mon" checked' not in html
    good = client.post("/reminders", data=form | {"time": "21:05"})
    assert good.status_code == 302
    body = client.get("/api/reminders").get_json()
    assert body["time"] == "21:05" and body["days"] == ["tue", "sat"]
    assert body["skip_if_done"] is False
    assert "Tuesday, Saturday at 21:05 (America/New_York)." in client.get("/reminders").get_data(
        as_text=True
    )


def test_development_vapid_key_is_made_once_in_instance(tmp_path):
    from webapp.services import push

    first = push.vapid_keys({}, str(tmp_path))
    second = push.vapid_keys({}, str(tmp_path))
    assert first == second
    assert (tmp_path / "vapid_private_key").stat().st_mode & 0o777 == 0o600
    assert len(push.b64url_decode(first.public)) == 65


def test_keys_command_prints_a_working_pair(runner):
    result = runner.invoke(args=["reminders", "keys"])
    lines = dict(line.split("=", 1) for line in result.output.split())
    from webapp.services import push

    assert push.public_key_of(lines["VAPID_PRIVATE_KEY"]) == lines["VAPID_PUBLIC_KEY"]
