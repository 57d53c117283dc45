"""Browser fixtures: a live server on 127.0.0.1 and Debian's Chromium driven by Playwright."""

import json
import time
import uuid

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from tests.conftest import LiveServer, make_app
from tests.mailbox import OUTBOX, link_path
from tests.shared import CHROMIUM, CHROMIUM_ARGS, PHONE

SETTLE_SECONDS = 20


def settle(page, expression: str, seconds: float = SETTLE_SECONDS):
    """The value of a promise-valued expression in the page, or a failure naming it after
    `seconds`: Playwright's evaluate waits for ever on a promise that never settles, which would
    hold the whole run. The bound is the browser's own setTimeout, kept by Playwright's fake clock
    (page.clock fakes setTimeout and AbortSignal.timeout); test_harness.py checks it still is."""
    message = json.dumps(f"still pending after {seconds} s: {expression.strip()[:120]}")
    return page.evaluate(
        f"""Promise.race([
          Promise.resolve().then(() => ({expression})),
          new Promise((resolve, reject) => {{
            const wait = globalThis.__pwClock?.builtins.setTimeout ?? setTimeout;
            wait(() => reject(new Error({message})), {int(seconds * 1000)});
          }}),
        ])"""
    )


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def live_server(databases):
    """One server for the browser tests; tests that write data use their own accounts."""
    url = databases.seeded()
    # Every browser test registers from 127.0.0.1: one address asking for very many links.
    server = LiveServer(make_app(url, REGISTER_LINKS_PER_ADDRESS=100_000)).start()
    yield server
    server.stop()
    databases.drop(url)


@pytest.fixture(scope="session")
def playwright():
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def persistent_context(playwright, live_server, tmp_path):
    """A real (non-incognito) profile: installability and service workers behave as on a phone."""
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        base_url=live_server.url,
        viewport=PHONE,
    )
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def context(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    """A phone-sized page that fails the test on any script error or console error."""
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))

    def on_console(message):
        # Chromium logs a page's own error status; tests assert that status themselves.
        own_status = message.location.get("url") == page.url and "status of" in message.text
        if message.type == "error" and not own_status:
            problems.append(f"console {message.type}: {message.text}")

    page.on("console", on_console)
    yield page
    assert not problems, "\n".join(problems)


_axe = Axe()


def assert_accessible(page, fake_clock: bool = False) -> None:
    """Run axe-core on the page as the person sees it; fail listing every violation.

    The page's load comes first: a test that waited for some text of a new page may reach here
    while its stylesheet still loads, and axe would judge the unstyled page (CI saw the header's
    links fail contrast so, in dark mode). axe waits on timers, so a paused fake clock
    (page.clock.pause_at) is let run again first.
    """
    page.wait_for_load_state("load")
    if fake_clock:
        page.clock.resume()
    results = _axe.run(page)
    violations = results.response["violations"]
    details = [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in violations
    ]
    assert not violations, f"axe-core violations on {page.url}:\n" + "\n".join(details)


CAPTIONS_IN_VIEW = """
() => {
  const captions = [...document.querySelectorAll('.table-scroll caption')]
    .filter((caption) => caption.checkVisibility())
    .filter((caption) => !caption.classList.contains('visually-hidden'));
  const clipped = captions.flatMap((caption) => {
    const region = caption.closest('.table-scroll').getBoundingClientRect();
    const words = document.createRange();
    words.selectNodeContents(caption);
    return [...words.getClientRects()]
      .filter((line) => line.left < region.left - 1 || line.right > region.right + 1)
      .map((line) => `${caption.textContent.trim()}: ${line.left}-${line.right} outside `
        + `${region.left}-${region.right}`);
  });
  return { checked: captions.length, clipped };
}
"""
"""How many visible table captions there are, and the lines of them that lie outside their
scrolling region: a caption as wide as its table is cut at the phone's edge."""


def assert_fits_width(page) -> None:
    """Nothing on the page makes it scroll sideways, and no table's caption runs out of the
    region its table scrolls sideways in (the page itself fits, so only reading shows that)."""
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the viewport"
    clipped = page.evaluate(CAPTIONS_IN_VIEW)["clipped"]
    assert not clipped, f"{page.url}: captions cut at the edge of their region: {clipped}"


def register_through_the_page(page, email: str, password: str) -> None:
    """Create an account with the real forms and the mailed link, and accept the welcome."""
    page.goto("/register")
    link = ask_for_link(page, email, "Email me a link")
    choose_password(page, link, password, "Create my account")
    page.get_by_role("button", name="I understand").click()
    page.wait_for_url("**/routines")


def ask_for_link(page, email: str, button: str) -> str:
    """Type the address on the page open now, send it, and return the path of the link mailed."""
    before = OUTBOX.count()
    page.get_by_label("Email").fill(email)
    page.get_by_role("button", name=button).click()
    page.get_by_role("heading", name="Check your email").wait_for()
    return link_path(OUTBOX.next_to(email, before).body, "register/finish")


def choose_password(page, link: str, password: str, button: str) -> None:
    """Open a registration link and choose the password on its page."""
    page.goto(link)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Password again").fill(password)
    page.get_by_role("button", name=button).click()


def register_by_request(request, email: str, password: str) -> None:
    """Post the same forms (ask for the link, the mailed link's password page) without pages."""
    token = request.get("/api/csrf-token").json()["csrf_token"]
    before = OUTBOX.count()
    form = {"email": email, "csrf_token": token}
    assert request.post("/register", form=form, max_redirects=0).status == 302
    link = link_path(OUTBOX.next_to(email, before).body, "register/finish")
    form = {"password": password, "confirm": password, "csrf_token": token}
    assert request.post(link, form=form, max_redirects=0).status == 302


def watched(context):
    """Yield a page of `context` (10 s waits), then close it and fail on any uncaught script
    error: the body of every fixture of a person's page (`yield from watched(context)`)."""
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, errors


@pytest.fixture(scope="module")
def person_state(browser, live_server, tmp_path_factory):
    """Cookies of a person registered once for the module through the real pages."""
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    register_through_the_page(page, f"{uuid.uuid4().hex[:12]}@example.com", "a calm back 42")
    path = tmp_path_factory.mktemp("state") / "person.json"
    context.storage_state(path=str(path))
    context.close()
    return str(path)


@pytest.fixture
def signed_in_page(browser, live_server, person_state):
    """A phone-sized page of the module's signed-in person."""
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, storage_state=person_state
    )
    yield from watched(context)


def my_sessions(page) -> list[dict]:
    """The signed-in person's sessions, every page of them, read with the page's own cookies."""
    found, url = [], "/api/sessions"
    while url is not None:
        response = page.request.get(url)
        assert response.ok, response.status
        found += response.json()
        link = response.headers.get("link")
        url = link[1 : link.index(">")] if link else None
    return found


def sessions_once_synced(page, count: int, seconds: float = 20) -> list[dict]:
    """The person's sessions once there are `count` of them (the outbox sends in the background:
    a hidden sync line right after a load says only that nothing has been counted yet).

    Returns what is stored after `seconds` at the latest, so a lost or doubled session fails."""
    deadline = time.monotonic() + seconds
    while True:
        found = my_sessions(page)
        if len(found) == count or time.monotonic() > deadline:
            return found
        page.wait_for_timeout(200)
