"""The player, check-in and check-out on small phones and with large text: nothing off screen
sideways, nothing covering a control, the countdown inside its ring, cautions in full."""

import datetime as dt
import json
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_fits_width, register_through_the_page
from tests.e2e.test_player import START
from tests.shared import CHROMIUM, CHROMIUM_ARGS

LARGE = "html { font-size: 200% !important; }"
SIZES = {"small": {"width": 320, "height": 568}, "large-text": {"width": 360, "height": 740}}

# Every visible control whose centre is not itself (or inside itself) at elementFromPoint.
COVERED = """
(body) => {
  const found = [];
  const root = body.querySelector('dialog[open]') ?? body;
  const controls = root.querySelectorAll('button, a[href], input, select, textarea, summary');
  for (const control of controls) {
    const skipped = control.closest('[hidden], .visually-hidden, .skip-link');
    const seen = control.checkVisibility({ visibilityProperty: true, checkVisibilityCSS: true });
    if (!seen || skipped) continue;
    const target = control.type === 'radio' || control.type === 'checkbox'
      ? control.closest('label') ?? control : control;
    target.scrollIntoView({ block: 'center', inline: 'center' });
    const box = target.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    const ok = hit
      && (target.contains(hit) || hit.contains(target) || hit.closest('label') === target);
    const name = (element) => element?.outerHTML.slice(0, 80);
    if (!ok) found.push(`${name(control)} is covered by ${name(hit)}`);
  }
  window.scrollTo(0, 0);
  return found;
}
"""

# Buttons whose label spills out of them.
SPILLING = """
() => [...document.querySelectorAll('button, .button')]
  .filter((b) => b.checkVisibility({ visibilityProperty: true, checkVisibilityCSS: true }))
  .filter((b) => b.scrollWidth > b.clientWidth + 1)
  .map((b) => `${b.textContent.trim()}: ${b.scrollWidth} > ${b.clientWidth}`)
"""

RING = """
() => {
  const ring = document.querySelector('.ring').getBoundingClientRect();
  const count = document.getElementById('player-count').getBoundingClientRect();
  const inside = count.left >= ring.left && count.right <= ring.right
    && count.top >= ring.top && count.bottom <= ring.bottom;
  const edges = (box) => [box.left, box.top, box.right, box.bottom];
  return inside ? null : { ring: edges(ring), count: edges(count) };
}
"""

CAUTIONS = """
() => {
  const list = document.getElementById('player-caution');
  if (list.hidden) return null;
  const clipped = list.scrollHeight > list.clientHeight + 1
    || getComputedStyle(list).overflowY === 'auto';
  return clipped ? `cautions are clipped: ${list.scrollHeight} > ${list.clientHeight}` : null;
}
"""


@pytest.fixture(params=list(SIZES))
def phone(request, playwright, live_server, tmp_path):
    """A signed-in phone: 320 x 568, or 360 x 740 with text at 200% and a 24 px minimum font."""
    profile = tmp_path / "profile"
    large = request.param == "large-text"
    if large:
        (profile / "Default").mkdir(parents=True)
        prefs = {"webkit": {"webprefs": {"minimum_font_size": 24, "minimum_logical_font_size": 24}}}
        (profile / "Default" / "Preferences").write_text(json.dumps(prefs))
    context = playwright.chromium.launch_persistent_context(
        str(profile),
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        base_url=live_server.url,
        viewport=SIZES[request.param],
        bypass_csp=True,  # the page's CSP would refuse the test's own <style>
    )
    context.set_default_timeout(10_000)
    page = context.pages[0] if context.pages else context.new_page()
    register_through_the_page(page, f"{uuid.uuid4().hex[:12]}@example.com", "a calm back 42")
    if large:
        # As add_style_tag does, but on every page the test opens.
        page.add_init_script(
            "addEventListener('DOMContentLoaded', () => {"
            " const style = document.createElement('style');"
            f" style.textContent = {json.dumps(LARGE)}; document.head.append(style); }})"
        )
    page.screenshot_name = request.param
    if large:
        page.goto("/routines")
        assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "32px"
    yield page
    context.close()


