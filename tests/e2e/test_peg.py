"""The weekly PEG on a phone: a calm invitation on the home page, answered (also offline),
seen in history beside pain, corrected; every new page passes axe-core light and dark."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, assert_fits_width
from tests.e2e.test_history import log_sessions, person, session  # noqa: F401
from tests.e2e.test_offline import outbox


def answer_peg(page, pain: int, enjoyment: int, activity: int) -> None:
    for name, value in (("pain", pain), ("enjoyment", enjoyment), ("activity", activity)):
        page.locator(f'#peg-form input[name="{name}"][value="{value}"]').check()
    page.get_by_role("button", name="Save my answers").click()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_home_invites_once_a_week_and_the_answers_show_in_history(person, scheme):  # noqa: F811
    page = person
    page.emulate_media(color_scheme=scheme)
    log_sessions(page, [session(2, 6, 3)])
    page.goto("/")
    invite = page.get_by_role("region", name="Your week in three questions")
    expect(invite).to_be_visible()
    assert_accessible(page)
    assert_fits_width(page)
    invite.get_by_role("link", name="Answer the three questions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your week: three questions")
    assert_accessible(page)
    assert_fits_width(page)
    page.get_by_role("button", name="Save my answers").click()
    expect(page.locator(".peg-status")).to_have_text("Please answer all three questions.")
    expect(page.locator("#pain-error")).to_be_visible()
    answer_peg(page, 6, 5, 8)
    expect(page.locator(".peg-status")).to_have_text(
        "Your answers are saved. Your score shows in your history."
    )
    (stored,) = page.request.get("/api/peg").json()
    assert (stored["pain"], stored["enjoyment"], stored["activity"], stored["score"]) == (
        6,
        5,
        8,
        6.3,
    )
    page.goto("/")
    expect(page.get_by_role("region", name="Your week in three questions")).to_have_count(0)
    page.goto("/history")
    peg = page.get_by_role("region", name="How pain affects your weeks")
    expect(peg.locator(".peg-list")).to_contain_text("score 6.3")
    expect(peg.get_by_role("img", name="PEG score week by week")).to_be_visible()
    assert_accessible(page)
    peg.get_by_role("link", name="Edit").click()
    assert_accessible(page)
    assert_fits_width(page)
    page.locator('input[name="activity"][value="2"]').check()
    page.get_by_role("button", name="Save the changes").click()
    expect(page.get_by_text("Changes saved.")).to_be_visible()
    expect(page.locator(".peg-list")).to_contain_text("score 4.3")
    assert page.request.get("/api/peg").json()[0]["updated_at"] is not None
    page.locator(".peg-list").get_by_role("link", name="Edit").click()
    page.get_by_role("link", name="Delete these answers").click()
    assert_accessible(page)
    assert_fits_width(page)
    page.get_by_role("button", name="Delete these answers").click()
    expect(page.get_by_text("The answers are deleted.")).to_be_visible()
    assert page.request.get("/api/peg").json() == []


def test_answers_given_offline_wait_in_the_outbox_and_sync_once(person):  # noqa: F811
    page, context = person, person.context
    page.goto("/history/peg")
    context.set_offline(True)
    answer_peg(page, 3, 2, 4)
    expect(page.locator(".peg-status")).to_have_text(
        "Your answers are saved on this device; they will sync when it can."
    )
    (entry,) = outbox(page)
    assert entry["url"] == "/api/peg" and entry["owner"]
    expect(page.locator("#sync-status")).to_contain_text("1 waiting to sync")
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#sync-status")).to_be_hidden()
    assert outbox(page) == []
    stored = page.request.get("/api/peg").json()
    assert [(a["pain"], a["enjoyment"], a["activity"]) for a in stored] == [(3, 2, 4)]


def test_the_invitation_after_a_session_never_stands_in_its_way(person):  # noqa: F811
    page = person
    page.goto("/routines/lower-back-basics/session")
    summary = page.locator("#screen-summary")
    expect(summary).to_be_hidden()
    expect(summary.locator('a[href="/history/peg"]')).to_have_count(1)
    expect(page.locator("#checkin")).to_be_visible()
    expect(page.locator("#checkin a[href='/history/peg']")).to_have_count(0)


def test_a_correction_made_offline_waits_in_the_outbox_and_is_applied(person):  # noqa: F811
    page, context = person, person.context
    page.goto("/history/peg")
    answer_peg(page, 6, 5, 8)
    expect(page.locator(".peg-status")).to_contain_text("Your answers are saved.")
    (stored,) = page.request.get("/api/peg").json()
    page.goto(f"/history/peg/{stored['id']}")
    context.set_offline(True)
    page.locator('input[name="enjoyment"][value="1"]').check()
    page.get_by_role("button", name="Save the changes").click()
    expect(page.locator(".peg-status")).to_have_text(
        "Saved on this device; it will sync when it can."
    )
    (entry,) = outbox(page)
    assert entry["method"] == "PATCH" and entry["url"] == f"/api/peg/{stored['id']}"
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#sync-status")).to_be_hidden()
    (fixed,) = page.request.get("/api/peg").json()
    assert (fixed["pain"], fixed["enjoyment"], fixed["activity"], fixed["score"]) == (6, 1, 8, 5.0)
