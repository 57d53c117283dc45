"""Page weight of a first visit (empty cache), logged in, with a year of sessions.

Usage: python -m bench.page_weight [--sessions 365]

Each page is loaded in a fresh Chromium context (no cache, no service worker) from gunicorn.
Bytes are what came over the wire (headers + body as served) and, for comparison, what the
same responses would weigh gzipped (level 6, text types only; images as served). The service
worker's install (precache and the signed-in person's routine pages) is counted apart, by
fetching its list once.
"""

import argparse
import gzip
import json
import re
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.common import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PHONE,
    Browserless,
    Gunicorn,
    build_database,
    database_url,
    load_note,
    verdict,
)

PAGES = {
    "home": "/",
    "routine": "/routines/lower-back-basics",
    "player": "/routines/lower-back-basics/session",
    "history": "/history",
}
PAGE_BUDGET = 150 * 1024
JS_BUDGET = 60 * 1024
TEXT_TYPES = ("text/", "javascript", "json", "svg", "xml", "manifest")


def gzipped(body: bytes, content_type: str) -> int:
    if any(kind in content_type for kind in TEXT_TYPES):
        return len(gzip.compress(body, compresslevel=6))
    return len(body)


def weigh(context, url: str) -> dict:
    """Load the page; return its status and byte counts (all, scripts), raw and gzipped."""
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    response = page.goto(url, wait_until="networkidle")
    totals = {"wire": 0, "gzip": 0, "js_wire": 0, "js_gzip": 0, "requests": 0, "encoded": set()}
    for request in finished:
        reply = request.response()
        if reply is None:
            continue
        sizes = request.sizes()
        body = reply.body()
        content_type = reply.headers.get("content-type", "")
        wire = sizes["responseHeadersSize"] + sizes["responseBodySize"]
        packed = sizes["responseHeadersSize"] + gzipped(body, content_type)
        totals["wire"] += wire
        totals["gzip"] += packed
        totals["requests"] += 1
        if reply.headers.get("content-encoding"):
            totals["encoded"].add(reply.headers["content-encoding"])
        if request.resource_type == "script":
            totals["js_wire"] += wire
            totals["js_gzip"] += packed
    page.close()
    return {"status": response.status if response else 0, "final_url": page.url, **totals}


def service_worker_install(person: Browserless) -> tuple[int, int, int]:
    """What the service worker downloads when it installs: (requests, raw bytes, gzipped)."""
    _, source = person.call("GET", "/sw.js")
    urls = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", source.decode()).group(1))
    _, routines = person.call("GET", "/api/routines")
    urls += [f"/routines/{routine['slug']}/session" for routine in json.loads(routines)]
    raw = packed = 0
    for url in urls:
        _, body = person.call("GET", url)
        kind = "text/" if url.endswith((".css", ".js", ".svg", ".webmanifest")) else ""
        kind = kind or ("" if url.endswith(".png") else "text/")
        raw += len(body)
        packed += gzipped(body, kind)
    return len(urls), raw, packed


def kb(n: int) -> str:
    return f"{n / 1024:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=365)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="backpoint-bench-") as tmp:
        url = database_url(Path(tmp), None)
        email = build_database(url, args.sessions)
        server = Gunicorn(url, 2, Path(tmp) / "gunicorn.log").start()
        try:
            person = Browserless(server.base).login(email)
            cookies = [
                {"name": name, "value": value, "url": server.base}
                for name, value in person.cookies.items()
            ]
            results = {}
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for name, path in PAGES.items():
                    context = browser.new_context(
                        base_url=server.base, viewport=PHONE, service_workers="block"
                    )
                    context.add_cookies(cookies)
                    results[name] = weigh(context, server.base + path)
                    context.close()
                browser.close()
            sw = service_worker_install(person)
        finally:
            server.stop()

    print(f"Page weight, first visit, logged in with {args.sessions} sessions; {load_note()}")
    encodings = set().union(*(r["encoded"] for r in results.values()))
    if encodings:
        print(f"responses are served compressed ({', '.join(sorted(encodings))})")
    else:
        print("nothing is served compressed (no Content-Encoding): gzip column is what it would be")
    print(
        f"{'page':9} {'status':>6} {'requests':>8} {'KB wire':>8} {'KB gzip':>8} "
        f"{'JS KB wire':>10} {'JS KB gzip':>10}"
    )
    for name, r in results.items():
        print(
            f"{name:9} {r['status']:6d} {r['requests']:8d} {kb(r['wire']):>8} "
            f"{kb(r['gzip']):>8} {kb(r['js_wire']):>10} {kb(r['js_gzip']):>10}"
        )
        if r["status"] != 200:
            print(f"  {PAGES[name]} answered {r['status']} ({r['final_url']})")
    count, raw, packed = sw
    print(
        f"service worker install (after the first page): {count} requests, "
        f"{kb(raw)} KB raw, {kb(packed)} KB gzipped (bodies only)"
    )
    for name, r in results.items():
        if r["status"] != 200:
            print(f"MISS {name}: HTTP {r['status']}, not measured")
            continue
        print(f"{verdict(r['wire'] < PAGE_BUDGET)} {name} < 150 KB as served: {kb(r['wire'])} KB")
        print(f"{verdict(r['js_wire'] < JS_BUDGET)} {name} JS < 60 KB: {kb(r['js_wire'])} KB")


if __name__ == "__main__":
    main()
