"""Take the manifest screenshots from the real app: fresh database, seeded catalog, Chromium.

Run after a visible change:  .venv/bin/python tools/make_screenshots.py
"""

import os
import shutil
import tempfile
import threading
from pathlib import Path

import flask_migrate
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from webapp import create_app
from webapp.extensions import db
from webapp.services.catalog import read_seed, seed_catalog

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "webapp/static/screenshots"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = {
    "narrow.png": ("/routines/lower-back-basics", 360, 780),
    "wide.png": ("/routines", 1280, 800),
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {"SECRET_KEY": "screenshots", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/shots.db"}
        )
        with app.app_context():
            flask_migrate.upgrade(directory=str(ROOT / "migrations"))
            seed_catalog(db.session, read_seed(app.config["SEED_DIR"]))
            db.session.commit()
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            for name, (path, width, height) in SHOTS.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(base + path)
                page.screenshot(path=str(OUT / name))
                page.close()
                print(f"wrote {OUT / name}")
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
