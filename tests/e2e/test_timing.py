"""Real time, no fake clock: the timer's transitions land where the wall clock says they should."""

import pytest
from playwright.sync_api import expect

from tests.shared import add_timing_routine
from webapp.extensions import db

pytestmark = pytest.mark.realtime

HOLDS = [("BL23", "both", 2), ("GV20", "center", 2)]
GET_READY_MS = 3000
MAX_DRIFT_MS = 100
LATE_TIMEOUT_MS = 15
"""How late the test makes every long setTimeout fire: less than the player's 20 ms lead."""
OTHERS_TARGET_MS = 5
"""Issue 17: every transition after the first within 5 ms of where the timeline puts it."""
MARKS = """(root) => {
  window.marks = [];
  const mark = (name) => (e) => window.marks.push({ name, at: performance.now(), ...e.detail });
  document.getElementById('start').addEventListener('click', mark('start'), { capture: true });
  document.getElementById('player-skip').addEventListener('click', mark('skip'), { capture: true });
  root.addEventListener('backpoint:segment', mark('segment'));
  root.addEventListener('backpoint:end', mark('end'));
}"""


@pytest.fixture(scope="module")
def short_routine(live_server):
    """A real routine of two 2-second holds, stored in the live server's database."""
    with live_server.app.app_context():
        slug = add_timing_routine(db.session, HOLDS)
        db.session.commit()
    return slug


def start_listening(page, slug):
    """Check in, record each tap and transition with performance.now() in window.marks, Start."""
    page.goto(f"/routines/{slug}/session")
    page.locator('input[name="pain"][value="4"]').check()
    page.get_by_role("button", name="Continue").click()
    page.locator("#session").evaluate(MARKS)
    page.get_by_role("button", name="Start").click()


def test_transitions_follow_the_wall_clock_within_100_ms(signed_in_page, short_routine):
    page = signed_in_page
    start_listening(page, short_routine)
    expect(page.locator("#screen-checkout")).to_be_visible(timeout=30_000)
    marks = page.evaluate("window.marks")
    start = marks[0]["at"]
    expected, t = [], 0
    for _, _, seconds in HOLDS:
        expected += [t, t + GET_READY_MS]
        t += GET_READY_MS + seconds * 1000
    expected.append(t)
    actual = [mark["at"] - start for mark in marks[1:]]
    assert [m["name"] for m in marks[1:]] == ["segment"] * 4 + ["end"]
    drifts = [abs(a - e) for a, e in zip(actual, expected, strict=True)]
    print(f"transition drift (ms): {[round(d, 1) for d in drifts]}")
    assert max(drifts) < MAX_DRIFT_MS
    assert max(abs(m["lateMs"]) for m in marks[1:]) < MAX_DRIFT_MS


def test_a_late_timeout_does_not_make_a_transition_late(signed_in_page, short_routine):
    page = signed_in_page
    # As on a busy phone: every timeout of 100 ms or more fires 15 ms late.
    page.add_init_script(
        f"""{{
          const onTime = window.setTimeout;
          window.setTimeout = (callback, ms = 0, ...args) =>
            onTime(callback, ms >= 100 ? ms + {LATE_TIMEOUT_MS} : ms, ...args);
        }}"""
    )
    start_listening(page, short_routine)
    # The last step in 5 s: its get-ready (shown by the skip), its hold and the end.
    page.get_by_role("button", name="Skip").click()
    expect(page.locator("#screen-checkout")).to_be_visible(timeout=30_000)
    marks = page.evaluate("window.marks")
    after_skip = marks[[m["name"] for m in marks].index("skip") + 1 :]
    assert [(m["name"], m.get("kind")) for m in after_skip] == [
        ("segment", "ready"),
        ("segment", "hold"),
        ("end", None),
    ]
    late = [m["lateMs"] for m in after_skip]
    print(f"lateMs after the skip: {late}")
    # The get-ready is shown by the skip itself (its lateMs is the click's own handling, 6 ms
    # once on a loaded CI machine); the hold and the end are reached by the player's timers.
    assert late[0] < MAX_DRIFT_MS
    assert max(late[1:]) <= OTHERS_TARGET_MS


CUES_HEARD = """{
  window.cueLog = [];
  const log = (name) => window.cueLog.push({ name, at: performance.now() });
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (...args) {
    log('tone');
    return start.apply(this, args);
  };
  const vibrate = navigator.vibrate?.bind(navigator);
  navigator.vibrate = (pattern) => { log('vibration'); return vibrate ? vibrate(pattern) : true; };
  const frame = () => { log('frame'); requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
}"""
"""Records when a tone starts, a vibration is asked for and each animation frame begins."""
FRAME_TO_CUE_MS = 50
"""From a frame's start to the task after its animation-frame callbacks, where the tone plays:
well within 50 ms, so the sound is still one moment with its picture."""


def test_the_start_taps_tone_and_vibration_follow_the_frame_that_shows_it(
    signed_in_page, short_routine
):
    """The Start tap writes the first get-ready, and the frame that draws it is not held back by
    Web Audio or the vibration (calls that wait on other threads): they follow it, in the task
    after its animation frame, so they are still one moment with the picture. (The test's own
    animation-frame callback runs first in that frame: it marks the frame's start.)"""
    page = signed_in_page
    page.add_init_script(CUES_HEARD)
    start_listening(page, short_routine)
    expect(page.locator("#screen-player")).to_be_visible()
    page.wait_for_function("window.cueLog.some((entry) => entry.name === 'tone')")
    marks = page.evaluate("window.marks")
    log = page.evaluate("window.cueLog")
    shown = next(m["at"] for m in marks if m["name"] == "segment")
    tone = next(entry["at"] for entry in log if entry["name"] == "tone")
    vibration = next(entry["at"] for entry in log if entry["name"] == "vibration")
    frame = next(entry["at"] for entry in log if entry["name"] == "frame" and entry["at"] > shown)
    print(f"get-ready, then the frame +{frame - shown:.1f} ms, the tone +{tone - shown:.1f} ms")
    assert frame < tone and frame < vibration  # after the frame began
    assert tone - frame < FRAME_TO_CUE_MS and vibration - frame < FRAME_TO_CUE_MS
