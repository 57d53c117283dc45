"""Web Push: the subscription API, and the sender against a push service the test plays."""

import signal
import threading
import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from tests.conftest import AuthActions, dispose_engine, make_app
from tests.push_service import Device, PushService
from tests.shared import PASSWORD
from webapp.extensions import db
from webapp.models import PracticeSession, PushSubscription, ReminderSetting, Routine, User
from webapp.services import push, reminder_sender, reminders

PRIVATE, PUBLIC = push.new_key_pair()
KEYS = {"VAPID_PRIVATE_KEY": PRIVATE, "VAPID_SUBJECT": "mailto:ops@example.com"}
BERLIN = "Europe/Berlin"
# Monday 1 June 2026, 10:00 in Berlin (08:00 UTC).
NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def service():
    service = PushService(vapid_public_key=push.public_key_of(PRIVATE))
    yield service
    service.close()


@pytest.fixture
def app(database):
    app = make_app(database, PUSH_ALLOW_LOOPBACK=True, **KEYS)
    yield app
    with app.app_context():
        dispose_engine()


def post_subscription(auth, body):
    return auth.client.post(
        "/api/push-subscriptions", json=body, headers={"X-CSRFToken": auth.csrf()}
    )


def test_subscription_is_stored_once_per_endpoint(signed_in, service, app):
    device = service.device("a")
    assert post_subscription(signed_in, device.to_json()).status_code == 201
    assert post_subscription(signed_in, device.to_json()).status_code == 200
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(PushSubscription.id))) == 1


def test_after_logout_the_device_subscribes_for_the_next_person(signed_in, service, app):
    device = service.device("shared")
    post_subscription(signed_in, device.to_json())
    signed_in.logout()
    signed_in.register(email="bo@example.com")
    assert post_subscription(signed_in, device.to_json()).status_code == 201
    with app.app_context():
        rows = db.session.scalars(sa.select(PushSubscription)).all()
        owner = db.session.get(User, rows[0].user_id)
        assert len(rows) == 1 and owner.email == "bo@example.com"


def test_ending_the_devices_login_ends_its_reminders(signed_in, service, app):
    post_subscription(signed_in, service.device("phone").to_json())
    with app.app_context():
        assert db.session.scalar(sa.select(PushSubscription.sign_in_id)) is not None
    signed_in.logout()
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(PushSubscription.id))) == 0


def test_a_password_change_elsewhere_ends_the_other_devices_reminders(signed_in, service, app):
    post_subscription(signed_in, service.device("phone").to_json())
    other = AuthActions(app.test_client())
    other.login()
    password = "a brand new long passphrase"
    answer = other.client.post(
        "/account/password",
        data={
            "current": PASSWORD,
            "password": password,
            "confirm": password,
            "csrf_token": other.csrf(),
        },
    )
    assert answer.status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(PushSubscription.id))) == 0


@pytest.mark.parametrize(
    ("endpoint", "allow_loopback"),
    [
        ("http://push.example.com/x", False),
        ("http://127.0.0.1:9/x", False),
        ("https://127.0.0.1/x", True),
        ("https://10.0.0.1/x", False),
        ("https://localhost/x", False),
        ("https://user:pw@push.example.com/x", False),
        ("ftp://push.example.com/x", False),
        ("http://10.1.1.1/x", True),
        ("https://" + "a" * 2050, False),
    ],
)
def test_only_https_push_services_are_accepted(database, endpoint, allow_loopback):
    app = make_app(database, PUSH_ALLOW_LOOPBACK=allow_loopback, **KEYS)
    auth = AuthActions(app.test_client())
    auth.register()
    response = post_subscription(auth, Device(endpoint).to_json())
    assert response.status_code == 400
    assert "endpoint" in response.get_json()["errors"]
    with app.app_context():
        dispose_engine()


def test_a_real_push_service_endpoint_is_accepted(signed_in):
    device = Device("https://fcm.googleapis.com/fcm/send/abc:def")
    assert post_subscription(signed_in, device.to_json()).status_code == 201


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"keys": None}, "keys"),
        ({"keys": {"p256dh": "AAAA", "auth": "x"}}, "keys.p256dh"),
        ({"keys": {"p256dh": None, "auth": None}}, "keys.auth"),
    ],
)
def test_subscription_keys_are_checked(signed_in, service, change, field):
    response = post_subscription(signed_in, service.device("k").to_json() | change)
    assert response.status_code == 400
    assert field in response.get_json()["errors"]


def test_delete_removes_only_the_persons_own_subscription(signed_in, service, app):
    device = service.device("d")
    post_subscription(signed_in, device.to_json())
    headers = {"X-CSRFToken": signed_in.csrf()}
    gone = signed_in.client.delete(
        "/api/push-subscriptions", json={"endpoint": device.endpoint}, headers=headers
    )
    assert gone.status_code == 204
    again = signed_in.client.delete(
        "/api/push-subscriptions", json={"endpoint": device.endpoint}, headers=headers
    )
    assert again.status_code == 404
    bad = signed_in.client.delete("/api/push-subscriptions", json={}, headers=headers)
    assert bad.status_code == 400 and "endpoint" in bad.get_json()["errors"]


