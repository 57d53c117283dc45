"""Sign-ins: each login is a record the cookie points at; logging out or signing a device out
ends it at once; CSRF tokens start afresh at login; nothing rendered for a person is cached."""

import re
import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests.conftest import PASSWORD, AuthActions, dispose_engine, make_app
from webapp.extensions import db
from webapp.models import PracticeSession, SignIn, User, utcnow
from webapp.security import OWNER_COOKIE, OWNER_HEADER
from webapp.services import sign_ins

PIXEL = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Mobile Safari/537.36"
)
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1"
)


def rows(app) -> list[SignIn]:
    with app.app_context():
        return list(db.session.scalars(sa.select(SignIn).order_by(SignIn.id)))


def device(app, user_agent: str, remember: bool = True) -> AuthActions:
    """Another phone or browser of ada@example.com, logged in."""
    other = AuthActions(app.test_client())
    other.client.environ_base["HTTP_USER_AGENT"] = user_agent
    extra = {} if remember else {"remember": ""}
    assert other.login(**extra).status_code == 302
    return other


def copy_cookies(source, names=("session", "remember_token")):
    """A second client holding copies of the first one's login cookies."""
    thief = source.application.test_client()
    for name in names:
        cookie = source.get_cookie(name)
        if cookie is not None:
            thief.set_cookie(name, cookie.value)
    return thief


@pytest.mark.parametrize("copied", [("session",), ("remember_token",)])
def test_a_cookie_copied_before_logout_is_refused_after_it(signed_in, copied):
    thief = copy_cookies(signed_in.client, copied)
    assert thief.get("/account").status_code == 200
    assert thief.get("/export.json").status_code == 200
    signed_in.logout()
    assert thief.get("/account").status_code == 302
    assert thief.get("/export.json").status_code == 302
    assert thief.get("/api/sessions").status_code == 401


def test_the_cookie_carries_a_token_whose_hash_alone_is_stored(app, signed_in):
    (row,) = rows(app)
    with signed_in.client.session_transaction() as session:
        token = session["_user_id"]
    assert row.token_hash == sign_ins.hash_token(token)
    assert token not in row.token_hash
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id))
    assert token != str(user_id)


def test_each_login_is_listed_with_its_device_and_how_it_began(app, signed_in):
    device(app, PIXEL)
    device(app, IPHONE, remember=False)
    listed = [(row.method, row.device, row.remember) for row in rows(app)]
    assert listed[0][0] == "registration"
    assert listed[1:] == [
        ("password", "Chrome Mobile on Android (Pixel 8)", True),
        ("password", "Mobile Safari on iOS (iPhone)", False),
    ]
    html = signed_in.client.get("/account").get_data(as_text=True)
    assert "Chrome Mobile on Android (Pixel 8)" in html
    assert "Mobile Safari on iOS (iPhone)" in html
    assert html.count("This device") == 1
    assert html.count(">Sign out<") == 2
    assert "Sign out everywhere else" in html


def test_signing_out_one_listed_device_ends_only_that_one(app, signed_in):
    pixel = device(app, PIXEL)
    iphone = device(app, IPHONE)
    pixel_id = rows(app)[1].id
    response = signed_in.client.post(
        f"/account/sign-ins/{pixel_id}/end", data={"csrf_token": signed_in.csrf()}
    )
    assert response.status_code == 302
    assert pixel.client.get("/account").status_code == 302
    assert iphone.client.get("/account").status_code == 200
    assert signed_in.client.get("/account").status_code == 200
    assert [row.device for row in rows(app)][1:] == ["Mobile Safari on iOS (iPhone)"]


def test_sign_out_everywhere_else_keeps_only_this_device(app, signed_in):
    others = [device(app, PIXEL), device(app, IPHONE)]
    response = signed_in.client.post(
        "/account/sign-ins/end-others", data={"csrf_token": signed_in.csrf()}
    )
    assert response.status_code == 302
    assert [other.client.get("/account").status_code for other in others] == [302, 302]
    assert signed_in.client.get("/account").status_code == 200
    assert [row.method for row in rows(app)] == ["registration"]


def test_a_device_sign_out_needs_its_csrf_token_and_the_persons_own_sign_in(app, signed_in):
    bea = AuthActions(app.test_client())
    bea.register(email="bea@example.com")
    bea_id = rows(app)[-1].id
    assert signed_in.client.post(f"/account/sign-ins/{bea_id}/end").status_code == 400
    response = signed_in.client.post(
        f"/account/sign-ins/{bea_id}/end", data={"csrf_token": signed_in.csrf()}
    )
    assert response.status_code == 404
    assert bea.client.get("/account").status_code == 200


