"""Two languages in the browser: the switch, Spanish offline, the player's Spanish voice, and the
safety check-in routing in Spanish exactly as in English (the same case table)."""

import uuid
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import expect

from tests.e2e.conftest import (
    assert_accessible,
    assert_fits_width,
    register_by_request,
    settle,
    watched,
)
from tests.e2e.test_checkin import CASES, SCREEN
from tests.e2e.test_voice import RECORD_SPEECH
from tests.shared import PASSWORD, PHONE
from webapp.safety import RED_FLAGS

PO = (
    Path(__file__).resolve().parents[2]
    / "webapp"
    / "translations"
    / "es"
    / "LC_MESSAGES"
    / "messages.po"
)
with PO.open("rb") as handle:
    SPANISH = {message.id: message.string for message in read_po(handle) if message.id}
FLAG_SIGN = {flag.key: SPANISH[str(flag.sign)] for flag in RED_FLAGS}
ROUTINE = "lower-back-basics"
RECORD_SPOKEN_LANG = """
window.__voices = [];
const said = speechSynthesis.speak;
speechSynthesis.speak = (u) => { window.__voices.push(u.lang); said(u); };
"""


def es(msgid: str) -> str:
    return SPANISH[msgid]


@pytest.fixture(scope="module")
def spanish_state(browser, live_server, tmp_path_factory):
    """A person whose browser asks for Spanish, registered and welcomed once for the module."""
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="es-ES")
    register_by_request(context.request, f"{uuid.uuid4().hex[:12]}@example.com", PASSWORD)
    token = context.request.get("/api/csrf-token").json()["csrf_token"]
    context.request.post("/welcome", form={"csrf_token": token})
    path = tmp_path_factory.mktemp("state") / "spanish.json"
    context.storage_state(path=str(path))
    context.close()
    return str(path)


@pytest.fixture
def spanish_page(browser, live_server, spanish_state):
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, locale="es-ES", storage_state=spanish_state
    )
    yield from watched(context)


def test_the_switch_changes_the_language_and_remembers_it(page):
    page.goto("/about")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    switch = page.get_by_role("button", name="Español")
    expect(switch).to_have_attribute("aria-pressed", "false")
    box = switch.bounding_box()
    assert box["height"] >= 24 and box["width"] >= 24
    switch.focus()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", name="Acerca de Backpoint", level=1)).to_be_visible()
    expect(page.get_by_role("button", name="Español")).to_have_attribute("aria-pressed", "true")
    page.goto("/routines")
    expect(page.get_by_role("heading", name="Rutinas", level=1)).to_be_visible()
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Routines", level=1)).to_be_visible()


@pytest.mark.parametrize(
    "path",
    ["/", "/about", "/routines", f"/routines/{ROUTINE}", "/points", "/search?q=leg", "/body"],
)
def test_spanish_pages_are_accessible_and_fit_a_phone(browser, live_server, path):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="es-ES")
    page = context.new_page()
    page.goto(path)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert_accessible(page)
    assert_fits_width(page)
    context.close()


def test_signed_in_spanish_pages_are_accessible_and_fit_a_phone(spanish_page):
    page = spanish_page
    for path in ("/history", "/account", "/reminders", "/report", f"/routines/{ROUTINE}/session"):
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", "es")
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            assert_accessible(page)
        assert_fits_width(page)


def check_in(page, pain: int, flags: list[str]) -> None:
    page.goto(f"/routines/{ROUTINE}/session")
    page.locator(f'input[name="pain"][value="{pain}"]').check()
    if flags:
        page.locator("#flag-list > summary").click()
    for key in flags:
        page.locator(f'input[name="flag"][value="{key}"]').check()
    name = es("Continue with what I ticked") if flags else es("None of these apply")
    page.get_by_role("button", name=name).click()


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_the_spanish_check_in_routes_as_the_table_says(spanish_page, case):
    page = spanish_page
    check_in(page, case["answers"]["pain"], case["answers"]["flags"])
    screen = page.locator(SCREEN[case["screen"]])
    expect(screen).to_be_visible()
    expect(page.locator("#checkin")).to_be_hidden()
    if case["screen"] == "emergency":
        expect(screen.locator("h1")).to_have_text(es("Call an emergency number now"))
        for key in case["reasons"]:
            expect(page.locator("#emergency-signs")).to_contain_text(FLAG_SIGN[key])
        expect(page.locator("#start")).to_be_hidden()
    if case["screen"] in {"emergency", "doctor"} and not case.get("clearable"):
        expect(screen.locator(".saved-status")).to_have_text(
            es("This check-in is saved in your history.")
        )