def add_person(session, service, name, *, time="09:30", days=None, skip=True, last=None):
    """A person with reminders on in Berlin and one subscribed device; returns the device path."""
    user = User(email=f"{name}-{uuid.uuid4().hex[:6]}@example.com", password_hash="x")
    session.add(user)
    session.flush()
    row = ReminderSetting(user_id=user.id, last_sent_on=last)
    values = {
        "enabled": True,
        "time": time,
        "time_zone": BERLIN,
        "days": days or ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
        "skip_if_done": skip,
    }
    reminders.apply(row, values, NOW - timedelta(days=3))
    session.add(row)
    device = service.device(name)
    info = device.to_json()
    session.add(
        PushSubscription(
            user_id=user.id,
            endpoint=info["endpoint"],
            p256dh=info["keys"]["p256dh"],
            auth=info["keys"]["auth"],
        )
    )
    session.commit()
    return user.id, f"/push/{name}"


def send(app, now=NOW):
    with app.app_context():
        pusher = push.Pusher(push.vapid_keys(app.config, app.instance_path), timeout=5)
        report = reminder_sender.send_due(db.session, pusher, now, workers=4)
        db.session.remove()
        return report


def test_due_reminder_arrives_once_signed_and_decryptable(app, service):
    with app.app_context():
        user_id, path = add_person(db.session, service, "ada", last=date(2026, 5, 29))
        slug = db.session.scalar(sa.select(Routine.slug).order_by(Routine.position))
    report = send(app)
    assert service.rejected == []
    [delivery] = service.received(path)
    assert delivery.message["url"] == f"/routines/{slug}/session"
    assert delivery.message["title"] == "Time for your back routine"
    assert delivery.claims["sub"] == "mailto:ops@example.com"
    assert report.sent == 1
    assert send(app).sent == 0, "a second pass the same day sends nothing"
    assert len(service.received(path)) == 1
    with app.app_context():
        row = db.session.get(ReminderSetting, user_id)
        assert row.last_sent_on == date(2026, 6, 1)
        assert row.next_due_at == datetime(2026, 6, 2, 7, 30, tzinfo=UTC)


def test_each_person_gets_the_reminder_in_their_own_language(app, service):
    with app.app_context():
        spanish_id, spanish = add_person(db.session, service, "lucia", last=date(2026, 5, 29))
        _, english = add_person(db.session, service, "ben", last=date(2026, 5, 29))
        db.session.get(User, spanish_id).language = "es"
        db.session.commit()
    assert send(app).sent == 2
    [in_spanish] = service.received(spanish)
    [in_english] = service.received(english)
    assert in_spanish.message["title"] == "Es la hora de tu rutina para la espalda"
    assert in_english.message["title"] == "Time for your back routine"


def test_not_due_before_its_time(app, service):
    with app.app_context():
        _, path = add_person(db.session, service, "early", time="11:00")
    assert send(app).claimed == 0
    assert service.received(path) == []
    send(app, NOW + timedelta(hours=1))
    assert len(service.received(path)) == 1


def test_the_message_names_the_persons_usual_routine(app, service):
    with app.app_context():
        user_id, path = add_person(db.session, service, "usual", skip=False)
        routine = db.session.scalars(sa.select(Routine).order_by(Routine.position.desc())).first()
        started = NOW - timedelta(days=2)
        db.session.add(
            PracticeSession(
                id=uuid.uuid4(),
                user_id=user_id,
                routine_id=routine.id,
                started_at=started,
                ended_at=started + timedelta(minutes=5),
                pain_before=5,
                pain_after=3,
                outcome="completed",
            )
        )
        db.session.commit()
        slug, title = routine.slug, routine.title
    send(app)
    [delivery] = service.received(path)
    assert delivery.message["url"] == f"/routines/{slug}/session"
    assert title in delivery.message["body"]


def practise_today(session, user_id, outcome="completed"):
    routine_id = session.scalar(sa.select(Routine.id).limit(1))
    started = NOW - timedelta(hours=1)  # 09:00 in Berlin, this Monday
    session.add(
        PracticeSession(
            id=uuid.uuid4(),
            user_id=user_id,
            routine_id=routine_id,
            started_at=started,
            ended_at=started + timedelta(minutes=5),
            pain_before=5,
            pain_after=3,
            outcome=outcome,
        )
    )
    session.commit()


def test_skipped_when_a_session_was_done_that_day(app, service):
    with app.app_context():
        done, done_path = add_person(db.session, service, "done")
        stopped, stopped_path = add_person(db.session, service, "stopped")
        keen, keen_path = add_person(db.session, service, "keen", skip=False)
        practise_today(db.session, done)
        practise_today(db.session, stopped, outcome="safety_stop")
        practise_today(db.session, keen)
    report = send(app)
    assert report.skipped_done == 1
    assert service.received(done_path) == []
    assert len(service.received(stopped_path)) == 1, "a safety stop is not a session done"
    assert len(service.received(keen_path)) == 1


