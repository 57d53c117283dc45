"""A Spanish-speaking person reads a routine and runs it: the catalog's words in Spanish."""

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, assert_fits_width, watched
from tests.shared import PHONE
from webapp.services.catalog import read_seed

SEED = Path(__file__).resolve().parents[2] / "seed_data"
SPANISH = read_seed(SEED)["translations"]["es"]
BASICS = SPANISH["routines"]["lower-back-basics"]
POINTS = SPANISH["points"]
START = dt.datetime(2026, 11, 20, 7, 0, tzinfo=dt.UTC)


@pytest.fixture
def spanish_page(browser, live_server):
    """A phone whose browser asks for Spanish (Accept-Language: es-ES)."""
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="es-ES")
    yield from watched(context)


@pytest.fixture
def signed_in_spanish(signed_in_page, live_server):
    """The module's signed-in person, who chose Spanish (the lang cookie)."""
    signed_in_page.context.add_cookies([{"name": "lang", "value": "es", "url": live_server.url}])
    return signed_in_page


def test_the_written_routine_reads_in_spanish(spanish_page):
    page = spanish_page
    page.goto("/routines/lower-back-basics")
    expect(page.get_by_role("heading", level=1)).to_have_text(BASICS["title"])
    steps = page.locator("ol.steps > li")
    expect(steps).to_have_count(len(BASICS["steps"]))
    for number, instruction in enumerate(BASICS["steps"]):
        expect(steps.nth(number)).to_contain_text(instruction)
    expect(steps.nth(0)).to_contain_text(POINTS["BL23"]["location"])
    expect(steps.nth(1)).to_contain_text(POINTS["BL40"]["cautions"][2])
    assert_fits_width(page)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "url", ["/routines/lower-back-basics", "/points/BL40", "/search?q=ciática"]
)
def test_spanish_catalog_pages_pass_axe_and_fit_a_phone(spanish_page, url, scheme):
    page = spanish_page
    page.emulate_media(color_scheme=scheme)
    page.goto(url)
    expect(page.locator("main")).to_contain_text(
        {
            "/routines/lower-back-basics": BASICS["summary"],
            "/points/BL40": POINTS["BL40"]["how_to_find"],
            "/search?q=ciática": SPANISH["routines"]["lower-back-and-sciatica"]["title"],
        }[url]
    )
    assert_accessible(page)
    assert_fits_width(page)


def test_the_player_shows_spanish_steps_and_cautions(signed_in_spanish):
    page = signed_in_spanish
    page.clock.install(time=START)
    page.goto("/routines/lower-back-basics/session")
    page.clock.pause_at(START + dt.timedelta(minutes=1))
    page.locator('input[name="pain"][value="5"]').check()
    page.locator("#none-apply").click()
    expect(page.locator("#screen-ready")).to_be_visible()
    page.locator("#start").click()
    expect(page.locator("#screen-player")).to_be_visible()
    expect(page.locator("#player-title")).to_have_text(f"BL23 {POINTS['BL23']['name']}")
    expect(page.locator("#player-instruction")).to_have_text(BASICS["steps"][0])
    expect(page.locator("#player-where")).to_have_text(POINTS["BL23"]["how_to_find"])
    assert_fits_width(page)
    # Past the first hold (3 s to get ready, 90 s held) to the knee, whose clot warning leads.
    page.clock.run_for(94_000)
    expect(page.locator("#player-title")).to_have_text(f"BL40 {POINTS['BL40']['name']}")
    expect(page.locator("#player-instruction")).to_have_text(BASICS["steps"][1])
    expect(page.locator("#player-caution li").first).to_contain_text("coágulo de sangre")
    assert_accessible(page, fake_clock=True)