def check_screen(page, state, ring=False):
    assert_fits_width(page)
    page.screenshot(path=f"/tmp/t13/{page.screenshot_name}-{state}.png", full_page=True)
    covered = page.locator("body").evaluate(COVERED)
    assert not covered, f"{state}: " + "\n".join(covered)
    spilling = page.evaluate(SPILLING)
    assert not spilling, f"{state}: " + ", ".join(spilling)
    small = page.evaluate(SMALL_TARGETS)
    assert not small, f"{state}: " + "\n".join(small)
    if ring:
        for name in ("back", "pause", "skip", "stop"):
            box = page.locator(f"#player-{name}").bounding_box()
            assert box["width"] >= 44 and box["height"] >= 44, (state, name, box)
        assert page.evaluate(RING) is None, (
            f"{state}: countdown outside its ring {page.evaluate(RING)}"
        )
        assert page.evaluate(CAUTIONS) is None, state


def test_every_player_state_fits_and_every_control_can_be_tapped(phone):
    page = phone
    page.clock.install(time=START)
    page.goto("/routines/shoulders-to-ankles-five-points/session")
    page.clock.pause_at(START + dt.timedelta(minutes=1))
    focused = page.evaluate(
        "[document.activeElement.id, getComputedStyle(document.activeElement).outlineStyle]"
    )
    assert focused == ["checkin-title", "none"], "a script-focused heading has no error-like box"
    check_screen(page, "checkin")
    page.locator('input[name="pain"][value="4"]').check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#screen-ready")).to_be_visible()
    check_screen(page, "ready")
    page.get_by_role("button", name="Start").click()
    check_screen(page, "get-ready", ring=True)
    page.clock.run_for(4000)
    expect(page.locator("#player-phase")).to_have_text("Press and hold")
    check_screen(page, "hold", ring=True)
    page.get_by_role("button", name="Pause").click()
    check_screen(page, "paused", ring=True)
    for _ in range(4):
        page.get_by_role("button", name="Skip").click()
    expect(page.locator("#player-title")).to_contain_text("BL40")
    page.clock.run_for(4000)
    check_screen(page, "hold-bl40", ring=True)
    expect(page.locator("#player-caution li").first).to_contain_text("blood clot")
    page.locator(".cue-settings summary").click()
    check_screen(page, "cues-open", ring=True)
    page.get_by_role("button", name="Stop").click()
    check_screen(page, "stop-dialog")
    page.get_by_role("button", name="End the session").click()
    expect(page.locator("#screen-checkout")).to_be_visible()
    check_screen(page, "checkout")
    page.locator('input[name="pain_after"][value="3"]').check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#screen-summary")).to_be_visible()
    check_screen(page, "summary")


# Buttons, links and form controls smaller than 24 x 24 CSS px, except links inside a sentence
# (WCAG 2.5.8's inline exception).
SMALL_TARGETS = """
() => {
  const small = [];
  const targets = document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary');
  for (const target of targets) {
    const seen = target.checkVisibility({ visibilityProperty: true, checkVisibilityCSS: true });
    if (!seen || target.closest('.visually-hidden, .skip-link')) continue;
    const box = target.getBoundingClientRect();
    if (box.width >= 24 && box.height >= 24) continue;
    const parent = target.parentElement;
    const inSentence = getComputedStyle(target).display === 'inline'
      && [...parent.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!inSentence) small.push(`${target.outerHTML.slice(0, 90)} is ${box.width}x${box.height}`);
  }
  return small;
}
"""

MAIN_PAGES = [
    "/",
    "/about",
    "/routines",
    "/routines/lower-back-basics",
    "/points",
    "/points/BL40",
    "/history",
    "/history/add",
    "/history/pain-check",
    "/report",
    "/account",
]


def test_every_button_and_link_of_the_main_pages_is_at_least_24_px(signed_in_page):
    page = signed_in_page
    token = page.request.get("/api/csrf-token").json()["csrf_token"]
    page.request.post(
        "/api/sessions",
        data=json.dumps(
            {
                "id": str(uuid.uuid4()),
                "routine": "lower-back-basics",
                "started_at": "2026-11-30T08:00:00+00:00",
                "ended_at": "2026-11-30T08:05:00+00:00",
                "pain_before": 5,
                "pain_after": 3,
                "outcome": "completed",
                "note": "",
            }
        ),
        headers={"Content-Type": "application/json", "X-CSRFToken": token},
    )
    own = page.request.get("/api/sessions").json()[0]["id"]
    small = {}
    for path in [*MAIN_PAGES, f"/history/{own}", f"/history/{own}/delete"]:
        page.goto(path)
        for details in page.locator("details").all():
            details.evaluate("(d) => { d.open = true; }")
        found = page.evaluate(SMALL_TARGETS)
        if found:
            small[path] = found
    assert not small, json.dumps(small, indent=1)