def test_only_chosen_days(app, service):
    with app.app_context():
        _, path = add_person(db.session, service, "weekend", days=["sat", "sun"])
    assert send(app).claimed == 0
    assert service.received(path) == []


def test_gone_subscription_is_removed_and_redirects_are_not_followed(app, service):
    with app.app_context():
        _, gone = add_person(db.session, service, "gone")
        _, moved = add_person(db.session, service, "moved")
    service.status[gone] = 410
    service.status[moved] = 307
    report = send(app)
    assert report.removed == 1 and report.failed == 2
    assert "/elsewhere" not in service.requests
    with app.app_context():
        endpoints = db.session.scalars(sa.select(PushSubscription.endpoint)).all()
    assert endpoints == [service.url + moved]


def test_after_downtime_todays_reminder_comes_late_and_yesterdays_never(app, service):
    with app.app_context():
        # The sender last ran on Saturday: Sunday's 09:30 reminder was missed.
        user_id, path = add_person(db.session, service, "downtime", last=date(2026, 5, 30))
        row = db.session.get(ReminderSetting, user_id)
        row.next_due_at = datetime(2026, 5, 31, 7, 30, tzinfo=UTC)
        db.session.commit()
    early = NOW.replace(hour=6)  # Monday 08:00 in Berlin: Sunday's is stale, Monday's not due
    assert send(app, early).claimed == 0
    assert service.received(path) == []
    with app.app_context():
        due = db.session.get(ReminderSetting, user_id).next_due_at
        assert due == datetime(2026, 6, 1, 7, 30, tzinfo=UTC)
    send(app)
    assert len(service.received(path)) == 1


def test_a_reminder_hours_late_after_downtime_is_dropped_for_the_day(app, service):
    with app.app_context():
        user_id, path = add_person(db.session, service, "late", time="06:00")
    report = send(app)  # Monday 10:00 in Berlin: 06:00 is four hours ago
    assert report.skipped_late == 1 and report.sent == 0
    assert service.received(path) == []
    assert send(app, NOW + timedelta(hours=1)).sent == 0, "not sent later that day either"
    with app.app_context():
        row = db.session.get(ReminderSetting, user_id)
        assert row.next_due_at == datetime(2026, 6, 2, 4, 0, tzinfo=UTC)


def test_two_senders_started_together_send_each_reminder_once(app, service):
    with app.app_context():
        paths = [add_person(db.session, service, f"p{n}")[1] for n in range(40)]
    start = threading.Barrier(2)
    reports = []

    def sender():
        start.wait()
        reports.append(send(app))

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(reports) == 2
    assert sum(r.sent for r in reports) == 40
    assert sorted(d.path for d in service.deliveries) == sorted(paths)


def a_minute_ago_in_berlin() -> str:
    """HH:MM of a minute ago on Berlin's clock (00:00 just after midnight): due now, not late."""
    local = datetime.now(ZoneInfo(BERLIN))
    earlier = local - timedelta(minutes=1)
    return "00:00" if earlier.date() != local.date() else earlier.strftime("%H:%M")


def test_send_command_sends_what_is_due_now(app, service):
    with app.app_context():
        user_id, path = add_person(db.session, service, "cli")
        row = db.session.get(ReminderSetting, user_id)
        row.next_due_at = datetime.now(UTC) - timedelta(minutes=1)
        row.local_time = a_minute_ago_in_berlin()
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["reminders", "send"])
    assert result.exit_code == 0, result.output
    assert "1 sent" in result.output
    assert len(service.received(path)) == 1


def run_clock(database: str, seconds: float, stop_with: int) -> str:
    """Run the Procfile's clock process for a while, then stop it with a signal to its PID."""
    import os
    import subprocess
    import sys
    import time
    from pathlib import Path

    env = {
        **os.environ,
        "DATABASE_URL": database,
        "SECRET_KEY": "test-secret-key",
        "VAPID_PRIVATE_KEY": PRIVATE,
        "VAPID_SUBJECT": "mailto:ops@example.com",
        "FLASK_APP": "webapp",
        "PYTHONUNBUFFERED": "1",
    }
    flask = str(Path(sys.executable).with_name("flask"))
    process = subprocess.Popen(
        [flask, "reminders", "clock", "--every", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    time.sleep(seconds)
    process.send_signal(stop_with)
    output, _ = process.communicate(timeout=30)
    # Stopped by the signal after its pass, not killed in the middle of one.
    assert process.returncode == 0 and output.endswith("Clock stopped.\n"), output
    return output


def test_the_clock_sends_once_and_a_restarted_clock_sends_nothing_more(app, database, service):
    with app.app_context():
        user_id, path = add_person(db.session, service, "clock")
        row = db.session.get(ReminderSetting, user_id)
        row.next_due_at = datetime.now(UTC) - timedelta(minutes=1)
        row.local_time = a_minute_ago_in_berlin()
        db.session.commit()
        dispose_engine()
    output = run_clock(database, 8, signal.SIGTERM)
    assert "1 sent" in output, (output, service.deliveries)
    assert len(service.received(path)) == 1
    run_clock(database, 3, signal.SIGINT)
    assert len(service.received(path)) == 1
