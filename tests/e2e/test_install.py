"""Installing Backpoint on a phone's home screen: manifest, icons, and Chromium's own verdict."""

import struct

import pytest

from tests.e2e.conftest import assert_accessible, settle


def png_size(body: bytes) -> tuple[int, int]:
    assert body[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", body[16:24])


def test_chromium_finds_the_app_installable(persistent_context):
    page = persistent_context.new_page()
    page.goto("/")
    assert settle(page, "navigator.serviceWorker.ready.then((r) => Boolean(r.active))")
    cdp = persistent_context.new_cdp_session(page)
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"].endswith("/manifest.webmanifest")
    assert manifest["errors"] == []


@pytest.fixture
def manifest(page):
    page.goto("/")
    return page.request.get("/manifest.webmanifest")


def test_manifest_has_what_an_installed_app_needs(manifest):
    assert manifest.headers["content-type"].startswith("application/manifest+json")
    data = manifest.json()
    for field in ("id", "name", "short_name", "description", "theme_color", "background_color"):
        assert data[field], field
    assert (data["start_url"], data["scope"], data["display"]) == ("/", "/", "standalone")
    purposes = {(icon["sizes"], icon["purpose"]) for icon in data["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= purposes
    assert {shot["form_factor"] for shot in data["screenshots"]} == {"narrow", "wide"}
    assert len(data["shortcuts"]) >= 2


def test_every_icon_and_screenshot_answers_at_its_size(page, manifest):
    data = manifest.json()
    images = data["icons"] + data["screenshots"]
    images += [icon for shortcut in data["shortcuts"] for icon in shortcut["icons"]]
    images.append({"src": "/static/icons/apple-touch-icon.png", "sizes": "180x180"})
    for image in images:
        response = page.request.get(image["src"])
        assert response.status == 200, image["src"]
        width, height = png_size(response.body())
        assert f"{width}x{height}" == image["sizes"], image["src"]


def test_pages_link_the_manifest_and_the_apple_touch_icon(page):
    page.goto("/")
    assert page.locator('link[rel="manifest"]').get_attribute("href") == "/manifest.webmanifest"
    assert page.locator('link[rel="apple-touch-icon"]').count() == 1
    assert_accessible(page)


def test_last_routine_shortcut_opens_the_routine_last_practised(signed_in_page):
    page = signed_in_page
    page.goto("/last-routine")
    assert page.url.endswith("/routines")
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    page.request.post(
        "/api/sessions",
        headers={"X-CSRFToken": token},
        data={
            "id": "6a0c8a5e-4a64-4a44-9d0e-0c4a4f7f0b11",
            "routine": "daily-five-points",
            "started_at": "2026-11-20T08:00:00+00:00",
            "ended_at": "2026-11-20T08:07:00+00:00",
            "pain_before": 5,
            "pain_after": 3,
            "outcome": "completed",
        },
    )
    page.goto("/last-routine")
    assert page.url.endswith("/routines/daily-five-points/session")
