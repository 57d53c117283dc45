"""History with ten years of daily sessions (3,650) for one person.

Usage: python -m bench.history [--sessions 3650] [--runs 20]

Prints the server time of /history (default range and "all"), a one-year /report and a page
of GET /api/sessions, measured in-process around the WSGI call (no network; wall and CPU time,
the latter less swayed by a busy machine), then the time Chromium takes to draw the "all" chart
(until uPlot has painted), on first load and on redraws.
Targets (issue 17): server time median < 30 ms and p95 < 60 ms; < 100 ms to draw.
"""

import argparse
import gc
import os
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.common import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PASSWORD,
    PHONE,
    Browserless,
    Gunicorn,
    app_for,
    build_database,
    database_url,
    forget_person,
    load_note,
    verdict,
)
from webapp.extensions import db
from webapp.services import session_pages

TARGET_MS = 100
MEDIAN_MS, P95_MS = 30, 60
REDRAWS = """async (runs) => {
  const { drawTrend } = await import('/static/js/trend-chart.js');
  const element = document.getElementById('trend');
  const times = [];
  for (let i = 0; i < runs; i += 1) {
    drawTrend(element);
    while (element.dataset.drawMs === undefined) {
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    times.push(Number(element.dataset.drawMs));
  }
  return times;
}"""


def server_times(client, url: str, runs: int, before=None) -> tuple[list[float], list[float], int]:
    """Wall and CPU milliseconds of each of `runs` requests, and the last answer's size;
    `before`, when given, runs ahead of each request (not timed)."""
    client.get(url)  # warm: templates compiled, connections open
    times, cpu = [], []
    for _ in range(runs):
        if before is not None:
            before()
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times, cpu, len(response.data)


def chart_times(base: str, email: str, runs: int) -> tuple[float, list[float], int]:
    """First draw on page load, then redraws of the same data, in Chromium."""
    cookies = [
        {"name": name, "value": value, "url": base}
        for name, value in Browserless(base).login(email).cookies.items()
    ]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=base, viewport=PHONE)
        context.add_cookies(cookies)
        page = context.new_page()
        page.goto("/history?range=all")
        page.wait_for_selector("#trend[data-draw-ms]")
        first = float(page.get_attribute("#trend", "data-draw-ms"))
        points = int(page.get_attribute("#trend", "data-points"))
        redraws = page.evaluate(REDRAWS, runs)
        browser.close()
    return first, redraws, points


def line(label: str, times: list[float], extra: str = "") -> None:
    median = statistics.median(times)
    p95 = sorted(times)[max(0, round(0.95 * len(times)) - 1)]
    print(
        f"{verdict(p95 < TARGET_MS)} {label:<32} median {median:6.1f} ms  p95 {p95:6.1f} ms{extra}"
    )


def server_line(label: str, times: list[float], cpu: list[float], extra: str = "") -> bool:
    """One page's figures against median < 30 ms and p95 < 60 ms; True if both are met."""
    median, p95 = statistics.median(times), sorted(times)[max(0, round(0.95 * len(times)) - 1)]
    met = median < MEDIAN_MS and p95 < P95_MS
    print(
        f"{verdict(met)} {label:<34} median {median:6.1f} ms  p95 {p95:6.1f} ms"
        f"  (CPU median {statistics.median(cpu):5.1f} ms){extra}"
    )
    return met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=3650)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--no-browser", action="store_true", help="server times only")
    parser.add_argument(
        "--no-freeze",
        action="store_true",
        help="skip gc.freeze() (gunicorn.conf.py's workers do it)",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL"),
        help="a database to use instead of a new SQLite file (migrated and seeded; the bench "
        "person and their sessions are deleted afterwards)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="backpoint-bench-") as tmp:
        url = database_url(Path(tmp), args.database_url)
        email = build_database(url, args.sessions)
        try:
            measure(args, Path(tmp), url, email)
        finally:
            if args.database_url:
                forget_person(url, email)


def measure(args, tmp: Path, url: str, email: str) -> None:
    """The server times in-process, then (unless --no-browser) Chromium's chart times."""
    app = app_for(url)
    client = app.test_client()
    token = client.get("/api/csrf-token").get_json()["csrf_token"]
    login = {"email": email, "password": PASSWORD, "csrf_token": token}
    assert client.post("/login", data=login).status_code == 302
    if not args.no_freeze:
        gc.freeze()  # as gunicorn.conf.py's post_worker_init does in production
    frozen = "unfrozen" if args.no_freeze else "gc.freeze() as in the workers"
    dialect = url.split(":", 1)[0].split("+")[0]
    print(
        f"History of {args.sessions} daily sessions, {dialect}, {args.runs} runs, {frozen}; "
        f"{load_note()}"
    )
    today = datetime.now(UTC).date()
    for label, path in [
        ("GET /history (30 days, page 1)", "/history"),
        ("GET /history?range=all", "/history?range=all"),
        ("GET /report (one year)", f"/report?start={today - timedelta(days=364)}&end={today}"),
        ("GET /api/sessions (a page)", "/api/sessions"),
    ]:
        times, cpu, size = server_times(client, path, args.runs)
        server_line(label, times, cpu, f"  ({size / 1024:.0f} KB)")
    # The same page read and written anew each time, as after every change to the sessions.
    times, cpu, size = server_times(
        client, "/api/sessions", args.runs, before=session_pages.forget_written
    )
    server_line("GET /api/sessions (written anew)", times, cpu, f"  ({size / 1024:.0f} KB)")
    with app.app_context():
        db.engine.dispose()
    if args.no_browser:
        return
    server = Gunicorn(url, 1, tmp / "gunicorn.log").start()
    try:
        first, redraws, points = chart_times(server.base, email, args.runs)
    finally:
        server.stop()
    print(f"Chromium, chart of all {points} sessions:")
    line("first draw on page load", [first])
    line("redraw of the same data", redraws)


if __name__ == "__main__":
    main()
