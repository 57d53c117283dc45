"""Render the app icons (PNG) from the SVG artwork with the system Chromium.

Run after changing webapp/static/img/icon.svg:  .venv/bin/python tools/make_icons.py
"""

import os
import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
ICON = (ROOT / "webapp/static/img/icon.svg").read_text()
OUT = ROOT / "webapp/static/icons"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"

# name: (size, scale of the artwork, round corners). Maskable icons keep the art inside the
# centre 80% "safe zone" on a full-bleed background; launchers cut their own shape.
ICONS = {
    "icon-192.png": (192, 1.0, True),
    "icon-512.png": (512, 1.0, True),
    "icon-maskable-512.png": (512, 0.72, False),
    "apple-touch-icon.png": (180, 0.86, False),
}
BACKGROUND = "#1f5f5b"


def page_for(size: int, scale: float, rounded: bool) -> str:
    art = ICON.replace("<svg ", f'<svg width="{size * scale}" height="{size * scale}" ', 1)
    if not rounded:
        art = art.replace('rx="14"', 'rx="0"')
    background = "transparent" if rounded else BACKGROUND
    return (
        f"<html><body style='margin:0;width:{size}px;height:{size}px;display:flex;"
        f"align-items:center;justify-content:center;background:{background}'>{art}</body></html>"
    )


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for name, (size, scale, rounded) in ICONS.items():
            page = browser.new_page(viewport={"width": size, "height": size})
            page.set_content(page_for(size, scale, rounded))
            page.screenshot(path=str(OUT / name), omit_background=rounded)
            page.close()
            print(f"wrote {OUT / name}")
        browser.close()


if __name__ == "__main__":
    main()
