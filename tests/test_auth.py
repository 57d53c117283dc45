"""Accounts: registration, login and throttling, CSRF on forms, password, deletion and export."""

import csv
import io
import re
import time

import pytest
import sqlalchemy as sa

from tests.conftest import PASSWORD, AuthActions, dispose_engine, make_app
from webapp.extensions import db
from webapp.models import LoginThrottle, PracticeSession, User


def users(app) -> list[User]:
    with app.app_context():
        return list(db.session.scalars(sa.select(User)))


def test_register_signs_in_and_shows_the_welcome_first(app, auth):
    response = auth.register(email="  Ada@Example.COM ")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/welcome")
    assert [user.email for user in users(app)] == ["ada@example.com"]
    assert auth.client.get("/account").status_code == 200


def test_passwords_are_stored_hashed(app, signed_in):
    (user,) = users(app)
    assert PASSWORD not in user.password_hash
    assert user.password_hash.startswith(("scrypt:", "argon2"))


@pytest.mark.parametrize(
    ("email", "password", "confirm", "message"),
    [
        ("", PASSWORD, PASSWORD, "Enter your email address."),
        ("not-an-email", PASSWORD, PASSWORD, "Enter a valid email address."),
        ("ada@example.com", "short", "short", "Use at least 8 characters."),
        ("ada@example.com", "ADA@example.com", "ADA@example.com", "not your email address"),
        ("ada@example.com", PASSWORD, "something else", "The two passwords are not the same."),
    ],
)
def test_register_rerenders_with_field_errors_and_keeps_the_email(
    app, auth, email, password, confirm, message
):
    response = auth.register(email=email, password=password, confirm=confirm)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    assert f'value="{email}"' in html or not email
    assert 'aria-invalid="true"' in html
    assert users(app) == []


def test_an_email_can_register_only_once_whatever_its_case_and_the_page_never_says_so(app, auth):
    auth.register()
    auth.logout()
    response = auth.register(email="ADA@example.com", password="another calm back")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/register/sent")
    page = auth.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "already" not in page and "exists" not in page
    assert len(users(app)) == 1
    assert auth.login(email="ada@example.com", password="another calm back").status_code == 400


def test_login_is_case_insensitive_and_remembers_by_default(app, auth):
    auth.register()
    auth.logout()
    response = auth.login(email="ADA@EXAMPLE.com")
    assert response.status_code == 302
    cookies = response.headers.getlist("Set-Cookie")
    assert any(cookie.startswith("remember_token=") for cookie in cookies)


def test_login_page_has_keep_me_signed_in_ticked(client):
    html = client.get("/login").get_data(as_text=True)
    (remember,) = re.findall(r'<input[^>]*name="remember"[^>]*>', html)
    assert re.search(r"\bchecked\b", remember)


def test_wrong_password_says_so_and_keeps_the_email(auth):
    auth.register()
    auth.logout()
    response = auth.login(password="wrong password")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "That email and password do not match an account." in html
    assert 'value="ada@example.com"' in html


def test_throttling_engages_for_an_account_and_releases_after_the_wait(database):
    app = make_app(database, LOGIN_WINDOW_SECONDS=6)
    auth = AuthActions(app.test_client())
    auth.register()
    auth.logout()
    for _ in range(5):
        assert auth.login(password="wrong password").status_code == 400
    locked = auth.login()
    assert locked.status_code == 429
    assert "Try again in 1 minute" in locked.get_data(as_text=True)
    wait = int(locked.headers["Retry-After"])
    assert 0 < wait <= 6
    time.sleep(wait + 0.1)
    assert auth.login().status_code == 302
    with app.app_context():
        keys = set(db.session.scalars(sa.select(LoginThrottle.key)))
    # Disposed once the session above has given its connection back, so that one closes too.
    with app.app_context():
        dispose_engine()
    assert not any(key.startswith("pair:email:ada@example.com") for key in keys)


