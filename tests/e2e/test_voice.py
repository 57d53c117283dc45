"""Spoken guidance for routines done lying down: offered before Start, and heard at each step."""

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible

ROUTINE = "seven-points-lying-down"
RECORD_SPEECH = """
window.__spoken = [];
if (!('speechSynthesis' in window)) {
  window.speechSynthesis = { cancel() {}, speak() {} };
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
}
speechSynthesis.speak = (utterance) => { window.__spoken.push(utterance.text); };
"""


def test_lying_down_routine_offers_voice_and_speaks_each_step(signed_in_page):
    page = signed_in_page
    page.add_init_script(RECORD_SPEECH)
    routine = page.request.get(f"/api/routines/{ROUTINE}").json()
    assert routine["lying_down"] is True
    page.clock.install()
    page.goto(f"/routines/{ROUTINE}/session")
    page.evaluate("localStorage.removeItem('backpoint:cues')")
    page.reload()
    page.locator('input[name="pain"][value="5"]').check()
    page.get_by_role("button", name="Continue").click()
    offer = page.get_by_role("button", name="Guide me by voice")
    expect(offer).to_be_visible()
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert_accessible(page)
    offer.click()
    expect(page.locator("#voice-status")).to_contain_text("Spoken guidance is on")
    page.get_by_role("button", name="Start").click()
    page.clock.run_for((routine["total_seconds"] + 2) * 1000)
    expect(page.locator("#screen-checkout")).to_be_visible()
    spoken = page.evaluate("window.__spoken")
    first = routine["steps"][0]
    assert spoken[0] == "Spoken guidance is on."
    assert f"{first['point_name']}, both sides. Get ready." in spoken
    assert f"Press and hold for {first['seconds']} seconds." in spoken
    assert "Switch to the right side." in spoken
    assert spoken[-1] == "Well done. You can let go now."
    holds = [text for text in spoken if text.startswith("Press and hold")]
    assert len(holds) == len(routine["steps"])


def test_other_routines_do_not_offer_voice(signed_in_page):
    page = signed_in_page
    page.goto("/routines/lower-back-basics/session")
    page.locator('input[name="pain"][value="5"]').check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("button", name="Start")).to_be_visible()
    assert page.locator("#voice-offer").count() == 0
