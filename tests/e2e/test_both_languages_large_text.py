"""The main pages in both languages, and every player state in Spanish (its words are longer),
on a 320 px phone and with text at 200%: nothing off screen sideways, no label spilling out of
its button, no control covered, the countdown inside its ring."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.e2e.test_languages import es
from tests.e2e.test_large_text import (  # noqa: F401
    COVERED,
    MAIN_PAGES,
    SPILLING,
    check_screen,
    phone,
)
from tests.e2e.test_player import START

PAGES = [*MAIN_PAGES, "/search?q=leg", "/body", "/which-routine", "/reminders"]

# The innermost elements reaching past the viewport's right edge, and the last elements whose
# text runs out of them: what to look at when a page is too wide.
TOO_WIDE = """
() => {
  const width = document.documentElement.clientWidth;
  const all = [...document.querySelectorAll('body *')];
  const name = (e) => `${e.tagName.toLowerCase()}.${e.className} `
    + `"${e.textContent.trim().slice(0, 40)}"`;
  const past = all.filter((e) => e.getBoundingClientRect().right > width + 1
    && ![...e.children].some((c) => c.getBoundingClientRect().right > width + 1));
  const spilling = all.filter((e) => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1
    && getComputedStyle(e).overflowX === 'visible');
  return [...past.slice(0, 3), ...spilling.slice(-3)].map(name);
}
"""


def in_language(page, lang: str) -> None:
    page.goto("/about")
    if lang == "es":
        page.get_by_role("button", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", lang)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_main_pages_fit_small_phones_and_large_text(phone, lang):  # noqa: F811
    page = phone
    in_language(page, lang)
    problems = {}
    for path in PAGES:
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", lang)
        found = []
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            found.append(f"{overflow}px too wide: {page.evaluate(TOO_WIDE)}")
        found += page.evaluate(SPILLING)
        found += page.locator("body").evaluate(COVERED)
        if found:
            problems[path] = found
    assert not problems, problems


def test_every_spanish_player_state_fits(phone):  # noqa: F811
    page = phone
    in_language(page, "es")
    page.clock.install(time=START)
    page.goto("/routines/shoulders-to-ankles-five-points/session")
    page.clock.pause_at(START + dt.timedelta(minutes=1))
    check_screen(page, "es-checkin")
    page.locator('input[name="pain"][value="4"]').check()
    page.locator("#none-apply").click()
    expect(page.locator("#screen-ready")).to_be_visible()
    check_screen(page, "es-ready")
    page.locator("#start").click()
    check_screen(page, "es-get-ready", ring=True)
    page.clock.run_for(4000)
    expect(page.locator("#player-phase")).to_have_text(es("Press and hold"))
    check_screen(page, "es-hold", ring=True)
    page.locator("#player-pause").click()
    check_screen(page, "es-paused", ring=True)
    for _ in range(4):
        page.locator("#player-skip").click()
    page.clock.run_for(4000)
    expect(page.locator("#player-title")).to_contain_text("BL40")
    check_screen(page, "es-hold-bl40", ring=True)
    page.locator(".cue-settings summary").click()
    check_screen(page, "es-cues-open", ring=True)
    page.locator("#player-stop").click()
    check_screen(page, "es-stop-dialog")
    page.locator('button[value="end"]').click()
    expect(page.locator("#screen-checkout")).to_be_visible()
    check_screen(page, "es-checkout")
