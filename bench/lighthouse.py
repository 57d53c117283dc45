"""Lighthouse (mobile, its defaults) on home, routine, player and history, logged in.

Usage: python -m bench.lighthouse [--sessions 365] [--keep DIR]

Needs bench/node_modules (`make bench-lighthouse` runs `npm ci` in bench/). The person's
cookies go to every request through --extra-headers. Lighthouse runs Debian's Chromium
(CHROME_PATH, default /usr/bin/chromium) headless.
"""

import argparse
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.common import (
    CHROMIUM,
    Browserless,
    Gunicorn,
    build_database,
    database_url,
    load_note,
    verdict,
)
from bench.page_weight import PAGES

LIGHTHOUSE = Path(__file__).resolve().parent / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking"
CATEGORIES = ("performance", "accessibility", "best-practices")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100}
METRICS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
)


def run_lighthouse(url: str, cookie: str, report: Path) -> dict:
    """Run Lighthouse on one URL; return its JSON report."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
        f"--extra-headers={json.dumps({'Cookie': cookie})}",
    ]
    env = os.environ | {"CHROME_PATH": os.environ.get("CHROME_PATH", CHROMIUM)}
    subprocess.run(command, env=env, check=True, timeout=300)
    return json.loads(report.read_text())


def failing_audits(report: dict, category: str) -> list[str]:
    """The category's audits that scored below 1, with Lighthouse's own figure for each."""
    lines = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if audit["score"] is None or audit["score"] >= 1:
            continue
        if audit["scoreDisplayMode"] in ("informative", "notApplicable", "manual"):
            continue
        shown = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
        items = audit.get("details", {}).get("items")
        where = ""
        if isinstance(items, list) and items:
            first = items[0]
            node = first.get("node", {}) if isinstance(first, dict) else {}
            what = node.get("snippet") or first.get("url") or first.get("description") or ""
            where = f" e.g. {str(what)[:120]}" if what else ""
        lines.append(f"{ref['id']} score {audit['score']:.2f} weight {ref['weight']}{shown}{where}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=365)
    parser.add_argument("--keep", type=Path, help="copy the JSON reports to this folder")
    parser.add_argument(
        "--pages", default=",".join(PAGES), help=f"some of {','.join(PAGES)} (default all)"
    )
    args = parser.parse_args()
    pages = {name: PAGES[name] for name in args.pages.split(",")}
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE} is missing: run `make bench-lighthouse` (npm ci in bench/)")

    reports = {}
    with tempfile.TemporaryDirectory(prefix="backpoint-bench-") as tmp:
        url = database_url(Path(tmp), None)
        email = build_database(url, args.sessions)
        server = Gunicorn(url, 2, Path(tmp) / "gunicorn.log").start()
        try:
            person = Browserless(server.base).login(email)
            for name, path in pages.items():
                status, _ = person.call("GET", path)
                if status != 200:
                    print(f"{name}: {path} answers HTTP {status}; not measured")
                    continue
                report = Path(tmp) / f"{name}.json"
                reports[name] = run_lighthouse(server.base + path, person.cookie_header(), report)
                if args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(report, args.keep / report.name)
        finally:
            server.stop()

    print(f"Lighthouse {_version(reports)}, mobile, logged in with {args.sessions} sessions")
    print(f"{load_note()} (performance depends on it)")
    print(f"{'page':9} " + " ".join(f"{c:>15}" for c in CATEGORIES))
    for name, report in reports.items():
        scores = [round(report["categories"][c]["score"] * 100) for c in CATEGORIES]
        print(f"{name:9} " + " ".join(f"{s:15d}" for s in scores))
    for name, report in reports.items():
        metrics = ", ".join(f"{m} {report['audits'][m].get('displayValue', '?')}" for m in METRICS)
        print(f"{name} metrics: {metrics}")
        for category in CATEGORIES:
            lines = failing_audits(report, category)
            for line in lines:
                if " weight 0" not in line:
                    print(f"  {name} {category}: {line}")
            unweighted = [line.split()[0] for line in lines if " weight 0" in line]
            if unweighted:
                print(f"  {name} {category}, flagged but not scored: {', '.join(unweighted)}")
    for name, report in reports.items():
        for category, target in TARGETS.items():
            score = round(report["categories"][category]["score"] * 100)
            print(f"{verdict(score >= target)} {name} {category} >= {target}: {score}")
    for name in pages:
        if name not in reports:
            print(f"MISS {name}: not measured (page missing)")


def _version(reports: dict) -> str:
    return next(iter(reports.values()))["lighthouseVersion"] if reports else "?"


if __name__ == "__main__":
    main()
