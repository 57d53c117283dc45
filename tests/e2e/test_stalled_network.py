"""A connection that does not answer (a stalled mobile network) does not keep a person waiting at
Save: the session is kept on the device, the summary says so, and it is stored once later."""

from playwright.sync_api import expect

from tests.e2e.conftest import my_sessions, sessions_once_synced
from tests.e2e.test_offline import controlled, outbox


def test_a_send_that_gets_no_answer_does_not_hold_the_summary(signed_in_page):
    page, context = signed_in_page, signed_in_page.context
    before = len(my_sessions(page))
    held = []

    def never_answer(route):
        if route.request.method == "POST":
            held.append(route)  # neither answered nor passed on: the request waits
        else:
            route.fallback()

    page.clock.install()
    controlled(page)
    context.route("**/api/sessions", never_answer)
    page.locator('input[name="pain"][value="6"]').check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Start").click()
    page.clock.run_for((90 + 60 + 60 + 60 + 4 * 3) * 1000)
    page.locator('input[name="pain_after"][value="3"]').check()
    page.get_by_role("button", name="Save").click()
    for _ in range(100):  # the send has begun: the summary's wait is counting
        if held:
            break
        page.wait_for_timeout(100)
    page.clock.run_for(6_000)
    expect(page.locator("#screen-summary")).to_be_visible()
    expect(page.locator("#summary-sync")).to_have_text(
        "Saved on this device; it will sync when it can."
    )
    assert len(held) == 1 and len(outbox(page)) == 1
    context.unroute("**/api/sessions", never_answer)
    page.clock.run_for(45_000)
    expect(page.locator("#sync-status")).to_be_hidden()
    assert outbox(page) == []
    assert len(sessions_once_synced(page, before + 1)) == before + 1
