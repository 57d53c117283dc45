"""Accounts in the browser: registering, the welcome, errors, and the account pages."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    ask_for_link,
    assert_accessible,
    assert_fits_width,
    register_through_the_page,
)
from tests.mailbox import OUTBOX


def check_page(page) -> None:
    """axe-core finds nothing in light and dark, and nothing scrolls sideways at 360 px."""
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert_accessible(page)
        assert_fits_width(page)
    page.emulate_media(color_scheme="light")


def test_new_person_registers_by_the_mailed_link_and_checks_in(page):
    page.goto("/routines/lower-back-basics")
    page.get_by_role("link", name="Start this routine").click()
    expect(page).to_have_url(re.compile(r"/start\?next="))
    page.get_by_role("link", name="Log in").last.click()
    page.get_by_role("link", name="Create an account").click()
    check_page(page)
    email = f"{uuid.uuid4().hex[:10]}@example.com"
    link = ask_for_link(page, email, "Email me a link")
    expect(page.get_by_text(email)).to_be_visible()
    check_page(page)
    page.goto(link)
    expect(page.get_by_role("heading", name="Choose your password")).to_be_visible()
    expect(page.get_by_label("Email")).to_have_value(email)
    check_page(page)
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("alert")).to_contain_text("Use at least 8 characters.")
    check_page(page)
    page.get_by_label("Password", exact=True).fill("a calm back 42")
    page.get_by_label("Password again").fill("a calm back 42")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", name="Before your first routine")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="I understand").click()
    expect(page.get_by_role("heading", name="Check in")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/routines/lower-back-basics/session$"))
    assert_accessible(page)
    page.goto(link)
    expect(page.get_by_role("heading", name="This link no longer works")).to_be_visible()
    check_page(page)


def test_register_errors_are_listed_linked_and_keep_the_address(page):
    page.goto("/register")
    page.get_by_label("Email").fill("not an email")
    page.get_by_role("button", name="Email me a link").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Enter a valid email address.")
    expect(page.get_by_label("Email")).to_have_value("not an email")
    expect(page.get_by_label("Email")).to_have_attribute("aria-invalid", "true")
    summary.get_by_role("link", name="Enter a valid email address.").click()
    expect(page.get_by_label("Email")).to_be_focused()
    check_page(page)


def test_a_taken_address_gets_the_same_page_as_a_new_one(page):
    email = f"{uuid.uuid4().hex[:10]}@example.com"
    register_through_the_page(page, email, "a calm back 42")
    page.get_by_role("link", name="Account").click()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You are logged out.")).to_be_visible()
    page.goto("/register")
    before = OUTBOX.count()
    page.get_by_label("Email").fill(email)
    page.get_by_role("button", name="Email me a link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    expect(page.get_by_text(email)).to_be_visible()
    assert "Someone tried" in OUTBOX.next_to(email, before).subject


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "path", ["/account", "/account/password", "/account/delete", "/logout", "/welcome"]
)
def test_account_pages_are_accessible(signed_in_page, path, scheme):
    signed_in_page.emulate_media(color_scheme=scheme)
    assert signed_in_page.goto(path).status == 200
    assert_fits_width(signed_in_page)
    assert_accessible(signed_in_page)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_login_page_is_accessible(page, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto("/login")
    assert_fits_width(page)
    assert_accessible(page)


def test_logging_out_and_back_in(page):
    email = f"{uuid.uuid4().hex[:10]}@example.com"
    register_through_the_page(page, email, "a calm back 42")
    page.get_by_role("link", name="Account").click()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You are logged out.")).to_be_visible()
    page.get_by_role("link", name="Log in").click()
    page.get_by_label("Email").fill(email.upper())
    page.get_by_label("Password").fill("a calm back 42")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Routines", level=1)).to_be_visible()