def test_a_new_password_keeps_this_device_and_ends_the_others(app, signed_in):
    pixel = device(app, PIXEL)
    form = {"current": PASSWORD, "password": "a new calm back", "confirm": "a new calm back"}
    signed_in.client.post("/account/password", data={**form, "csrf_token": signed_in.csrf()})
    assert pixel.client.get("/account").status_code == 302
    assert signed_in.client.get("/account").status_code == 200
    assert [row.method for row in rows(app)] == ["registration"]


def test_the_csrf_token_differs_before_and_after_login_and_a_planted_one_is_refused(app, auth):
    auth.register()
    auth.logout()
    planted = auth.csrf()
    assert auth.client.post("/api/sessions", json={}, headers={"X-CSRFToken": planted}).status_code
    response = auth.client.post(
        "/login", data={"email": "ada@example.com", "password": PASSWORD, "csrf_token": planted}
    )
    assert response.status_code == 302
    after = auth.csrf()
    assert after != planted
    refused = auth.client.post(
        "/account/sign-ins/end-others", data={"csrf_token": planted}
    ).get_data(as_text=True)
    assert "security token" in refused
    api = auth.client.post("/api/sessions", json={}, headers={"X-CSRFToken": planted})
    assert api.status_code == 400
    assert "csrf" in api.get_json()["errors"]


def test_the_csrf_token_differs_before_and_after_logout(signed_in):
    before = signed_in.csrf()
    signed_in.client.post("/logout", data={"csrf_token": before})
    assert signed_in.csrf() != before
    with signed_in.client.session_transaction() as session:
        assert "_user_id" not in session


def test_last_seen_is_written_at_most_every_few_minutes(app, signed_in):
    first = rows(app)[0].last_seen_at
    signed_in.client.get("/account")
    assert rows(app)[0].last_seen_at == first
    with app.app_context():
        row = db.session.get(SignIn, rows(app)[0].id)
        row.last_seen_at = utcnow() - sign_ins.LAST_SEEN_EVERY - timedelta(seconds=1)
        db.session.commit()
    signed_in.client.get("/account")
    assert utcnow() - rows(app)[0].last_seen_at < timedelta(seconds=30)


def test_a_login_without_keep_me_signed_in_ends_when_left_unused(app, signed_in):
    iphone = device(app, IPHONE, remember=False)
    with app.app_context():
        row = db.session.scalars(sa.select(SignIn).where(SignIn.remember.is_(False))).one()
        row.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert iphone.client.get("/account").status_code == 302
    assert "Mobile Safari" not in signed_in.client.get("/account").get_data(as_text=True)


def test_the_owner_cookie_lives_as_long_as_the_login(app, auth):
    auth.register()
    remembered = auth.client.get_cookie(OWNER_COOKIE)
    assert remembered.expires is not None
    assert not remembered.http_only
    auth.logout()
    assert auth.client.get_cookie(OWNER_COOKIE) is None
    auth.login(remember="")
    browser_session = auth.client.get_cookie(OWNER_COOKIE)
    assert browser_session.expires is None
    assert browser_session.value == remembered.value


def test_the_owner_cookie_goes_when_the_server_ends_the_login(app, signed_in):
    pixel = device(app, PIXEL)
    assert pixel.client.get_cookie(OWNER_COOKIE) is not None
    signed_in.client.post("/account/sign-ins/end-others", data={"csrf_token": signed_in.csrf()})
    assert pixel.client.get("/routines").status_code == 200
    assert pixel.client.get_cookie(OWNER_COOKIE) is None
    assert pixel.client.get("/account").status_code == 302


def test_owner_keys_are_opaque_stable_and_differ_per_person(app, signed_in):
    bea = AuthActions(app.test_client())
    bea.register(email="bea@example.com")
    ada_key = signed_in.client.get_cookie(OWNER_COOKIE).value
    bea_key = bea.client.get_cookie(OWNER_COOKIE).value
    assert ada_key != bea_key
    assert "ada" not in ada_key
    assert re.fullmatch(r"[0-9a-f]{32}", ada_key)
    signed_in.logout()
    signed_in.login()
    assert signed_in.client.get_cookie(OWNER_COOKIE).value == ada_key
    html = signed_in.client.get("/routines").get_data(as_text=True)
    assert f'data-owner="{ada_key}"' in html


def test_a_session_from_another_accounts_outbox_entry_is_refused(app, signed_in):
    bea = AuthActions(app.test_client())
    bea.register(email="bea@example.com")
    bea_key = bea.client.get_cookie(OWNER_COOKIE).value
    ada_key = signed_in.client.get_cookie(OWNER_COOKIE).value
    from tests.shared import session_payload

    body = session_payload(note="Bea's note")
    headers = {"X-CSRFToken": signed_in.csrf(), OWNER_HEADER: bea_key}
    refused = signed_in.client.post("/api/sessions", json=body, headers=headers)
    assert refused.status_code == 403
    assert "owner" in refused.get_json()["errors"]
    assert signed_in.client.get("/api/sessions").get_json() == []
    headers[OWNER_HEADER] = ada_key
    assert signed_in.client.post("/api/sessions", json=body, headers=headers).status_code == 201


