"""Getting back in by email, through a real SMTP server (aiosmtpd on 127.0.0.1): reset links,
address checks, the "someone tried to register" message, and no account oracle."""

import asyncio
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests.conftest import ROOT, AuthActions, closed_port, dispose_engine, make_app, serve_smtp
from tests.mailbox import Inbox
from tests.test_database import Browserless
from webapp.extensions import db
from webapp.models import EmailToken, SignIn, User, utcnow
from webapp.services import email_links, mail


def body(message) -> str:
    return message.get_payload(decode=True).decode()


def link_in(message, path: str) -> str:
    (link,) = re.findall(rf"http://localhost(/{path}/[\w-]+)", body(message))
    return link


def without_tokens(html: str) -> str:
    """The page less its CSRF tokens (signed with a timestamp, so never twice the same)."""
    return re.sub(r'(csrf[-_a-z]*"[^>]*(?:value|content)=")[^"]+', r"\1", html)


def forgot(client, address: str):
    token = client.get("/api/csrf-token").get_json()["csrf_token"]
    return client.post("/forgot", data={"email": address, "csrf_token": token})


def reset(client, link: str, password: str):
    page = client.get(link)
    if page.status_code != 200:
        return page
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)
    return client.post(link, data={"password": password, "confirm": password, "csrf_token": token})


def test_a_reset_link_arrives_works_once_and_signs_out_every_other_device(mail_app, inbox):
    phone, laptop, lost = (AuthActions(mail_app.test_client()) for _ in range(3))
    phone.register()
    inbox.wait_for(1)
    laptop.login()
    response = forgot(lost.client, "Ada@Example.com ")
    assert response.status_code == 302
    assert "link works once, for 60 minutes" in lost.client.get(response.location).text
    (_, message) = inbox.wait_for(2)
    assert message["X-Rcpt"] == "ada@example.com"
    assert message["Subject"] == "Set a new Backpoint password"
    link = link_in(message, "reset")
    assert reset(lost.client, link, "a fresh calm back").status_code == 302
    assert lost.client.get("/account").status_code == 200
    # Both other devices are signed out; the old password is gone, the new one works.
    assert phone.client.get("/account").status_code == 302
    assert laptop.client.get("/account").status_code == 302
    with mail_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(SignIn)) == 1
        assert db.session.scalar(sa.select(User.email_verified_at)) is not None
    assert phone.login().status_code == 400
    assert phone.login(password="a fresh calm back").status_code == 302
    # Used once: the same link now says it no longer works.
    again = reset(AuthActions(mail_app.test_client()).client, link, "another calm back")
    assert again.status_code == 410
    assert "no longer works" in again.text


def test_a_reset_link_expires_after_an_hour(mail_app, inbox):
    AuthActions(mail_app.test_client()).register()
    client = mail_app.test_client()
    forgot(client, "ada@example.com")
    link = link_in(inbox.wait_for(2)[1], "reset")
    with mail_app.app_context():
        token = db.session.scalar(sa.select(EmailToken).where(EmailToken.purpose == "reset"))
        assert token.expires_at - token.created_at == timedelta(hours=1)
        token.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert reset(client, link, "a fresh calm back").status_code == 410
    assert AuthActions(client).login().status_code == 302


def test_unknown_and_known_emails_get_the_same_answer_in_about_the_same_time(mail_app, inbox):
    AuthActions(mail_app.test_client()).register()
    client = mail_app.test_client()
    auth = AuthActions(client)

    def timed(call) -> float:
        before = set(threading.enumerate())
        start = time.perf_counter()
        call()
        took = time.perf_counter() - start
        # The mail sent in the background must not slow the next request timed.
        for thread in set(threading.enumerate()) - before:
            thread.join(timeout=10)
        return took

    known = forgot(client, "ada@example.com")
    unknown = forgot(client, "nobody@example.com")
    assert known.status_code == unknown.status_code == 302
    page = client.get(known.location).text
    assert page.replace("ada@example.com", "X") == client.get(unknown.location).text.replace(
        "nobody@example.com", "X"
    )
    wrong = auth.login(password="not it at all")
    missing = auth.login(email="nobody@example.com", password="not it at all")
    assert wrong.status_code == missing.status_code == 400
    assert without_tokens(wrong.text) == without_tokens(
        missing.text.replace("nobody@example.com", "ada@example.com")
    )
    # Interleaved, in alternating order, so a busy machine slows both kinds alike.
    login_known, login_unknown, reset_known, reset_unknown = [], [], [], []
    for number in range(15):
        pairs = [
            (login_known, lambda: auth.login(password="not it")),
            (login_unknown, lambda: auth.login(email="no@example.com")),
            (reset_known, lambda: forgot(client, "ada@example.com")),
            (reset_unknown, lambda: forgot(client, "no@example.com")),
        ]
        for times, call in pairs if number % 2 else reversed(pairs):
            times.append(timed(call))
    # Before, an unknown email answered 12 times faster (39 ms against 476 ms).
    for one, other in ((login_known, login_unknown), (reset_known, reset_unknown)):
        a, b = statistics.median(one), statistics.median(other)
        print(f"medians: {a * 1000:.0f} ms and {b * 1000:.0f} ms")
        assert max(a, b) < 1.5 * min(a, b) + 0.01, (a, b)


