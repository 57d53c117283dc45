"""A link for the clinician: made from the report, opened in a fresh browser with and without
its passcode, listed with its opens, ended (the next open is a 404) and expired."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, assert_fits_width
from tests.e2e.test_history import log_sessions, person, session  # noqa: F401
from tests.shared import PHONE
from webapp.doctor_models import ShareLink
from webapp.extensions import db


def make_link(page, validity: str = "A week", passcode: str = "") -> str:
    """Make a link through the report's own pages; return its address as shown."""
    page.goto("/report")
    page.get_by_role("link", name="Share with my clinician").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Share with your clinician")
    page.get_by_label(validity).check()
    if passcode:
        page.get_by_label("Passcode (optional)").fill(passcode)
    page.get_by_label("Your name on the link (optional)").fill("Ada Lovelace")
    page.get_by_role("button", name="Make the link").click()
    expect(page.get_by_role("img", name="QR code of the link below")).to_be_visible()
    return page.locator("#new-link-url").text_content().strip()


@pytest.fixture
def clinician(browser, live_server):
    """A fresh browser with no account and no cookies: the clinician's."""
    context = browser.new_context(viewport=PHONE)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_link_with_a_passcode_opens_for_the_clinician_and_shows_its_open(
    person,  # noqa: F811
    clinician,
    scheme,
):
    page = person
    for target in (page, clinician):
        target.emulate_media(color_scheme=scheme)
    log_sessions(page, [session(2, 6, 3), session(1, 7, 4)])
    page.goto("/report/share")
    assert_accessible(page)
    assert_fits_width(page)
    url = make_link(page, "A day", passcode="4271")
    assert "/shared/" in url and len(url.rsplit("/", 1)[1]) >= 43
    expect(page.locator("#new-link")).to_contain_text(url)
    assert_accessible(page)
    assert_fits_width(page)

    response = clinician.goto(url)
    assert response.headers["cache-control"] == "no-store"
    assert "noindex" in response.headers["x-robots-tag"]
    assert response.headers["referrer-policy"] == "no-referrer"
    expect(clinician.get_by_label("Passcode")).to_be_visible()
    assert_accessible(clinician)
    clinician.get_by_label("Passcode").fill("1111")
    clinician.get_by_role("button", name="Open the report").click()
    expect(clinician.get_by_role("alert")).to_contain_text("That passcode is not right")
    assert_accessible(clinician)
    clinician.get_by_label("Passcode").fill("4271")
    clinician.get_by_role("button", name="Open the report").click()
    expect(clinician.locator("#shared-by")).to_contain_text("Shared by")
    expect(clinician.locator("#shared-by")).to_contain_text("works until")
    expect(clinician.locator("#report-person")).to_have_text("Ada Lovelace")
    expect(clinician.get_by_role("heading", name="Overview")).to_be_visible()
    assert clinician.locator('meta[name="robots"]').get_attribute("content").startswith("noindex")
    assert_accessible(clinician)
    assert_fits_width(clinician)

    page.goto("/report/links")
    item = page.locator(".share-list > li").first
    expect(item.locator(".link-opens")).to_contain_text("Opened 1 time:")
    expect(item).to_contain_text("Passcode set.")
    expect(page.locator("#new-link")).to_have_count(0)
    assert_accessible(page)


def test_a_link_without_passcode_opens_directly_then_ended_is_a_404(person, clinician):  # noqa: F811
    page = person
    log_sessions(page, [session(1, 6, 3)])
    url = make_link(page)
    expect(clinician.get_by_role("heading", name="Acupressure and back pain log")).to_have_count(0)
    assert clinician.goto(url).status == 200
    expect(clinician.get_by_role("heading", name="Acupressure and back pain log")).to_be_visible()
    page.goto("/report/links")
    page.get_by_role("button", name="End this link now").click()
    expect(page.get_by_text("The link is ended: it no longer opens.")).to_be_visible()
    expect(page.locator(".share-list > li").first).to_contain_text("Ended")
    assert clinician.goto(url).status == 404


def test_an_expired_link_is_a_404_and_listed_as_expired(person, clinician, live_server):  # noqa: F811
    page = person
    url = make_link(page, "A day")
    assert clinician.goto(url).status == 200
    with live_server.app.app_context():
        link = db.session.scalars(sa.select(ShareLink).order_by(ShareLink.id.desc())).first()
        link.expires_at = datetime.now(UTC) - timedelta(seconds=1)
        db.session.commit()
    assert clinician.goto(url).status == 404
    page.goto("/report/links")
    expect(page.locator(".share-list > li").first).to_contain_text("Expired")


def test_the_service_worker_never_keeps_a_shared_report(person):  # noqa: F811
    page = person
    url = make_link(page)
    page.goto("/history")
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=15_000)
    assert page.goto(url).status == 200
    cached = page.evaluate(
        """async () => {
          const urls = [];
          for (const name of await caches.keys()) {
            for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
          }
          return urls;
        }"""
    )
    assert cached and not [item for item in cached if "/shared/" in item or "/report/links" in item]


def test_guessing_the_passcode_is_paused_like_a_login(person, clinician, live_server):  # noqa: F811
    page = person
    url = make_link(page, passcode="4271")
    clinician.goto(url)
    for _ in range(live_server.app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]):
        clinician.get_by_label("Passcode").fill("0000")
        clinician.get_by_role("button", name="Open the report").click()
        expect(clinician.get_by_role("alert")).to_contain_text("That passcode is not right")
    clinician.get_by_label("Passcode").fill("4271")
    with clinician.expect_navigation() as navigation:
        clinician.get_by_role("button", name="Open the report").click()
    assert navigation.value.status == 429
    expect(clinician.get_by_role("heading", level=1)).to_have_text("Too many tries")
    assert_accessible(clinician)
