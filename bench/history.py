"""Benchmark: the history with ten years of daily sessions (3,650) for one person.

Prints the server time of /history (default range and "all"), /report (a year) and
GET /api/sessions, measured in-process around the WSGI call (no network), and the time
Chromium takes to draw the "all" chart. Targets: < 100 ms server time, < 100 ms to draw.

    .venv/bin/python bench/history.py [--sessions 3650] [--runs 20]
"""

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import flask_migrate
import sqlalchemy as sa
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import PASSWORD, AuthActions, make_app  # noqa: E402
from webapp.extensions import db  # noqa: E402
from webapp.models import PracticeSession, Routine, User  # noqa: E402
from webapp.services.catalog import read_seed, seed_catalog  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
TARGET_MS = 100


def build(path: Path, count: int):
    """A migrated, seeded database with one person and `count` daily sessions."""
    app = make_app(f"sqlite:///{path}")
    with app.app_context():
        flask_migrate.upgrade(directory=str(ROOT / "migrations"))
        seed_catalog(db.session, read_seed(app.config["SEED_DIR"]))
        db.session.commit()
    client = app.test_client()
    AuthActions(client).register()
    with app.app_context():
        user = db.session.scalar(sa.select(User))
        routines = db.session.scalars(sa.select(Routine)).all()
        now = datetime.now(UTC)
        rng = random.Random(7)
        rows = []
        for day in range(count):
            started = now - timedelta(days=day, minutes=rng.randint(0, 180))
            before = rng.randint(2, 8)
            stop = rng.random() < 0.03
            rows.append(
                {
                    "id": uuid.uuid4(),
                    "user_id": user.id,
                    "routine_id": rng.choice(routines).id,
                    "started_at": started,
                    "ended_at": started + timedelta(minutes=8),
                    "utc_offset_minutes": 60,
                    "pain_before": before,
                    "pain_after": None if stop else max(0, before - rng.randint(-1, 4)),
                    "outcome": "safety_stop" if stop else "completed",
                    "note": "Felt looser afterwards" if day % 5 == 0 else "",
                }
            )
        db.session.execute(sa.insert(PracticeSession), rows)
        db.session.commit()
    return app, client


def server_times(client, url: str, runs: int) -> tuple[list[float], int]:
    client.get(url)  # warm: templates compiled, connections open
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times, len(response.data)


def chart_times(app, runs: int) -> tuple[float, list[float], int]:
    """First draw on page load, then redraws of the same data, in Chromium."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
            )
            page = browser.new_page(base_url=base, viewport={"width": 360, "height": 780})
            page.goto("/login")
            page.get_by_label("Email").fill("ada@example.com")
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Log in").click()
            page.goto("/history?range=all")
            page.wait_for_selector("#trend[data-draw-ms]")
            first = float(page.get_attribute("#trend", "data-draw-ms"))
            points = int(page.get_attribute("#trend", "data-points"))
            redraws = page.evaluate(
                """async (runs) => {
                  const { drawTrend } = await import('/static/js/trend-chart.js');
                  const element = document.getElementById('trend');
                  const times = [];
                  for (let i = 0; i < runs; i += 1) {
                    element.chart.destroy();
                    drawTrend(element);
                    while (element.dataset.drawMs === undefined) {
                      await new Promise((resolve) => setTimeout(resolve, 0));
                    }
                    times.push(Number(element.dataset.drawMs));
                  }
                  return times;
                }""",
                runs,
            )
            browser.close()
    finally:
        server.shutdown()
    return first, redraws, points


def line(label: str, times: list[float], extra: str = "") -> None:
    median = statistics.median(times)
    p95 = sorted(times)[max(0, round(0.95 * len(times)) - 1)]
    verdict = "PASS" if p95 < TARGET_MS else "MISS"
    print(f"{label:<34} median {median:6.1f} ms  p95 {p95:6.1f} ms  {verdict}{extra}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=3650)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        app, client = build(Path(folder) / "bench.sqlite3", args.sessions)
        took = time.perf_counter() - started
        print(f"{args.sessions} sessions for one person, built in {took:.1f} s")
        print(f"server time over {args.runs} runs (target p95 < {TARGET_MS} ms):")
        year_ago = (datetime.now(UTC) - timedelta(days=364)).date()
        for label, url in [
            ("GET /history (30 days, page 1)", "/history"),
            ("GET /history?range=all", "/history?range=all"),
            ("GET /report (one year)", f"/report?start={year_ago}&end={datetime.now(UTC).date()}"),
            ("GET /api/sessions (all)", "/api/sessions"),
        ]:
            times, size = server_times(client, url, args.runs)
            line(label, times, f"  ({size / 1024:.0f} KB)")
        first, redraws, points = chart_times(app, args.runs)
        print(f"Chromium, chart of all {points} sessions (target < {TARGET_MS} ms):")
        line("first draw on page load", [first])
        line("redraw of the same data", redraws)
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