def test_an_address_check_link_sent_before_registering_by_link_still_confirms_once(mail_app):
    auth = AuthActions(mail_app.test_client())
    auth.register()
    with mail_app.app_context():
        user = db.session.scalar(sa.select(User))
        user.email_verified_at = None
        token = email_links.issue(db.session, user, "verify", utcnow())
        db.session.commit()
    assert "Not confirmed yet" in auth.client.get("/account").text
    assert auth.client.get(f"/verify/{token}").status_code == 302
    assert "Confirmed" in auth.client.get("/account").text
    assert auth.client.get(f"/verify/{token}").status_code == 410


def test_without_a_mail_server_the_message_goes_to_the_log(app, database, caplog):
    AuthActions(app.test_client()).register()
    quiet = make_app(database, MAIL_SERVER=None)
    forgot(quiet.test_client(), "ada@example.com")
    newcomer = AuthActions(quiet.test_client())
    newcomer.client.post(
        "/register", data={"email": "bea@example.com", "csrf_token": newcomer.csrf()}
    )
    deadline = time.monotonic() + 10
    while not ("/reset/" in caplog.text and "/register/" in caplog.text):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "No MAIL_SERVER is set" in logged
    assert re.search(r"http://localhost/reset/[\w-]+", logged)
    assert re.search(r"http://localhost/register/finish/[\w.-]+", logged)
    with quiet.app_context():
        dispose_engine()


@pytest.mark.parametrize("password", ["password1", "Iloveyou", "  qwertyuiop "])
def test_the_most_used_passwords_are_refused_and_the_form_says_why(auth, password):
    response = auth.register(password=password)
    assert response.status_code == 400
    assert "most used passwords" in response.text
    assert 'value="ada@example.com"' in response.text


def is_up(person) -> bool:
    try:
        return person.request("GET", "/healthz")[0] == 200
    except OSError:
        return False


class SlowInbox(Inbox):
    """A real SMTP server that takes `seconds` to accept each message, as a busy one may."""

    def __init__(self, seconds: float):
        super().__init__()
        self.seconds = seconds

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        await asyncio.sleep(self.seconds)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def slow_inbox():
    yield from serve_smtp(SlowInbox(1.5))


def test_the_mail_a_page_started_is_waited_for_before_its_connections_close(database, slow_inbox):
    registered = make_app(database)
    AuthActions(registered.test_client()).register()
    with registered.app_context():
        dispose_engine()
    app = make_app(
        database, MAIL_SERVER="127.0.0.1", MAIL_PORT=slow_inbox.port, MAIL_SUPPRESS_SEND=False
    )
    client = app.test_client()
    assert forgot(client, "ada@example.com").status_code == 302
    assert slow_inbox.messages == []
    assert mail.finish_background_work(timeout=0.2) is False  # still talking to the server
    assert mail.finish_background_work(timeout=10) is True
    (message,) = slow_inbox.messages
    assert message["Subject"] == "Set a new Backpoint password"
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(EmailToken)) == 1
        dispose_engine()


def test_a_stopping_web_worker_still_sends_the_link_it_was_asked_for(database, slow_inbox):
    """gunicorn's SIGTERM (a deploy, a restart) lets the worker finish the reset mail first."""
    registered = make_app(database)
    AuthActions(registered.test_client()).register()
    with registered.app_context():
        dispose_engine()
    port = closed_port()
    env = {
        **os.environ,
        "SECRET_KEY": "x" * 32,
        "DATABASE_URL": database,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(slow_inbox.port),
        "WEB_CONCURRENCY": "1",
        "FLASK_SESSION_COOKIE_SECURE": "false",  # plain HTTP on 127.0.0.1
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-b", f"127.0.0.1:{port}", "webapp:create_app()"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        person = Browserless(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 30
        while not is_up(person):
            assert server.poll() is None and time.monotonic() < deadline, server.stderr.read()
            time.sleep(0.1)
        form = {"email": "ada@example.com", "csrf_token": person.csrf()}
        assert person.request("POST", "/forgot", urllib.parse.urlencode(form).encode())[0] == 200
        assert slow_inbox.messages == []
        server.send_signal(signal.SIGTERM)
        _, errors = server.communicate(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
            server.communicate()
    assert server.returncode == 0, errors
    (message,) = slow_inbox.messages
    assert message["Subject"] == "Set a new Backpoint password"
