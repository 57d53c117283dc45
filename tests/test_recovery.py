"""Getting back in by email, through a real SMTP server (aiosmtpd on 127.0.0.1): reset links,
address checks, the "someone tried to register" message, and no account oracle."""

import email
import re
import statistics
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from tests.conftest import AuthActions, closed_port, make_app
from webapp.extensions import db
from webapp.models import EmailToken, SignIn, User, utcnow


class Inbox:
    """Keeps every message the SMTP server is handed."""

    def __init__(self):
        self.messages: list[email.message.Message] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        message = email.message_from_bytes(envelope.content)
        message["X-Rcpt"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 10) -> list[email.message.Message]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(self.messages) >= count, f"{len(self.messages)} of {count} messages arrived"
        return self.messages


def body(message) -> str:
    return message.get_payload(decode=True).decode()


def link_in(message, path: str) -> str:
    (link,) = re.findall(rf"http://localhost(/{path}/[\w-]+)", body(message))
    return link


@pytest.fixture
def inbox():
    handler = Inbox()
    handler.port = closed_port()
    controller = Controller(handler, hostname="127.0.0.1", port=handler.port)
    controller.start()
    yield handler
    controller.stop()


@pytest.fixture
def mail_app(database, inbox):
    app = make_app(
        database,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=inbox.port,
        MAIL_SUPPRESS_SEND=False,  # Flask-Mail sends nothing under TESTING otherwise
        LOGIN_MAX_FAILURES_PER_ACCOUNT=100,
        LOGIN_MAX_FAILURES_PER_ADDRESS=100,
    )
    yield app
    with app.app_context():
        db.engine.dispose()


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
        start = time.perf_counter()
        call()
        return time.perf_counter() - start

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


def test_registration_sends_an_address_check_that_confirms_once(mail_app, inbox):
    auth = AuthActions(mail_app.test_client())
    auth.register()
    (message,) = inbox.wait_for(1)
    assert message["Subject"] == "Confirm your address for Backpoint"
    assert "Not confirmed yet" in auth.client.get("/account").text
    link = link_in(message, "verify")
    assert auth.client.get(link).status_code == 302
    assert "Confirmed" in auth.client.get("/account").text
    assert auth.client.get(link).status_code == 410


def test_registering_a_taken_address_tells_its_owner_not_the_page(mail_app, inbox):
    AuthActions(mail_app.test_client()).register()
    inbox.wait_for(1)
    stranger = AuthActions(mail_app.test_client())
    response = stranger.register(email="ADA@example.com", password="someone elses back")
    assert response.status_code == 302
    assert "already" not in stranger.client.get(response.location).text
    (_, message) = inbox.wait_for(2)
    assert message["X-Rcpt"] == "ada@example.com"
    assert message["Subject"] == "Someone tried to create a Backpoint account"
    assert "/forgot" in body(message)


def test_without_a_mail_server_the_message_goes_to_the_log(database, caplog):
    app = make_app(database)
    AuthActions(app.test_client()).register()
    forgot(app.test_client(), "ada@example.com")
    deadline = time.monotonic() + 10
    while "/reset/" not in caplog.text and time.monotonic() < deadline:
        time.sleep(0.05)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "No MAIL_SERVER is set" in logged
    assert re.search(r"http://localhost/reset/[\w-]+", logged)
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("password", ["password1", "Iloveyou", "  qwertyuiop "])
def test_the_most_used_passwords_are_refused_and_the_form_says_why(auth, password):
    response = auth.register(password=password)
    assert response.status_code == 400
    assert "most used passwords" in response.text
    assert 'value="ada@example.com"' in response.text