def route_examples(app, session_id: str) -> list[str]:
    """One URL for every GET route of the app, with real values for its parts."""
    values = {
        "slug": "lower-back-basics",
        "code": "BL23",
        "filename": "css/app.css",
        "session_id": session_id,
        "token": "not-a-calendar-token",
        "key": "lower-back",
        "answer_id": "6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f",
    }
    urls = []
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            if "GET" in rule.methods:
                urls.append(url_for(rule.endpoint, **{k: values[k] for k in rule.arguments}))
    return urls


def test_every_get_route_is_never_cached_when_rendered_for_a_signed_in_person(app, signed_in):
    signed_in.client.post("/welcome", data={"csrf_token": signed_in.csrf()})
    session_id = signed_in.post_session(note="Private").get_json()["id"]
    anonymous = app.test_client()
    urls = route_examples(app, session_id)
    assert len(urls) == len([r for r in app.url_map.iter_rules() if "GET" in r.methods])
    personal = 0
    for url in urls:
        response = signed_in.client.get(url)
        assert response.status_code < 500, url
        if response.headers.get("Cache-Control") == "no-store":
            personal += bool(response.headers.get(OWNER_HEADER))
            continue
        # Anything else must be the very page nobody signed in gets: nothing personal in it.
        assert OWNER_HEADER not in response.headers, url
        assert response.get_data() == anonymous.get(url).get_data(), url
    assert personal >= 20


def test_pages_rendered_for_nobody_carry_no_owner(client):
    response = client.get("/routines")
    assert OWNER_HEADER not in response.headers
    assert "Cookie" in response.headers["Vary"]
    assert 'data-owner=""' in response.get_data(as_text=True)


def test_the_migration_keeps_todays_logins_signed_in(empty_database):
    import flask_migrate

    from tests.conftest import MIGRATIONS

    app = make_app(empty_database)
    with app.app_context():
        flask_migrate.upgrade(directory=MIGRATIONS, revision="0004")
        db.session.execute(
            sa.text(
                'INSERT INTO "user" (email, password_hash, session_token, created_at) '
                "VALUES ('ada@example.com', 'x', :token, :now)"
            ),
            {"token": "a" * 64, "now": utcnow().replace(tzinfo=None)},
        )
        db.session.execute(
            sa.text(
                "INSERT INTO routine (slug, title, focus, summary, adaptation, sources, position) "
                "VALUES ('r', 'R', 'f', 's', '', '[]', 0)"
            )
        )
        db.session.execute(
            sa.text(
                "INSERT INTO practice_session (id, user_id, routine_id, started_at, ended_at, "
                "utc_offset_minutes, pain_before, outcome, note, created_at) VALUES "
                "(:id, 1, 1, :now, :now, 0, 5, 'completed', 'kept', :now)"
            ),
            {"id": uuid.uuid4().hex, "now": utcnow().replace(tzinfo=None)},
        )
        db.session.commit()
        db.session.close()
        flask_migrate.upgrade(directory=MIGRATIONS)
        (row,) = db.session.scalars(sa.select(SignIn))
        assert (row.method, row.remember) == ("earlier", True)
        assert row.token_hash == sign_ins.hash_token("a" * 64)
        # Rebuilding the user table (SQLite batch mode) must not cascade into its sessions.
        assert db.session.scalars(sa.select(PracticeSession.note)).all() == ["kept"]
        db.session.remove()
        dispose_engine()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "a" * 64
        session["_fresh"] = True
    assert client.get("/account").status_code == 200
    with app.app_context():
        dispose_engine()


def test_the_page_that_clears_the_device_is_handed_once_and_never_stored(signed_in):
    owner = signed_in.client.get_cookie(OWNER_COOKIE).value
    signed_in.logout()
    landing = signed_in.client.get("/")
    assert f'data-clear-owner="{owner}"' in landing.get_data(as_text=True)
    assert landing.headers["Cache-Control"] == "no-store"
    again = signed_in.client.get("/")
    assert 'data-clear-owner=""' in again.get_data(as_text=True)
    assert "Cache-Control" not in again.headers


@pytest.mark.parametrize("path", ["/routines/lower-back-basics/session", "/history", "/"])
def test_a_request_still_carrying_the_ended_login_writes_no_session(signed_in, path):
    """A page fetch sent before Log out (as the worker's private-page fetches are) and answered
    after it must not overwrite the logged-out session the browser now holds: that session carries
    the "You are logged out." message and the order to clear this person's copies on the device."""
    signed_in.client.get("/")  # the page after registering, which shows its message
    stale = copy_cookies(signed_in.client)
    signed_in.logout()
    response = stale.get(path)
    assert response.status_code in (200, 302)
    written = [value for value in response.headers.getlist("Set-Cookie")]
    assert not [value for value in written if value.startswith("session=")], written