def test_offline_after_a_switch_the_player_shows_and_speaks_spanish(signed_in_page):
    """An English person switches to Spanish, goes offline and runs a routine from the cache."""
    page, context = signed_in_page, signed_in_page.context
    page.add_init_script(RECORD_SPEECH + RECORD_SPOKEN_LANG)
    page.add_init_script("localStorage.setItem('backpoint:cues', JSON.stringify({ voice: true }))")
    page.goto("/routines")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.get_by_role("button", name="Español").click()
    expect(page.get_by_role("heading", name="Rutinas", level=1)).to_be_visible()
    # The Spanish worker takes over and the session pages are cached again, in Spanish.
    owner = page.evaluate("document.body.dataset.owner")
    ready = f"""(async () => {{
      const names = await caches.keys();
      if (!names.some((n) => n.startsWith('backpoint-shell-es-'))) return false;
      if (names.some((n) => n.startsWith('backpoint-shell-en-'))) return false;
      const cache = await caches.open('backpoint-private-{owner}');
      const page = await cache.match('/routines/{ROUTINE}/session');
      return Boolean(page) && (await page.text()).includes('<html lang="es">');
    }})()"""
    for _ in range(100):
        if page.evaluate(ready):
            break
        page.wait_for_timeout(200)
    debug = f"""(async () => {{
      const names = await caches.keys();
      const cache = await caches.open('backpoint-private-{owner}');
      const hit = await cache.match('/routines/{ROUTINE}/session');
      return [names, hit ? (await hit.text()).slice(0, 60) : null,
        localStorage.getItem('backpoint:worker-lang')];
    }})()"""
    assert page.evaluate(ready), page.evaluate(debug)
    context.set_offline(True)
    page.clock.install()
    page.goto(f"/routines/{ROUTINE}/session")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.locator('input[name="pain"][value="4"]').check()
    page.get_by_role("button", name=es("None of these apply")).click()
    expect(page.get_by_role("heading", name=es("You're ready"))).to_be_visible()
    page.get_by_role("button", name=es("Start"), exact=True).click()
    expect(page.locator("#player-phase")).to_have_text(es("Get ready"))
    expect(page.locator("#player-pause")).to_have_text(es("Pause"))
    routine = page.evaluate("JSON.parse(document.getElementById('routine-data').textContent)")
    page.clock.run_for((routine["total_seconds"] + 2) * 1000)
    expect(page.locator("#screen-checkout")).to_be_visible()
    spoken = page.evaluate("window.__spoken")
    first = routine["steps"][0]
    assert spoken[0].endswith(" Prepárate."), spoken[:3]
    assert "Cambia al lado derecho." in spoken
    assert f"Presiona y mantén {first['seconds']} segundos." in spoken
    assert spoken[-1] == es("Well done. You can let go now.")
    assert set(page.evaluate("window.__voices")) == {"es"}
    assert not [text for text in spoken if "Press and hold" in text or "Get ready" in text]
    context.set_offline(False)


def test_the_warning_before_losing_unsynced_sessions_is_in_spanish(spanish_page):
    """The one warning that stands between a person and deleting their unsent sessions."""
    page = spanish_page
    page.context.route(
        "**/api/sessions",
        lambda route: route.abort() if route.request.method == "POST" else route.fallback(),
    )
    page.goto("/account")
    settle(
        page,
        "import('/static/js/outbox.js').then((m) => m.saveToOutbox({ id: crypto.randomUUID() }))",
    )
    page.get_by_role("button", name="Cerrar sesión", exact=True).click()
    dialog = page.get_by_role("dialog", name="Sesiones aún sin sincronizar")
    expect(dialog).to_contain_text(
        "1 sesión aún no ha llegado al servidor. Si cierras la sesión ahora, se borrará de este"
        " dispositivo."
    )
    expect(dialog.get_by_role("button", name="Seguir con la sesión iniciada")).to_be_visible()
    expect(dialog.get_by_role("button", name="Cerrar sesión de todos modos")).to_be_visible()
    assert_accessible(page)
    dialog.get_by_role("button", name="Seguir con la sesión iniciada").click()
    expect(dialog).to_be_hidden()
