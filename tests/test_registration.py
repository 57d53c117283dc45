"""Registering by link, through a real SMTP server (aiosmtpd on 127.0.0.1): a new and a taken
address get the same answer; the link sets the password once; link requests are limited."""

import http.cookiejar
import re
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests.conftest import PASSWORD, AuthActions, LiveServer, dispose_engine, make_app
from tests.mailbox import link_path
from tests.test_device_accounts import start
from tests.test_recovery import body, without_tokens
from webapp.extensions import db
from webapp.models import SignIn, User, utcnow
from webapp.services import email_links


def cookie_names(response) -> list[str]:
    return sorted(c.split("=", 1)[0] for c in response.headers.getlist("Set-Cookie"))


def ask(client, path: str, address: str):
    token = client.get("/api/csrf-token").get_json()["csrf_token"]
    return client.post(path, data={"email": address, "csrf_token": token})


def as_x(text: str, address: str) -> str:
    """The page less its CSRF tokens, the address, and the owner key of the person asking
    (two device logs differ in that, whatever address they typed)."""
    text = re.sub(r'data-owner="[0-9a-f]+"', "", without_tokens(text))
    return text.replace(address, "X").replace(address.replace("@", "%40"), "X")


@pytest.mark.parametrize("path", ["/register", "/account/secure"])
def test_a_new_and_a_taken_address_get_the_same_answer(mail_app, inbox, path):
    AuthActions(mail_app.test_client()).register()
    inbox.wait_for(1)
    new, taken = mail_app.test_client(), mail_app.test_client()
    if path == "/account/secure":
        start(new)
        start(taken)
    before = len(inbox.messages)
    answers = {"bea@example.com": ask(new, path, "bea@example.com")}
    answers["ada@example.com"] = ask(taken, path, "ada@example.com")
    (a, b) = answers.items()
    assert a[1].status_code == b[1].status_code == 302
    assert as_x(a[1].location, a[0]) == as_x(b[1].location, b[0])
    assert as_x(a[1].text, a[0]) == as_x(b[1].text, b[0])
    assert cookie_names(a[1]) == cookie_names(b[1])
    pages = {
        address: client.get(answers[address].location)
        for address, client in (("bea@example.com", new), ("ada@example.com", taken))
    }
    assert pages["bea@example.com"].status_code == pages["ada@example.com"].status_code == 200
    assert "Check your email" in pages["bea@example.com"].text
    assert as_x(pages["bea@example.com"].text, "bea@example.com") == as_x(
        pages["ada@example.com"].text, "ada@example.com"
    )
    assert cookie_names(pages["bea@example.com"]) == cookie_names(pages["ada@example.com"])
    mailed = {m["X-Rcpt"]: m for m in inbox.wait_for(before + 2)[before:]}
    assert mailed["bea@example.com"]["Subject"] == "Choose your Backpoint password"
    assert link_path(body(mailed["bea@example.com"]), "register/finish")
    assert mailed["ada@example.com"]["Subject"] == "Someone tried to create a Backpoint account"
    assert "/forgot" in body(mailed["ada@example.com"])
    assert "/login" in body(mailed["ada@example.com"])
    assert link_path(body(mailed["ada@example.com"]), "register/finish") is None


def test_a_new_and_a_taken_address_take_about_the_same_time(mail_app, inbox):
    AuthActions(mail_app.test_client()).register()
    client = mail_app.test_client()
    new_times, taken_times = [], []

    def timed(address: str) -> float:
        sent = len(inbox.wait_for(1))
        begin = time.perf_counter()
        assert ask(client, "/register", address).status_code == 302
        took = time.perf_counter() - begin
        # Each one's mail is out before the next is timed, so neither pays for the other's.
        inbox.wait_for(sent + 1)
        return took

    # Interleaved, in alternating order, so a busy machine slows both kinds alike.
    for number in range(16):
        pairs = [(new_times, "newcomer@example.com"), (taken_times, "ada@example.com")]
        for times, address in pairs if number % 2 else reversed(pairs):
            times.append(timed(address))
    a, b = statistics.median(new_times), statistics.median(taken_times)
    print(f"medians: new {a * 1000:.1f} ms, taken {b * 1000:.1f} ms")
    assert max(a, b) < 1.5 * min(a, b) + 0.01, (a, b)


