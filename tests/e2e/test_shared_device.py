"""One phone, two people: A's device copies (outbox, private pages) never reach or show to B,
however A's login ended, and reach A exactly once when A is back."""

import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    assert_accessible,
    assert_fits_width,
    my_sessions,
    register_by_request,
    register_through_the_page,
    settle,
)
from tests.e2e.test_offline import (
    controlled,
    everything_waiting,
    finish_a_routine,
    kept_on_this_device,
    outbox,
)
from tests.shared import CHROMIUM, CHROMIUM_ARGS, PASSWORD, PHONE, session_payload

OTHER_ACCOUNT = "Sessions of another account are waiting on this device."


def launch(playwright, live_server, profile):
    """Open (or reopen, as after a browser restart) the one phone's real profile."""
    context = playwright.chromium.launch_persistent_context(
        str(profile),
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        base_url=live_server.url,
        viewport=PHONE,
    )
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def accounts(browser, live_server):
    """Two people's accounts, made (and welcomed) elsewhere with the real forms: A and B's emails.

    Posted without drawing the pages (test_accounts.py walks those), which saves seconds."""
    emails = []
    for _ in range(2):
        context = browser.new_context(base_url=live_server.url)
        email = f"{uuid.uuid4().hex[:12]}@example.com"
        register_by_request(context.request, email, PASSWORD)
        token = context.request.get("/api/csrf-token").json()["csrf_token"]
        assert context.request.post("/welcome", form={"csrf_token": token}).ok
        context.close()
        emails.append(email)
    return emails


def log_in(page, email, remember=True):
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Keep me signed in on this device").set_checked(remember)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/routines")


def log_out(page):
    page.goto("/account")
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You are logged out.")).to_be_visible()


def change_password_elsewhere(browser, live_server, email):
    """A changes the password on another device, which signs this phone out."""
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    log_in(page, email)
    page.goto("/account/password")
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill(PASSWORD + "!")
    page.get_by_label("New password again").fill(PASSWORD + "!")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Other devices are signed out.")).to_be_visible()
    # Back to the old password, so the test can log A in again with it.
    page.goto("/account/password")
    page.get_by_label("Current password").fill(PASSWORD + "!")
    page.get_by_label("New password", exact=True).fill(PASSWORD)
    page.get_by_label("New password again").fill(PASSWORD)
    page.get_by_role("button", name="Change password").click()
    context.close()


def post_a_session(page, note):
    """A session that reached the server earlier, with a note."""
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    answer = page.request.post(
        "/api/sessions", data=session_payload(note=note), headers={"X-CSRFToken": token}
    )
    assert answer.status == 201, answer.text()


def wait_until_nothing_waits(page) -> None:
    for _ in range(50):
        if not everything_waiting(page):
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"still waiting: {everything_waiting(page)}")


def drained(page):
    """Let this page try to send its outbox now, and wait until it has."""
    settle(page, "import('/static/js/outbox.js').then((m) => m.drain())")


@pytest.mark.parametrize("ending", ["browser restart", "password changed elsewhere"])
def test_a_session_finished_offline_never_reaches_the_next_person(
    playwright, browser, live_server, accounts, tmp_path, ending
):
    a_email, b_email = accounts
    profile = tmp_path / "phone"
    context = launch(playwright, live_server, profile)
    page = context.new_page()
    log_in(page, a_email, remember=ending != "browser restart")
    post_a_session(page, "A's synced note")
    page.goto("/history")
    expect(page.get_by_text("A's synced note")).to_be_visible()
    a_before = len(my_sessions(page))
    page.clock.install()
    controlled(page)
    context.set_offline(True)
    page.reload()
    finish_a_routine(page, note="A's offline note")
    kept_on_this_device(page)

    if ending == "browser restart":
        context.close()
        context = launch(playwright, live_server, profile)
        page = context.new_page()
    else:
        change_password_elsewhere(browser, live_server, a_email)
        context.set_offline(False)
    log_in(page, b_email)
    drained(page)
    page.goto("/history")
    expect(page.locator("#sync-status")).to_contain_text(OTHER_ACCOUNT)
    assert "A's" not in page.content()
    assert my_sessions(page) == []
    assert outbox(page) == []
    assert [entry["session"]["note"] for entry in everything_waiting(page)] == ["A's offline note"]

    context.set_offline(True)
    page.goto("/history")
    assert "A's" not in page.content()
    page.goto("/routines/lower-back-basics/session")
    assert "A's" not in page.content()
    context.set_offline(False)

    log_out(page)
    assert len(everything_waiting(page)) == 1
    log_in(page, a_email)
    wait_until_nothing_waits(page)
    expect(page.locator("#sync-status")).to_be_hidden()
    sessions = my_sessions(page)
    assert len(sessions) == a_before + 1
    assert [s["note"] for s in sessions].count("A's offline note") == 1
    assert outbox(page) == []
    context.close()


