"""Starting without an account: one tap makes a device-only account; securing it keeps every
session; logging in from it moves its sessions once; creation is limited; unused ones go."""

import threading
from datetime import timedelta

import sqlalchemy as sa

from tests.conftest import AuthActions, dispose_engine, make_app
from webapp.extensions import db
from webapp.models import PracticeSession, SignIn, User, utcnow
from webapp.services import devices


def start(client, address="127.0.0.1", next_path="/routines/lower-back-basics/session"):
    token = client.get("/api/csrf-token").get_json()["csrf_token"]
    return client.post(
        f"/start?next={next_path}",
        data={"csrf_token": token},
        environ_overrides={"REMOTE_ADDR": address},
    )


def test_start_this_routine_asks_for_no_sign_up(app, client):
    first = client.get("/routines/lower-back-basics/session")
    assert first.status_code == 302
    assert first.location.startswith("/start?next=/routines/lower-back-basics/session")
    page = client.get(first.location).text
    assert "No sign-up needed" in page and "I understand: start" in page
    response = start(client)
    assert response.status_code == 302
    assert response.location == "/routines/lower-back-basics/session"
    assert client.get(response.location).status_code == 200
    with app.app_context():
        (user,) = db.session.scalars(sa.select(User))
        assert user.email is None and user.password_hash is None and user.welcomed_at
        (sign_in,) = db.session.scalars(sa.select(SignIn))
        assert sign_in.method == "device" and sign_in.remember


def test_the_device_note_is_said_once_and_the_offer_stays(client):
    start(client)
    auth = AuthActions(client)
    assert auth.post_session().status_code == 201
    first = client.get("/history").text
    assert "lives only on this device" in first and "Secure your log" in first
    again = client.get("/history").text
    assert "lives only on this device" not in again and "Secure your log" in again
    assert "Secure your log" in client.get("/account").text


def test_a_background_fetch_does_not_use_the_note_up(client):
    start(client)
    background = client.get("/history", headers={"Sec-Fetch-Mode": "same-origin"}).text
    assert "lives only on this device" in background
    assert "lives only on this device" in client.get("/history").text
    assert "lives only on this device" not in client.get("/account").text


def test_securing_by_link_keeps_every_session_and_allows_logging_back_in(app, client):
    start(client)
    auth = AuthActions(client)
    ids = {auth.post_session().get_json()["id"] for _ in range(2)}
    response = auth.secure()
    assert response.status_code == 302 and response.location == "/account"
    assert "Your log is secured" in client.get("/account").text
    with app.app_context():
        (user,) = db.session.scalars(sa.select(User))
        assert user.email == "ada@example.com" and user.email_verified_at is not None
    auth.logout()
    assert auth.login().status_code == 302
    assert {row["id"] for row in client.get("/api/sessions").get_json()} == ids


def test_the_link_page_says_the_log_comes_along(client):
    start(client)
    auth = AuthActions(client)
    auth.post_session()
    asked = auth.secure(password="short")
    assert asked.status_code == 400
    assert "its 1 session stays in it" in asked.text
    assert 'value="ada@example.com"' in asked.text


def test_a_common_password_cannot_secure_a_log(client):
    start(client)
    response = AuthActions(client).secure(password="password123")
    assert response.status_code == 400
    assert "most used passwords" in response.text


def test_a_link_opened_in_another_browser_makes_the_account_and_the_log_can_move(app):
    phone, elsewhere = app.test_client(), app.test_client()
    start(phone)
    auth = AuthActions(phone)
    kept = auth.post_session().get_json()["id"]
    # The link is asked for on the phone and opened in another browser (a mail app's own).
    asked, link = auth.ask_for_link("/account/secure")
    assert asked.location.startswith("/register/sent")
    assert AuthActions(elsewhere).choose_password(link).location.startswith("/welcome")
    assert elsewhere.get("/account").status_code == 200
    assert phone.get("/account").status_code == 200  # still the phone's own log
    assert auth.login().location == "/account/move"
    phone.post("/account/move", data={"choice": "move", "csrf_token": auth.csrf()})
    assert [row["id"] for row in phone.get("/api/sessions").get_json()] == [kept]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


def test_logging_in_from_a_device_account_moves_its_sessions_exactly_once(app):
    AuthActions(app.test_client()).register()
    phone = app.test_client()
    start(phone)
    auth = AuthActions(phone)
    moved_id = auth.post_session().get_json()["id"]
    login = auth.login()
    assert login.location == "/account/move"
    page = phone.get("/account/move").text
    assert "kept 1 session" in page
    token = auth.csrf()
    assert (
        phone.post("/account/move", data={"choice": "move", "csrf_token": token}).status_code == 302
    )
    again = phone.post("/account/move", data={"choice": "move", "csrf_token": auth.csrf()})
    assert again.status_code == 302 and again.location == "/history"
    assert [row["id"] for row in phone.get("/api/sessions").get_json()] == [moved_id]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PracticeSession)) == 1


def test_device_accounts_are_limited_per_address(database):
    app = make_app(database, DEVICE_ACCOUNTS_PER_ADDRESS=3)
    statuses = [start(app.test_client(), "10.0.0.7").status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert start(app.test_client(), "10.0.0.8").status_code == 302
    with app.app_context():
        dispose_engine()


def test_unused_device_accounts_are_pruned_and_parallel_runs_agree(app, runner):
    old, recent = app.test_client(), app.test_client()
    start(old)
    AuthActions(old).post_session()
    start(recent)
    with app.app_context():
        first = db.session.scalar(sa.select(User).order_by(User.id))
        first.created_at = utcnow() - timedelta(days=100)
        db.session.execute(
            sa.update(SignIn)
            .where(SignIn.user_id == first.id)
            .values(last_seen_at=utcnow() - timedelta(days=91))
        )
        db.session.commit()
    results = []

    def prune():
        with app.app_context():
            results.append(devices.prune(db.session, utcnow()))
            db.session.commit()

    threads = [threading.Thread(target=prune) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == [0, 0, 1]
    assert "Deleted 0 device-only accounts" in runner.invoke(args=["prune-device-accounts"]).output
    assert old.get("/account").status_code == 302
    assert recent.get("/account").status_code == 200
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PracticeSession)) == 0