def test_the_mailed_link_sets_the_password_confirms_and_signs_in_once(mail_app, inbox):
    auth = AuthActions(mail_app.test_client())
    asked, link = auth.ask_for_link("/register?next=/history", "Bea@Example.com ")
    assert asked.status_code == 302
    with mail_app.app_context():
        assert db.session.scalars(sa.select(User)).all() == []  # nothing until the link is used
    (message,) = inbox.wait_for(1)
    assert message["X-Rcpt"] == "bea@example.com"
    assert "works once, for 24 hours" in body(message)
    page = auth.client.get(link)
    assert page.status_code == 200
    assert "Choose your password" in page.text and 'value="bea@example.com"' in page.text
    done = auth.choose_password(link)
    assert done.status_code == 302
    assert done.location.startswith("/welcome?next=") and done.location.endswith("history")
    assert auth.client.get("/account").status_code == 200
    with mail_app.app_context():
        (user,) = db.session.scalars(sa.select(User))
        assert user.email == "bea@example.com" and user.email_verified_at is not None
        assert db.session.scalar(sa.select(SignIn.method)) == "registration"
    again = AuthActions(mail_app.test_client()).choose_password(link, "another calm back")
    assert again.status_code == 410 and "no longer works" in again.text
    auth.logout()
    assert auth.login(email="bea@example.com").status_code == 302


def test_an_expired_or_forged_link_does_not_work(app, auth):
    old = email_links.registration_token(
        app.config["SECRET_KEY"], "bea@example.com", utcnow() - timedelta(hours=24, seconds=1)
    )
    recent = email_links.registration_token("another secret", "bea@example.com", utcnow())
    for token in (old, recent, "not-a-link", old[:-2]):
        response = auth.choose_password(f"/register/finish/{token}")
        assert response.status_code == 410, token
    assert auth.client.get(f"/register/finish/{old}").status_code == 410
    with app.app_context():
        assert db.session.scalars(sa.select(User)).all() == []


@pytest.mark.parametrize(
    ("password", "confirm", "message"),
    [
        ("short", "short", "Use at least 8 characters."),
        ("BEA@example.com", "BEA@example.com", "not your email address"),
        (PASSWORD, "something else", "The two passwords are not the same."),
        ("password1", "password1", "most used passwords"),
    ],
)
def test_the_password_page_rerenders_with_field_errors_and_the_link_still_works(
    app, auth, password, confirm, message
):
    asked, link = auth.ask_for_link("/register", "bea@example.com")
    response = auth.choose_password(link, password, confirm)
    assert response.status_code == 400
    assert message in response.text and 'aria-invalid="true"' in response.text
    assert 'value="bea@example.com"' in response.text
    assert auth.choose_password(link).status_code == 302


def test_opening_a_link_while_signed_in_to_another_account_ends_that_login(app, auth):
    auth.register()
    _, link = AuthActions(app.test_client()).ask_for_link("/register", "bea@example.com")
    assert auth.choose_password(link).status_code == 302
    with app.app_context():
        methods = set(db.session.scalars(sa.select(SignIn.method)))
        assert methods == {"registration"}
        assert db.session.scalar(sa.select(sa.func.count()).select_from(SignIn)) == 1


def test_a_parallel_burst_of_link_requests_gets_no_more_than_the_limit(database):
    app = make_app(database, REGISTER_LINKS_PER_EMAIL=4)
    server = LiveServer(app).start()
    burst, results, ready = 12, [], threading.Barrier(12)

    def request_link():
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        with opener.open(f"{server.url}/api/csrf-token", timeout=30) as response:
            token = re.search(r'"csrf_token":"([^"]+)"', response.read().decode()).group(1)
        data = urllib.parse.urlencode({"email": "bea@example.com", "csrf_token": token}).encode()
        ready.wait(timeout=30)
        try:
            with opener.open(f"{server.url}/register", data=data, timeout=60) as response:
                results.append((response.status, None))
        except urllib.error.HTTPError as error:
            results.append((error.code, error.headers.get("Retry-After")))

    threads = [threading.Thread(target=request_link) for _ in range(burst)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    server.stop()
    statuses = sorted(status for status, _ in results)
    assert statuses.count(200) == 4 and statuses.count(429) == burst - 4, statuses
    assert all(int(wait) > 0 for status, wait in results if status == 429)


def test_the_limit_counts_new_and_taken_addresses_alike(database):
    app = make_app(database, REGISTER_LINKS_PER_ADDRESS=3)
    AuthActions(app.test_client()).register()  # one request of this address's three
    client = app.test_client()
    assert ask(client, "/register", "ada@example.com").status_code == 302
    assert ask(client, "/register", "bea@example.com").status_code == 302
    for address in ("ada@example.com", "cy@example.com"):
        locked = ask(client, "/register", address)
        assert locked.status_code == 429 and "Try again in" in locked.text
        assert f'value="{address}"' in locked.text and int(locked.headers["Retry-After"]) > 0
    with app.app_context():
        dispose_engine()
