"""Starting without an account in the browser: a whole session with no sign-up, securing the
log, logging out and back in; and every new page accessible (light and dark) at 360 px."""

import datetime as dt
import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    ask_for_link,
    assert_accessible,
    assert_fits_width,
    my_sessions,
    register_through_the_page,
    sessions_once_synced,
)
from tests.e2e.test_player import START, check_out, routine_data
from tests.shared import session_payload

PASSWORD = "a calm back 42"  # noqa: S105 (a throwaway account in a throwaway database)


def check_page(page) -> None:
    """axe-core finds nothing in light and dark, and nothing scrolls sideways at 360 px."""
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert_accessible(page)
        assert_fits_width(page)
    page.emulate_media(color_scheme="light")


def test_a_new_person_does_a_whole_session_secures_it_and_finds_it_again(page):
    routine = routine_data(page, "lower-back-basics")
    page.clock.install(time=START)
    page.goto("/routines/lower-back-basics")
    page.get_by_role("link", name="Start this routine").click()
    expect(page).to_have_url(re.compile(r"/start\?next="))
    expect(page.get_by_text("No sign-up needed")).to_be_visible()
    check_page(page)
    page.get_by_role("button", name="I understand: start").click()
    expect(page).to_have_url(re.compile(r"/routines/lower-back-basics/session$"))
    page.clock.pause_at(START + dt.timedelta(minutes=1))
    page.locator('input[name="pain"][value="6"]').check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Start").click()
    expect(page.locator("#screen-player")).to_be_visible()
    # Nothing about accounts in the middle of a session.
    expect(page.get_by_text("only on this device")).to_have_count(0)
    for step in routine["steps"]:
        page.clock.run_for(3000)
        page.clock.run_for(step["seconds"] * 1000)
    check_out(page, 3, note="Done without signing up.")
    page.clock.resume()
    expect(page.locator("#screen-summary")).to_be_visible()
    assert [s["note"] for s in my_sessions(page)] == ["Done without signing up."]

    page.goto("/history")
    expect(page.get_by_text("this log lives only on this device")).to_be_visible()
    expect(page.get_by_text("Done without signing up.")).to_be_visible()
    check_page(page)
    page.reload()
    expect(page.get_by_text("this log lives only on this device")).to_have_count(0)
    page.get_by_role("link", name="Secure your log").click()
    check_page(page)
    email = f"{uuid.uuid4().hex[:10]}@example.com"
    link = ask_for_link(page, email, "Email me a link")
    expect(page.get_by_text("every session logged here comes along")).to_be_visible()
    check_page(page)
    page.goto(link)
    expect(page.get_by_text("its 1 session stays in it")).to_be_visible()
    check_page(page)
    page.get_by_label("Password", exact=True).fill("password1")
    page.get_by_label("Password again").fill("password1")
    page.get_by_role("button", name="Secure my log").click()
    expect(page.get_by_text("most used passwords").first).to_be_visible()
    check_page(page)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Secure my log").click()
    expect(page.get_by_text("Your log is secured")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You are logged out.")).to_be_visible()
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto("/history")
    expect(page.get_by_text("Done without signing up.")).to_be_visible()
    expect(page.get_by_text("Kept on this device only")).to_have_count(0)


@pytest.mark.parametrize(
    "path",
    [
        "/forgot",
        "/forgot/sent?email=ada%40example.com",
        "/reset/not-a-link",
        "/register/sent?email=ada%40example.com",
        "/register/finish/not-a-link",
        "/login",
    ],
)
def test_the_new_email_pages_are_accessible_and_fit_a_phone(page, path):
    page.goto(path)
    check_page(page)


def test_forgot_password_is_reached_from_the_login_page_and_answers_calmly(page):
    page.goto("/login")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_text("Enter your email address.").first).to_be_visible()
    check_page(page)
    page.get_by_label("Email").fill("nobody-here@example.com")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    expect(page.get_by_text("works once, for 60 minutes")).to_be_visible()


def test_logging_in_from_this_devices_log_offers_to_move_it_once(page):
    email = f"{uuid.uuid4().hex[:10]}@example.com"
    register_through_the_page(page, email, PASSWORD)
    page.goto("/account")
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You are logged out.")).to_be_visible()
    page.goto("/start")
    page.get_by_role("button", name="I understand: start").click()
    page.goto("/account")
    expect(page.get_by_text("lives only on this device")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)
    check_page(page)
    status = page.evaluate(
        """async (body) => (await fetch('/api/sessions', {method: 'POST',
             headers: {'Content-Type': 'application/json',
                       'X-CSRFToken': document.querySelector('meta[name=csrf-token]').content},
             body: JSON.stringify(body)})).status""",
        session_payload(note="Kept on the phone"),
    )
    assert status == 201
    page.get_by_role("link", name="Log in to an account you have").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Move this device's sessions?")).to_be_visible()
    check_page(page)
    page.get_by_role("button", name="Move 1 session into this account").click()
    expect(page.get_by_text("1 session moved into this account.")).to_be_visible()
    expect(page.get_by_text("Kept on the phone")).to_be_visible()
    page.goto("/account/move")
    expect(page).to_have_url(re.compile(r"/history$"))


def test_moving_a_device_log_takes_its_waiting_sessions_along(context):
    # Not the `page` fixture: the refused sends below are meant to log console errors.
    page = context.new_page()
    email = f"{uuid.uuid4().hex[:10]}@example.com"
    register_through_the_page(page, email, PASSWORD)
    page.goto("/account")
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You are logged out.")).to_be_visible()
    page.goto("/start")
    page.get_by_role("button", name="I understand: start").click()
    page.goto("/history")
    device = page.evaluate("document.body.dataset.owner")

    # The server cannot take this device log's sessions for now: one is stored, one waits.
    def refuse_the_device_log(route):
        if route.request.headers.get("x-backpoint-owner") == device:
            route.fulfill(status=503, body="down")
        else:
            route.continue_()

    page.evaluate(
        """async (body) => (await fetch('/api/sessions', {method: 'POST',
             headers: {'Content-Type': 'application/json',
                       'X-CSRFToken': document.querySelector('meta[name=csrf-token]').content},
             body: JSON.stringify(body)})).status""",
        session_payload(note="Stored from the phone"),
    )
    # From here on, no retry can send the waiting one as the device log's (it is refused).
    page.route("**/api/sessions", refuse_the_device_log)
    save = """async (body) => (await import('/static/js/outbox.js')).saveToOutbox(body)"""
    page.evaluate(save, session_payload(note="Waiting on the phone"))
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name="Move 1 session into this account").click()
    expect(page.get_by_text("1 session moved into this account.")).to_be_visible()
    page.wait_for_function(
        "() => import('/static/js/outbox.js').then((m) => m.entries()).then((e) => !e.length)"
    )
    notes = {s["note"] for s in sessions_once_synced(page, 2)}
    page.reload()
    expect(page.get_by_text("Waiting on the phone")).to_be_visible()
    assert notes == {"Stored from the phone", "Waiting on the phone"}
