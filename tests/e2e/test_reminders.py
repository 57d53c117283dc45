"""Reminders in the browser: the settings page, and the real service worker showing a push."""

import json
import time

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, assert_fits_width, settle
from tests.shared import PHONE
from webapp.services import reminder_sender


def settings_page(browser, live_server, person_state, zone):
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, storage_state=person_state, timezone_id=zone
    )
    context.set_default_timeout(10_000)
    return context, context.new_page()


def test_settings_take_the_time_zone_from_the_device_and_save(browser, live_server, person_state):
    context, page = settings_page(browser, live_server, person_state, "America/Chicago")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/reminders")
    expect(page.get_by_label("Time zone")).to_have_value("America/Chicago")
    expect(page.get_by_role("button", name="Send reminders to this device")).to_be_visible()
    # Nothing asked for permission on load: that happens only after a tap.
    assert page.evaluate("Notification.permission") == "default"
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert_accessible(page)
    page.get_by_label("Remind me to do a routine").check()
    page.get_by_label("Time of day").fill("07:30")
    page.get_by_label("Saturday").uncheck()
    page.get_by_label("Sunday").uncheck()
    page.get_by_role("button", name="Save reminder settings").click()
    expect(page.locator(".flash")).to_contain_text("Weekdays at 07:30 (America/Chicago).")
    body = page.request.get("/api/reminders").json()
    assert body["enabled"] and body["time"] == "07:30" and body["time_zone"] == "America/Chicago"
    context.close()
    assert not errors, errors


def test_a_saved_zone_stays_and_the_device_zone_is_offered(browser, live_server, person_state):
    context, page = settings_page(browser, live_server, person_state, "Asia/Tokyo")
    page.goto("/reminders")
    expect(page.get_by_label("Time zone")).to_have_value("America/Chicago")
    expect(page.locator("#device-zone-text")).to_have_text("This device is set to Asia/Tokyo.")
    page.get_by_role("button", name="Use this device's time zone").click()
    expect(page.get_by_label("Time zone")).to_have_value("Asia/Tokyo")
    context.close()


def test_settings_errors_are_shown_and_accessible(signed_in_page):
    page = signed_in_page
    page.goto("/reminders")
    page.get_by_label("Remind me to do a routine").check()
    page.get_by_label("Time of day").fill("")
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"):
        page.get_by_label(day).uncheck()
    page.get_by_role("button", name="Save reminder settings").click()
    expect(page.locator(".error-summary")).to_contain_text("Give a time of day as HH:MM")
    expect(page.locator(".error-summary")).to_contain_text("Choose at least one day")
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert_accessible(page)


def test_calendar_link_is_offered_and_accessible(signed_in_page):
    page = signed_in_page
    page.goto("/reminders")
    page.get_by_role("button", name="Make my calendar link").click()
    link = page.get_by_role("link", name="Add to calendar")
    assert link.get_attribute("href").startswith("webcal://")
    feed = page.request.get(page.get_by_label("Or copy the link").input_value())
    assert feed.ok and b"BEGIN:VCALENDAR" in feed.body()
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert_accessible(page)


def notifications(page) -> list[dict]:
    return page.evaluate(
        """navigator.serviceWorker.ready
        .then((registration) => registration.getNotifications())
        .then((list) => list.map((n) => ({title: n.title, body: n.body, url: n.data.url})))"""
    )


def test_the_service_worker_shows_a_pushed_reminder_with_the_routines_link(
    signed_in_page, live_server
):
    page = signed_in_page
    page.context.grant_permissions(["notifications"], origin=live_server.url)
    page.goto("/reminders")
    settle(page, "navigator.serviceWorker.ready.then(() => true)")
    cdp = page.context.new_cdp_session(page)
    registrations = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(event["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    deadline = time.monotonic() + 10
    while not registrations and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    [registration] = [r for r in registrations if not r["isDeleted"]]
    with live_server.app.app_context():
        # The very bytes the sender would encrypt and send.
        payload = reminder_sender.message(("upper-back-and-shoulders", "Upper back"), "x").decode()
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": live_server.url,
            "registrationId": registration["registrationId"],
            "data": payload,
        },
    )
    deadline = time.monotonic() + 10
    shown = notifications(page)
    while not shown and time.monotonic() < deadline:
        page.wait_for_timeout(100)
        shown = notifications(page)
    expected = json.loads(payload)
    assert shown == [{"title": expected["title"], "body": expected["body"], "url": expected["url"]}]
    assert expected["url"] == "/routines/upper-back-and-shoulders/session"
    # A tap on the notification, as the browser would deliver it, with the app open.
    [worker] = page.context.service_workers
    worker.evaluate(
        """async () => {
          const [notification] = await self.registration.getNotifications();
          self.dispatchEvent(new NotificationEvent('notificationclick', { notification }));
        }"""
    )
    page.wait_for_url(f"**{expected['url']}")
    expect(page.get_by_role("heading", name="Check in")).to_be_visible()
    assert notifications(page) == [], "the tapped notification is closed"


IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def test_an_iphone_not_installed_is_offered_the_calendar_first(browser, live_server, person_state):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        storage_state=person_state,
        user_agent=IPHONE_SAFARI,
    )
    page = context.new_page()
    page.goto("/reminders")
    expect(page.locator("#push-ios")).to_be_visible()
    order = page.evaluate(
        "[...document.querySelectorAll('.reminder-channel')].map((section) => section.id)"
    )
    assert order == ["calendar", "push"]
    assert_accessible(page)
    context.close()


def test_new_pages_fit_320_px_at_200_percent_text(browser, live_server, person_state):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 320, "height": 568},
        storage_state=person_state,
        bypass_csp=True,  # to add the test's own style tag
    )
    page = context.new_page()
    token = page.request.get("/api/csrf-token").json()["csrf_token"]
    settings = {
        "enabled": True,
        "time": "07:30",
        "time_zone": "America/Argentina/ComodRivadavia",
        "days": ["mon", "tue", "wed", "thu", "fri"],
        "skip_if_done": True,
    }
    saved = page.request.put("/api/reminders", data=settings, headers={"X-CSRFToken": token})
    assert saved.ok, saved.text()
    for path in ("/reminders", "/"):
        page.goto(path)
        page.add_style_tag(content="html { font-size: 200% }")
        assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "32px"
        assert_fits_width(page)
    context.close()


COUNT_PERMISSION_REQUESTS = """
window.__permissionRequests = 0;
const ask = Notification.requestPermission.bind(Notification);
Notification.requestPermission = (...args) => {
  window.__permissionRequests += 1;
  return ask(...args);
};
"""


def test_notification_permission_is_asked_only_from_the_tap(signed_in_page, live_server):
    page = signed_in_page
    page.add_init_script(COUNT_PERMISSION_REQUESTS)
    page.context.grant_permissions(["notifications"], origin=live_server.url)
    page.goto("/reminders")
    settle(page, "navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_timeout(500)
    assert page.evaluate("window.__permissionRequests") == 0
    page.get_by_role("button", name="Send reminders to this device").click()
    # Headless Chromium has no push service: the page says so plainly instead of failing.
    expect(page.locator("#push-status")).to_contain_text("could not turn on reminders")
    assert page.evaluate("window.__permissionRequests") == 1
    assert_accessible(page)
