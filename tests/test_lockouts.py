"""Password-guess limits: parallel bursts cannot pass them, strangers cannot lock the owner out,
and the account pages' password checks are limited too."""

import http.cookiejar
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.conftest import PASSWORD, AuthActions, LiveServer, dispose_engine, make_app


def post_from(client, path: str, address: str, **data):
    """A form POST as a browser at `address` would send it (its own CSRF token)."""
    token = client.get("/api/csrf-token", environ_overrides={"REMOTE_ADDR": address}).get_json()
    return client.post(
        path,
        data={**data, "csrf_token": token["csrf_token"]},
        environ_overrides={"REMOTE_ADDR": address},
    )


@pytest.fixture
def limited_app(database):
    app = make_app(database, LOGIN_MAX_FAILURES_PER_ACCOUNT_ANYWHERE=8)
    yield app
    with app.app_context():
        dispose_engine()


def test_a_parallel_burst_gets_no_more_checks_than_the_limit(database):
    app = make_app(database)
    owner = AuthActions(app.test_client())
    owner.register()
    server = LiveServer(app).start()
    burst, results, ready = 16, [], threading.Barrier(16)

    def guess(number: int):
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        with opener.open(f"{server.url}/api/csrf-token", timeout=30) as response:
            token = response.read().decode().split('"csrf_token":"')[1].split('"')[0]
        body = urllib.parse.urlencode(
            {"email": "ada@example.com", "password": f"wrong {number}", "csrf_token": token}
        ).encode()
        ready.wait(timeout=30)
        try:
            with opener.open(f"{server.url}/login", data=body, timeout=60) as response:
                results.append((response.status, None))
        except urllib.error.HTTPError as error:
            results.append((error.code, error.headers.get("Retry-After")))

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(burst)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    server.stop()
    statuses = sorted(status for status, _ in results)
    assert len(results) == burst
    # Exactly the limit's worth of guesses were checked; every other one was refused unchecked.
    assert statuses.count(400) == app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"], statuses
    assert statuses.count(429) == burst - statuses.count(400)
    assert all(int(wait) > 0 for status, wait in results if status == 429)


def test_a_strangers_guesses_from_many_addresses_never_lock_out_the_owners_device(limited_app):
    owner = AuthActions(limited_app.test_client())
    owner.register()
    owner.logout()
    stranger = limited_app.test_client()
    statuses = [
        post_from(
            stranger, "/login", f"10.0.0.{n}", email="ada@example.com", password="guess"
        ).status_code
        for n in range(1, 12)
    ]
    assert statuses == [400] * 8 + [429] * 3
    # A new device, from anywhere, now waits: the account has had its share of strangers' guesses.
    newcomer = limited_app.test_client()
    locked = post_from(newcomer, "/login", "10.0.1.1", email="ada@example.com", password=PASSWORD)
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) > 0
    # The owner's phone signed in before: the right password still opens the account.
    response = post_from(
        owner.client, "/login", "10.0.2.2", email="ada@example.com", password=PASSWORD
    )
    assert response.status_code == 302


def test_the_owners_device_is_still_limited_per_address(limited_app):
    owner = AuthActions(limited_app.test_client())
    owner.register()
    owner.logout()
    statuses = [
        post_from(
            owner.client, "/login", "10.0.0.1", email="ada@example.com", password="nope"
        ).status_code
        for _ in range(6)
    ]
    assert statuses == [400] * 5 + [429]
    other_place = post_from(
        owner.client, "/login", "10.0.0.9", email="ada@example.com", password=PASSWORD
    )
    assert other_place.status_code == 302


@pytest.mark.parametrize(
    ("path", "field", "extra"),
    [
        (
            "/account/password",
            "current",
            {"password": "a new calm back", "confirm": "a new calm back"},
        ),
        ("/account/delete", "password", {}),
    ],
)
def test_account_pages_password_checks_are_limited(signed_in, path, field, extra):
    statuses = [
        post_from(
            signed_in.client, path, "127.0.0.1", **{field: "wrong guess"}, **extra
        ).status_code
        for _ in range(6)
    ]
    assert statuses == [400] * 5 + [429]
    right = post_from(signed_in.client, path, "127.0.0.1", **{field: PASSWORD}, **extra)
    assert right.status_code == 429
    assert int(right.headers["Retry-After"]) > 0
    assert "Try again in 15 minutes" in right.get_data(as_text=True)
    assert signed_in.client.get("/account").status_code == 200
