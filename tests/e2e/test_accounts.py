"""Accounts in the browser: registering, the welcome, errors, and the account pages."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, assert_fits_width, register_through_the_page


def test_new_person_registers_reads_the_welcome_and_checks_in(page):
    page.goto("/routines/lower-back-basics")
    page.get_by_role("link", name="Start this routine").click()
    expect(page).to_have_url(re.compile(r"/start\?next="))
    page.get_by_role("link", name="Log in").last.click()
    page.get_by_role("link", name="Create an account").click()
    assert_accessible(page)
    email = f"{uuid.uuid4().hex[:10]}@example.com"
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill("a calm back 42")
    page.get_by_label("Password again").fill("a calm back 42")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Before your first routine")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="I understand").click()
    expect(page.get_by_role("heading", name="Check in")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/routines/lower-back-basics/session$"))
    assert_accessible(page)


def test_register_errors_are_listed_linked_and_accessible(page):
    page.goto("/register")
    page.get_by_label("Email").fill("not an email")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_role("button", name="Create account").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Enter a valid email address.")
    expect(summary).to_contain_text("Use at least 8 characters.")
    expect(page.get_by_label("Email")).to_have_value("not an email")
    expect(page.get_by_label("Email")).to_have_attribute("aria-invalid", "true")
    summary.get_by_role("link", name="Use at least 8 characters.").click()
    expect(page.get_by_label("Password", exact=True)).to_be_focused()
    assert_accessible(page)


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
