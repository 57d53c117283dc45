"""Where POST /api/sessions spends its time, one process, no concurrency (a cProfile split).

Usage: python -m bench.profile_post [--sessions 3650] [--posts 300] [--database-url URL]

Posts new sessions through Flask's test client as a logged-in person with ten years of
sessions, under cProfile, and splits the request's time into: the login lookup, CSRF, reading
the JSON, validation, the insert and read-back, the commit, the answer's JSON, the response
headers (security, owner cookie, sign-in touch) and the rest (Flask, Werkzeug, cookies).
CPU time, so a busy machine changes it less than wall time (the load is printed too).
"""

import argparse
import cProfile
import json
import pstats
import tempfile
import time
from pathlib import Path

from bench.common import PASSWORD, app_for, build_database, database_url, load_note
from tests.shared import session_payload

STAGES = {
    "login lookup (sign-in by token hash)": [("webapp/models.py", "load_user")],
    "CSRF check": [("flask_wtf/csrf.py", "protect")],
    "reading the JSON body": [("webapp/api/routes.py", "json_body")],
    "validation (incl. the routine query)": [("webapp/services/sessions.py", "validate")],
    "insert + read-back": [("webapp/services/sessions.py", "store")],
    "commit (SQLite/PostgreSQL fsync)": [("sqlalchemy/orm/scoping.py", "commit")],
    "answer's JSON (to_dict, jsonify)": [
        ("webapp/models.py", "to_dict"),
        ("flask/json/__init__.py", "jsonify"),
    ],
    "response headers, owner cookie, sign-in touch": [("webapp/security.py", "_set_headers")],
}
TOTAL = ("flask/app.py", "wsgi_app")


def cumulative_ms(stats: pstats.Stats, where: tuple[str, str], calls: int) -> float:
    """Per-request cumulative milliseconds of the function named in a file ending so."""
    path, name = where
    total = 0.0
    for (filename, _line, function), (_cc, _nc, _tt, cumtime, _callers) in stats.stats.items():
        if function == name and filename.endswith(path):
            total += cumtime
    return total * 1000 / calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=3650)
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--database-url", help="e.g. postgresql://... (default: a SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="backpoint-bench-") as tmp:
        url = database_url(Path(tmp), args.database_url)
        email = build_database(url, args.sessions)
        app = app_for(url)
        client = app.test_client()
        token = client.get("/api/csrf-token").get_json()["csrf_token"]
        login = {"email": email, "password": PASSWORD, "csrf_token": token}
        assert client.post("/login", data=login).status_code == 302
        token = client.get("/api/csrf-token").get_json()["csrf_token"]
        headers = {"X-CSRFToken": token, "Content-Type": "application/json"}
        bodies = [json.dumps(session_payload()) for _ in range(2 * args.posts + 20)]
        for body in bodies[:20]:  # warm: statements compiled, pages cached
            assert client.post("/api/sessions", data=body, headers=headers).status_code == 201

        def profiled(timer, batch):
            profile = cProfile.Profile(timer)
            started = time.perf_counter(), time.process_time()
            profile.enable()
            for body in batch:
                response = client.post("/api/sessions", data=body, headers=headers)
                assert response.status_code == 201, response.get_json()
            profile.disable()
            spent = time.perf_counter() - started[0], time.process_time() - started[1]
            return pstats.Stats(profile), spent

        cpu_stats, spent = profiled(time.process_time, bodies[20 : 20 + args.posts])
        wall_stats, _ = profiled(time.perf_counter, bodies[20 + args.posts :])
    dialect = url.split(":", 1)[0].split("+")[0]
    print(f"POST /api/sessions, {args.posts} posts, {dialect}, under cProfile; {load_note()}")
    wall_ms, cpu_ms = (1000 * value / args.posts for value in spent)
    print(f"  per request (profiled): {wall_ms:.2f} ms wall, {cpu_ms:.2f} ms CPU")
    print(f"  {'stage':48} {'CPU ms':>7} {'share':>6} {'wall ms':>8}")
    totals = [cumulative_ms(stats, TOTAL, args.posts) for stats in (cpu_stats, wall_stats)]
    accounted = [0.0, 0.0]
    for label, places in STAGES.items():
        cpu, wall = (
            sum(cumulative_ms(stats, where, args.posts) for where in places)
            for stats in (cpu_stats, wall_stats)
        )
        accounted = [accounted[0] + cpu, accounted[1] + wall]
        print(f"  {label:48} {cpu:7.2f} {100 * cpu / totals[0]:5.1f}% {wall:8.2f}")
    cpu, wall = totals[0] - accounted[0], totals[1] - accounted[1]
    label = "the rest (Flask, Werkzeug, session cookie)"
    print(f"  {label:48} {cpu:7.2f} {100 * cpu / totals[0]:5.1f}% {wall:8.2f}")
    print(f"  {'whole request (wsgi_app)':48} {totals[0]:7.2f} {100.0:5.1f}% {totals[1]:8.2f}")


if __name__ == "__main__":
    main()