def test_the_next_person_offline_never_sees_the_last_persons_private_pages(
    playwright, live_server, accounts, tmp_path
):
    a_email, b_email = accounts
    context = launch(playwright, live_server, tmp_path / "phone")
    page = context.new_page()
    log_in(page, a_email, remember=False)
    post_a_session(page, "A's synced note")
    controlled(page, "/history")
    expect(page.get_by_text("A's synced note")).to_be_visible()
    # A's login ends without Log out: the login cookies are gone, as when the browser closes.
    context.clear_cookies()
    context.set_offline(True)
    page.goto("/history")
    assert "A's synced note" not in page.content()
    context.set_offline(False)
    log_in(page, b_email)
    controlled(page, "/history")
    context.set_offline(True)
    page.goto("/history")
    expect(page.get_by_role("heading", name="Your history")).to_be_visible()
    assert "A's synced note" not in page.content()
    names = settle(page, "caches.keys()")
    assert len([name for name in names if name.startswith("backpoint-private")]) == 1
    context.set_offline(False)
    context.close()


def test_signing_out_one_listed_device_ends_only_that_one(browser, live_server, accounts):
    a_email, _ = accounts
    phones = [browser.new_context(base_url=live_server.url, viewport=PHONE) for _ in range(3)]
    pages = [phone.new_page() for phone in phones]
    for page in pages:
        log_in(page, a_email)
    mine = pages[0]
    mine.goto("/account")
    devices = mine.locator(".device")
    expect(devices).to_have_count(4)  # three phones and the registration's browser
    expect(mine.locator(".device-here")).to_contain_text("This device")
    devices.filter(has_not=mine.locator(".device-here")).first.get_by_role(
        "button", name="Sign out"
    ).click()
    expect(mine.get_by_text("That device is signed out.")).to_be_visible()
    expect(mine.locator(".device")).to_have_count(3)
    statuses = [page.request.get("/account", max_redirects=0).status for page in pages]
    assert statuses.count(302) == 1 and statuses[0] == 200
    mine.get_by_role("button", name="Sign out everywhere else").click()
    expect(mine.locator(".device")).to_have_count(1)
    assert [page.request.get("/account", max_redirects=0).status for page in pages] == [
        200,
        302,
        302,
    ]
    for phone in phones:
        phone.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_device_list_is_accessible(browser, live_server, accounts, scheme):
    a_email, _ = accounts
    other = browser.new_context(base_url=live_server.url, viewport=PHONE)
    log_in(other.new_page(), a_email, remember=False)
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    log_in(page, a_email)
    page.emulate_media(color_scheme=scheme)
    page.goto("/account")
    expect(page.locator(".device")).to_have_count(3)
    assert_accessible(page)
    # 200% text, as a phone's text-size setting makes it: still one column, nothing cut.
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    assert_fits_width(page)
    assert_accessible(page)
    other.close()
    context.close()


def test_deleting_the_account_warns_then_clears_the_device(persistent_context, live_server):
    context = persistent_context
    page = context.new_page()
    register_through_the_page(page, f"{uuid.uuid4().hex[:12]}@example.com", PASSWORD)
    page.clock.install()
    controlled(page)
    context.route(
        "**/api/sessions",
        lambda route: route.abort() if route.request.method == "POST" else route.fallback(),
    )
    finish_a_routine(page, note="Soon gone")
    kept_on_this_device(page)
    page.goto("/account/delete")
    page.get_by_label("Your password, to confirm").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account and all my data").click()
    dialog = page.get_by_role("dialog", name="Sessions not synced yet")
    expect(dialog).to_contain_text("1 session has not reached the server yet")
    assert_accessible(page, fake_clock=True)
    dialog.get_by_role("button", name="Delete anyway").click()
    expect(page.get_by_text("Your account and all its data are deleted.")).to_be_visible()
    expect(page.locator("body[data-device-cleared]")).to_have_count(1)
    assert everything_waiting(page) == []
    assert not [name for name in settle(page, "caches.keys()") if "private" in name]
    assert not page.evaluate("Object.keys(localStorage).some((k) => k.startsWith('backpoint:run'))")


