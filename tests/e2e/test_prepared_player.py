"""The player is laid out before the Start tap, once the check-in has passed, unseen and inert."""

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.e2e.test_player import ready_to_start, routine_data

LAID_OUT = """() => {
  const screen = document.getElementById('screen-player');
  const title = document.getElementById('player-title');
  return {
    hidden: screen.hidden,
    inert: screen.inert,
    titleWidth: title.getBoundingClientRect().width,
    title: title.textContent,
    mapWidth: screen.querySelector('#player-maps > figure:not([hidden])')
      ?.getBoundingClientRect().width ?? 0,
    height: screen.getBoundingClientRect().height,
  };
}"""


def test_before_the_check_in_passes_the_player_is_not_there(signed_in_page):
    page = signed_in_page
    page.goto("/routines/lower-back-basics/session")
    expect(page.locator("#checkin")).to_be_visible()
    found = page.evaluate(LAID_OUT)
    assert found["hidden"] and found["titleWidth"] == 0


def test_after_the_check_in_the_player_is_laid_out_unseen_and_out_of_reach(signed_in_page):
    page = signed_in_page
    step = routine_data(page, "lower-back-basics")["steps"][0]
    ready_to_start(page)
    found = page.evaluate(LAID_OUT)
    # Laid out with its first step (so the tap does not pay for it), but no height of its own.
    assert not found["hidden"] and found["inert"]
    assert found["titleWidth"] > 0 and found["mapWidth"] > 0
    assert found["title"] == f"{step['point']} {step['point_name']}"
    assert found["height"] == 0
    expect(page.locator("#screen-player")).to_be_hidden()
    expect(page.get_by_role("button", name="Pause")).to_have_count(0)  # not in the a11y tree
    # The keyboard never lands in it: Tab from Start goes on to what follows on the page.
    page.get_by_role("button", name="Start").focus()
    for _ in range(6):
        page.keyboard.press("Tab")
        inside = page.evaluate("document.activeElement.closest('#screen-player') !== null")
        assert not inside
    assert_accessible(page, fake_clock=True)
    page.emulate_media(color_scheme="dark")
    assert_accessible(page)
    # The tap shows it, no longer inert, on the first get-ready.
    page.get_by_role("button", name="Start").click()
    expect(page.locator("#screen-player")).to_be_visible()
    expect(page.locator("#player-phase")).to_have_text("Get ready")
    assert page.evaluate("document.getElementById('screen-player').inert") is False
    expect(page.get_by_role("button", name="Pause")).to_be_visible()
