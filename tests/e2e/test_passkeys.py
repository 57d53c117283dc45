"""Passkeys in Chromium with a virtual authenticator (CDP WebAuthn, ctap2, internal, resident
key, user verification), served at http://localhost:PORT (a valid relying party ID)."""

import re
import uuid

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from tests.e2e.conftest import register_through_the_page
from tests.e2e.test_start_without_account import check_page
from tests.shared import PHONE
from webapp.extensions import db
from webapp.models import Passkey, User


@pytest.fixture
def local_page(browser, live_server):
    """A phone page on http://localhost:PORT with a virtual platform authenticator."""
    context = browser.new_context(
        base_url=live_server.url.replace("127.0.0.1", "localhost"), viewport=PHONE
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    yield page
    context.close()


def add_passkey(page):
    page.goto("/account")
    page.get_by_role("button", name="Add a passkey").click()
    expect(page.get_by_text("Your passkey is added")).to_be_visible()


def sign_in_with_passkey(page):
    page.goto("/login")
    page.get_by_role("button", name="Sign in with a passkey").click()
    expect(page).to_have_url(re.compile(r"/history$"))


def test_register_a_passkey_sign_out_sign_in_with_it_and_remove_it(local_page):
    page = local_page
    register_through_the_page(page, f"{uuid.uuid4().hex[:10]}@example.com", "a calm back 42")
    page.goto("/account")
    expect(page.get_by_text("No passkey yet.")).to_be_visible()
    add_passkey(page)
    expect(page.get_by_role("button", name=re.compile(r"^Remove the passkey"))).to_have_count(1)
    check_page(page)
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You are logged out.")).to_be_visible()
    sign_in_with_passkey(page)
    page.goto("/account")
    expect(page.get_by_text("Signed in with a passkey")).to_be_visible()
    page.get_by_role("button", name=re.compile(r"^Remove the passkey")).click()
    expect(page.get_by_text("That passkey is removed.")).to_be_visible()
    expect(page.get_by_text("No passkey yet.")).to_be_visible()


def test_a_passkey_alone_secures_a_log_started_without_an_account(local_page):
    page = local_page
    page.goto("/start")
    page.get_by_role("button", name="I understand: start").click()
    page.goto("/account")
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)
    add_passkey(page)
    expect(page.get_by_text("Kept on this device only")).to_have_count(0)
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You are logged out.")).to_be_visible()
    sign_in_with_passkey(page)
    expect(page.get_by_role("link", name="Account")).to_be_visible()


def test_a_passkey_sign_in_cannot_be_replayed(local_page, playwright, live_server):
    page = local_page
    email = f"{uuid.uuid4().hex[:10]}@example.com"
    register_through_the_page(page, email, "a calm back 42")
    add_passkey(page)
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You are logged out.")).to_be_visible()
    sent = []
    page.on(
        "request",
        lambda r: (
            sent.append((r.all_headers(), r.post_data)) if r.url.endswith("/sign-in") else None
        ),
    )
    sign_in_with_passkey(page)
    ((headers, body),) = sent
    # Synced passkeys often count no uses (always 0), so the counter cannot catch a replay.
    with live_server.app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        db.session.execute(
            sa.update(Passkey).where(Passkey.user_id == user.id).values(sign_count=0)
        )
        db.session.commit()
    # The same signed answer and the cookie it came with, sent again by someone who copied them.
    copier = playwright.request.new_context(base_url=page.url.split("/history")[0])
    keep = ("cookie", "x-csrftoken", "content-type", "origin")
    again = copier.post(
        "/passkeys/sign-in", data=body, headers={k: v for k, v in headers.items() if k in keep}
    )
    assert again.status == 400, again.text()
    assert "Start again" in again.json()["errors"]["passkey"]
    copier.dispose()