def test_the_shell_cache_holds_only_pages_rendered_for_nobody(persistent_context, accounts):
    page = persistent_context.new_page()
    log_in(page, accounts[0])
    owner = page.evaluate("document.body.dataset.owner")
    controlled(page, "/routines")
    page.goto("/about")
    page.goto("/points")
    shell = page.evaluate(
        """async () => {
          const name = (await caches.keys()).find((n) => n.startsWith('backpoint-shell-'));
          const cache = await caches.open(name);
          const pages = [];
          for (const request of await cache.keys()) {
            const response = await cache.match(request);
            if (!(response.headers.get('Content-Type') ?? '').startsWith('text/html')) continue;
            pages.push({ url: request.url, owner: response.headers.get('X-Backpoint-Owner'),
                         body: await response.text() });
          }
          return pages;
        }"""
    )
    assert len(shell) >= 5
    for cached in shell:
        assert cached["owner"] is None, cached["url"]
        assert owner not in cached["body"], cached["url"]
        assert 'data-owner=""' in cached["body"], cached["url"]


def test_entries_of_the_earlier_version_without_an_owner_are_held(persistent_context, accounts):
    page = persistent_context.new_page()
    log_in(page, accounts[0])
    before = len(my_sessions(page))
    page.evaluate(
        """(session) => new Promise((resolve, reject) => {
          const open = indexedDB.open('backpoint', 1);
          open.onupgradeneeded = () => open.result.createObjectStore('outbox', { keyPath: 'id' });
          open.onsuccess = () => {
            const tx = open.result.transaction('outbox', 'readwrite');
            tx.objectStore('outbox').put({ id: session.id, session, attempts: 0, nextAt: 0,
                                           state: 'pending', reason: '' });
            tx.oncomplete = () => { open.result.close(); resolve(); };
          };
          open.onerror = () => reject(open.error);
        })""",
        session_payload(note="Whose was this?"),
    )
    page.goto("/history")
    drained(page)
    expect(page.locator("#sync-status")).to_contain_text(OTHER_ACCOUNT)
    assert "Whose was this?" not in page.content()
    assert len(my_sessions(page)) == before
    assert len(everything_waiting(page)) == 1


def test_a_cookie_copied_before_logout_is_refused_after_it(browser, live_server, accounts):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    log_in(page, accounts[0])
    copied = context.cookies()
    thief = browser.new_context(base_url=live_server.url, viewport=PHONE)
    thief.add_cookies(copied)
    assert thief.request.get("/export.json", max_redirects=0).status == 200
    log_out(page)
    assert thief.request.get("/export.json", max_redirects=0).status == 302
    assert thief.request.get("/account", max_redirects=0).status == 302
    context.close()
    thief.close()


def test_a_tab_left_open_from_the_last_person_sends_nothing_for_the_next(
    playwright, browser, live_server, accounts, tmp_path
):
    a_email, b_email = accounts
    context = launch(playwright, live_server, tmp_path / "phone")
    a_tab = context.new_page()
    log_in(a_tab, a_email)
    a_tab.clock.install()
    controlled(a_tab)
    context.set_offline(True)
    finish_a_routine(a_tab, note="A's note in an old tab")

    def unsent(route):
        return route.abort() if route.request.method == "POST" else route.fallback()

    a_tab.route("**/api/sessions", unsent)  # it stays unsent while A is still signed in
    context.set_offline(False)
    change_password_elsewhere(browser, live_server, a_email)
    b_tab = context.new_page()
    log_in(b_tab, b_email)
    # A's tab still says A in its page data; the cookie (and the server) say B now.
    assert a_tab.evaluate("document.body.dataset.owner") != b_tab.evaluate(
        "document.body.dataset.owner"
    )
    a_tab.unroute("**/api/sessions", unsent)
    drained(a_tab)
    settle(a_tab, "import('/static/js/outbox.js').then((m) => m.retryAfterLogin())")
    b_tab.reload()
    expect(b_tab.locator("#sync-status")).to_contain_text(OTHER_ACCOUNT)
    assert my_sessions(b_tab) == []
    assert len(everything_waiting(b_tab)) == 1
    context.close()