def test_throttling_engages_for_an_address_trying_many_accounts(database):
    app = make_app(database, LOGIN_MAX_FAILURES_PER_ADDRESS=4)
    auth = AuthActions(app.test_client())
    for number in range(4):
        auth.login(email=f"guess{number}@example.com")
    response = auth.login(email="someone-else@example.com")
    assert response.status_code == 429
    assert "Try again in 15 minutes" in response.get_data(as_text=True)
    with app.app_context():
        dispose_engine()


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/account", "/account"),
        ("https://evil.example/", "/routines"),
        ("//evil.example/", "/routines"),
        ("/\\evil.example", "/routines"),
        ("javascript:alert(1)", "/routines"),
    ],
)
def test_login_follows_next_only_within_the_site(auth, target, expected):
    auth.register()
    auth.client.post("/welcome", data={"csrf_token": auth.csrf()})
    auth.logout()
    response = auth.client.post(
        "/login",
        query_string={"next": target},
        data={"email": "ada@example.com", "password": PASSWORD, "csrf_token": auth.csrf()},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_private_pages_send_you_to_log_in_and_back(client):
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/account"


def test_form_without_csrf_token_is_refused_and_rerendered_with_entries(app, client):
    response = client.post(
        "/register", data={"email": "ada@example.com", "password": PASSWORD, "confirm": PASSWORD}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "This form expired or was sent without its security token" in html
    assert 'value="ada@example.com"' in html
    assert users(app) == []


def test_logout_needs_a_post_with_a_token(signed_in):
    assert signed_in.client.get("/logout").status_code == 200
    assert signed_in.client.get("/account").status_code == 200
    assert signed_in.client.post("/logout").status_code == 400
    assert signed_in.client.get("/account").status_code == 200
    assert signed_in.logout().status_code == 302
    assert signed_in.client.get("/account").status_code == 302


def test_welcome_is_shown_once(signed_in):
    assert signed_in.client.get("/routines/lower-back-basics/session").status_code == 302
    signed_in.client.post("/welcome", data={"csrf_token": signed_in.csrf()})
    assert signed_in.client.get("/routines/lower-back-basics/session").status_code == 200


def test_change_password(signed_in):
    form = {
        "csrf_token": signed_in.csrf(),
        "password": "a new calm back",
        "confirm": "a new calm back",
    }
    wrong = signed_in.client.post("/account/password", data={**form, "current": "nope nope"})
    assert wrong.status_code == 400
    assert "That is not your current password." in wrong.get_data(as_text=True)
    same_as_email = signed_in.client.post(
        "/account/password",
        data={
            **form,
            "current": PASSWORD,
            "password": "ada@example.com",
            "confirm": "ada@example.com",
        },
    )
    assert "not your email address" in same_as_email.get_data(as_text=True)
    assert (
        signed_in.client.post("/account/password", data={**form, "current": PASSWORD}).status_code
        == 302
    )
    signed_in.logout()
    assert signed_in.login().status_code == 400
    assert signed_in.login(password="a new calm back").status_code == 302


def test_delete_confirmation_names_what_goes(signed_in):
    signed_in.post_session()
    signed_in.post_session()
    html = signed_in.client.get("/account/delete").get_data(as_text=True)
    assert "ada@example.com" in html
    assert "all 2 sessions" in html


def test_deleting_an_account_leaves_no_row_of_that_person(app, signed_in):
    signed_in.post_session()
    bea = AuthActions(app.test_client())
    bea.register(email="bea@example.com")
    bea.post_session()
    stranger = AuthActions(app.test_client())
    assert stranger.login(password="a wrong guess").status_code == 400
    with app.app_context():
        assert db.session.get(LoginThrottle, "email:ada@example.com") is not None
    wrong = signed_in.client.post(
        "/account/delete", data={"password": "wrong", "csrf_token": signed_in.csrf()}
    )
    assert wrong.status_code == 400
    response = signed_in.client.post(
        "/account/delete", data={"password": PASSWORD, "csrf_token": signed_in.csrf()}
    )
    assert response.status_code == 302
    with app.app_context():
        assert [u.email for u in db.session.scalars(sa.select(User))] == ["bea@example.com"]
        owners = set(db.session.scalars(sa.select(PracticeSession.user_id)))
        bea_id = db.session.scalar(sa.select(User.id))
        assert owners == {bea_id}
        assert not db.session.scalars(
            sa.select(LoginThrottle).where(LoginThrottle.key.contains("ada"))
        ).all()
    assert signed_in.client.get("/account").status_code == 302


def test_export_holds_exactly_the_persons_sessions(app, signed_in):
    mine = {signed_in.post_session().get_json()["id"] for _ in range(3)}
    bea = AuthActions(app.test_client())
    bea.register(email="bea@example.com")
    bea.post_session()
    data = signed_in.client.get("/export.json").get_json()
    assert data["account"]["email"] == "ada@example.com"
    assert {row["id"] for row in data["sessions"]} == mine
    rows = list(
        csv.DictReader(io.StringIO(signed_in.client.get("/export.csv").get_data(as_text=True)))
    )
    assert {row["id"] for row in rows} == mine


def test_csv_export_round_trips_awkward_notes_and_defuses_formulas(signed_in):
    note = 'Better, then "tight" again,\nthen =SUM(A1:A2)'
    signed_in.post_session(note=note)
    signed_in.post_session(note='=HYPERLINK("http://evil.example")')
    signed_in.post_session(note="+1 -1 @me")
    response = signed_in.client.get("/export.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    notes = {row["note"] for row in csv.DictReader(io.StringIO(response.get_data(as_text=True)))}
    assert notes == {note, '\'=HYPERLINK("http://evil.example")', "'+1 -1 @me"}


def test_session_cookie_is_httponly_and_lax(signed_in):
    signed_in.logout()
    response = signed_in.login()
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_cookies_are_secure_outside_local_development(monkeypatch):
    from webapp import create_app

    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    monkeypatch.setenv("FLASK_DEBUG", "1")
    dev = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert dev.config["SESSION_COOKIE_SECURE"] is False


def test_a_deleted_accounts_cookie_never_opens_a_newer_account(app, signed_in):
    other_device = AuthActions(app.test_client())
    other_device.login()
    assert other_device.client.get("/account").status_code == 200
    signed_in.client.post(
        "/account/delete", data={"password": PASSWORD, "csrf_token": signed_in.csrf()}
    )
    dave = AuthActions(app.test_client())
    dave.register(email="dave@example.com")
    dave.post_session(note="Dave's private note")
    assert other_device.client.get("/account").status_code == 302
    assert other_device.client.get("/api/sessions").status_code == 401


def test_a_new_password_signs_other_devices_out(app, signed_in):
    other_device = AuthActions(app.test_client())
    other_device.login()
    form = {
        "csrf_token": signed_in.csrf(),
        "current": PASSWORD,
        "password": "a new calm back",
        "confirm": "a new calm back",
    }
    assert signed_in.client.post("/account/password", data=form).status_code == 302
    assert signed_in.client.get("/account").status_code == 200
    assert other_device.client.get("/account").status_code == 302


def test_an_expired_form_of_a_logged_out_person_still_redirects_to_login(client):
    response = client.post("/account/password", data={"current": "x"})
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
