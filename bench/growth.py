"""Growth: many people with a year of daily sessions each, the hot paths and their query plans.

Usage: python -m bench.growth [--people 10000] [--days 365] [--database-url URL] [--runs 20]

The issue's figure is 10,000 people x 365 days = 3.65 million sessions on PostgreSQL
(`tools/with-postgres.sh` sets up a throwaway server; pass its URL or BENCH_DATABASE_URL).
Without a URL it uses a new SQLite file. The people are inserted in bulk (one password hash
shared, so building takes minutes, not hours), then one person in the middle of the table logs
in and, in-process around the WSGI call: POSTs sessions, reads a page and the next page of
GET /api/sessions, /history and a one-year /report. Then the plans of the hot queries, which
must read practice_session through an index. Targets as bench-history's and bench-api's: server
time median < 30 ms and p95 < 60 ms a page, POST and API pages p99 < 100 ms.
"""

import argparse
import importlib.util
import json
import os
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import flask_migrate
import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from bench.common import (
    MIGRATIONS,
    PASSWORD,
    app_for,
    database_url,
    load_note,
    verdict,
)
from tests.shared import session_payload
from webapp.extensions import db
from webapp.models import PracticeSession, Routine, RoutineTally, User
from webapp.services.catalog import read_seed, seed_catalog

CHUNK = 20_000


def build(url: str, people: int, days: int) -> str:
    """Migrate, seed, insert the people and their sessions; return the measured person's email."""
    app = app_for(url)
    rng = random.Random(17)  # noqa: S311 (repeatable data, not security)
    with app.app_context():
        flask_migrate.upgrade(directory=MIGRATIONS)
        seed_catalog(db.session, read_seed(app.config["SEED_DIR"]))
        db.session.commit()
        routine_ids = list(db.session.scalars(sa.select(Routine.id).order_by(Routine.position)))
        tag = uuid.uuid4().hex[:8]
        password_hash = generate_password_hash(PASSWORD)  # as User.set_password does
        now = datetime.now(UTC)
        started_building = time.perf_counter()
        db.session.execute(
            sa.insert(User),
            [
                {
                    "email": f"growth-{tag}-{index}@example.com",
                    "password_hash": password_hash,
                    "created_at": now,
                    "welcomed_at": now,
                }
                for index in range(people)
            ],
        )
        ids = list(
            db.session.scalars(
                sa.select(User.id).where(User.email.like(f"growth-{tag}-%")).order_by(User.id)
            )
        )
        today = now.replace(hour=7, minute=30, second=0, microsecond=0)
        if db.engine.dialect.name == "postgresql":
            sessions_in_postgres(db.session.connection(), ids, days, today, routine_ids)
            ids = []  # built: the rows below are SQLite's
        rows = []
        for user_id in ids:
            for day in range(1, days + 1):
                started = today - timedelta(days=day, minutes=rng.randint(0, 600))
                before = rng.randint(2, 8)
                safety = rng.random() < 0.02
                rows.append(
                    {
                        "id": uuid.UUID(int=rng.getrandbits(128), version=4),
                        "user_id": user_id,
                        "routine_id": routine_ids[(day + user_id) % len(routine_ids)],
                        "started_at": started,
                        "ended_at": started + timedelta(minutes=7),
                        "utc_offset_minutes": 60,
                        "pain_before": before,
                        "pain_after": None if safety else max(0, before - rng.randint(0, 3)),
                        "outcome": "safety_stop" if safety else "completed",
                        "note": "",
                        "created_at": started + timedelta(minutes=8),
                    }
                )
                if len(rows) >= CHUNK:
                    db.session.execute(sa.insert(PracticeSession), rows)
                    rows = []
        if rows:
            db.session.execute(sa.insert(PracticeSession), rows)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            db.session.connection().exec_driver_sql("ANALYZE practice_session")
            db.session.connection().exec_driver_sql("ANALYZE routine_tally")
            db.session.commit()
        total = db.session.scalar(sa.select(sa.func.count()).select_from(PracticeSession))
        tallied = db.session.scalar(sa.select(sa.func.sum(RoutineTally.sessions)))
        if tallied != total:
            raise SystemExit(f"the running totals count {tallied:,} sessions, not {total:,}")
        seconds = time.perf_counter() - started_building
        print(f"built {people:,} people x {days} days in {seconds:.0f} s; {total:,} sessions")
        db.engine.dispose()
    return f"growth-{tag}-{people // 2}@example.com"


# Every session of the people made by the server itself: one INSERT ... SELECT over
# generate_series, the same shape of data as the SQLite rows (a day each, 0-600 minutes before
# 07:30, pain 2-8, 2% safety stops, routines in turn). OFFSET 0 keeps each row's random draws
# together (a subquery with volatile functions is not flattened into the outer query).
POSTGRES_SESSIONS = """
INSERT INTO practice_session (id, user_id, routine_id, started_at, ended_at, utc_offset_minutes,
    pain_before, pain_after, outcome, note, created_at, manual)
SELECT gen_random_uuid(), u.id, r.ids[1 + (d + u.id) %% cardinality(r.ids)], s.started,
    s.started + interval '7 minutes', 60, s.before,
    CASE WHEN s.safety THEN NULL ELSE greatest(0, s.before - s.drop) END,
    CASE WHEN s.safety THEN 'safety_stop' ELSE 'completed' END, '',
    s.started + interval '8 minutes', false
FROM unnest(%(users)s::int[]) AS u(id)
CROSS JOIN (SELECT %(routines)s::int[] AS ids) AS r
CROSS JOIN generate_series(1, %(days)s) AS d
CROSS JOIN LATERAL (
    SELECT %(today)s::timestamptz - d * interval '1 day'
               - floor(random() * 601) * interval '1 minute' AS started,
           2 + floor(random() * 7)::int AS before,
           floor(random() * 4)::int AS drop,
           random() < 0.02 AS safety
    OFFSET 0
) AS s
"""


def sessions_in_postgres(connection, ids: list[int], days: int, today, routine_ids) -> None:
    """Insert `days` daily sessions for each person in the server, in chunks of people, with
    the two listing indexes dropped and the running totals' triggers off during the load, and
    both made once after (far faster than keeping them up to date row by row, 25 minutes and
    more for 3.65 million rows). No one else uses this throwaway database meanwhile."""
    indexes = connection.exec_driver_sql(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'practice_session'"
        " AND indexname LIKE 'ix_%%'"
    ).all()
    for name, _definition in indexes:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    # The running totals' triggers would write a person's totals and version for each of the
    # 3.65 million rows: they sleep during the load and the totals are added up once after.
    connection.exec_driver_sql("ALTER TABLE practice_session DISABLE TRIGGER USER")
    connection.exec_driver_sql("SET LOCAL maintenance_work_mem = '256MB'")
    connection.exec_driver_sql("SELECT setseed(0.17)")  # repeatable data
    step = max(1, 500_000 // days)
    for first in range(0, len(ids), step):
        connection.exec_driver_sql(
            POSTGRES_SESSIONS,
            {
                "users": ids[first : first + step],
                "routines": routine_ids,
                "days": days,
                "today": today,
            },
        )
    for _name, definition in indexes:
        connection.exec_driver_sql(definition)
    connection.exec_driver_sql("ALTER TABLE practice_session ENABLE TRIGGER USER")
    # The totals of the sessions just stored, by the migration's own rule (as it built them).
    tally = migration("0015_routine_tally")
    values = tally.contribution("practice_session")
    connection.exec_driver_sql(
        f"INSERT INTO routine_tally (user_id, routine_id, {', '.join(tally.COLUMNS)})"
        " SELECT user_id, routine_id, "
        + ", ".join(f"sum({values[name]})" for name in tally.COLUMNS)
        + " FROM practice_session WHERE user_id = ANY(%(users)s)"
        " GROUP BY user_id, routine_id",
        {"users": ids},
    )
    connection.exec_driver_sql(
        f'UPDATE "user" SET sessions_version = {tally.fresh_version("postgresql")}'
        " WHERE id = ANY(%(users)s)",
        {"users": ids},
    )


def migration(name: str):
    """A migration's module (migrations/versions is not a package), for its SQL rule."""
    path = Path(MIGRATIONS) / "versions" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"migration_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def timed(action, runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU (this process: the app, not the database server) milliseconds a run."""
    action()
    times, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        action()
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return times, cpu


def report_line(label: str, measured, p99_target: bool = False) -> bool:
    times, cpu = measured
    ordered = sorted(times)
    median = statistics.median(times)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    p99 = ordered[max(0, round(0.99 * len(ordered)) - 1)]
    met = p99 < 100 if p99_target else (median < 30 and p95 < 60)
    target = "p99 < 100 ms" if p99_target else "median < 30, p95 < 60 ms"
    print(
        f"{verdict(met)} {label:<30} median {median:6.1f}  p95 {p95:6.1f}  p99 {p99:6.1f} ms"
        f"  ({target}; app CPU median {statistics.median(cpu):.1f} ms)"
    )
    return met


def plans(app, email: str) -> None:
    """Print the plans of the hot queries for the measured person."""
    from tests.test_query_plans import caught  # the same capture the plan test uses
    from webapp.services import figures, history, session_pages, trend

    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        today = figures.today_for(db.session, user)
        first = session_pages.page_for(db.session, user, 100)
        calls = {
            "GET /api/sessions, first page": lambda: session_pages.page_for(db.session, user, 100),
            "GET /api/sessions, next page": lambda: session_pages.page_for(
                db.session, user, 100, first.next
            ),
            "history: chart of 30 days": lambda: figures.chart_entries(
                db.session, user, 30, datetime.now(UTC)
            ),
            "history: streak": lambda: figures.streak(db.session, user, today),
            "history: weekly rate, nudges": lambda: figures.recent_entries(db.session, user, today),
            "history: per-routine totals": lambda: figures.routine_summaries(db.session, user),
            "history: log page": lambda: history.log_page(db.session, user, 1, 365),
            "history: all, a point a week": lambda: trend.grouped(db.session, user, 7),
        }
        postgres = db.engine.dialect.name == "postgresql"
        for label, call in calls.items():
            with caught() as statements:
                call()
            for statement, parameters in statements:
                connection = db.session.connection()
                prefix = "EXPLAIN (ANALYZE, BUFFERS) " if postgres else "EXPLAIN QUERY PLAN "
                rows = connection.exec_driver_sql(prefix + statement, parameters)
                print(f"-- {label}")
                for row in rows:
                    print("   ", row[0] if postgres else row[-1])
        db.session.rollback()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="backpoint-bench-") as tmp:
        url = database_url(Path(tmp), args.database_url)
        print(f"Growth bench, {url.split(':', 1)[0]}; {load_note()}")
        email = build(url, args.people, args.days)
        app = app_for(url)
        client = app.test_client()
        token = client.get("/api/csrf-token").get_json()["csrf_token"]
        login = {"email": email, "password": PASSWORD, "csrf_token": token}
        assert client.post("/login", data=login).status_code == 302
        token = client.get("/api/csrf-token").get_json()["csrf_token"]
        headers = {"X-CSRFToken": token, "Content-Type": "application/json"}
        print(f"measured as {email}; {load_note()}")

        def post():
            body = json.dumps(session_payload())
            assert client.post("/api/sessions", data=body, headers=headers).status_code == 201

        page = client.get("/api/sessions")
        following = page.headers["Link"][1 : page.headers["Link"].index(">")]
        today = datetime.now(UTC).date()
        report = f"/report?start={today - timedelta(days=364)}&end={today}"
        met = [
            report_line("POST /api/sessions", timed(post, args.runs), p99_target=True),
            report_line(
                "GET /api/sessions (page 1)",
                timed(lambda: client.get("/api/sessions"), args.runs),
                p99_target=True,
            ),
            report_line(
                "GET /api/sessions (page 2)",
                timed(lambda: client.get(following), args.runs),
                p99_target=True,
            ),
            report_line("GET /history", timed(lambda: client.get("/history"), args.runs)),
            report_line(
                "GET /history?range=all",
                timed(lambda: client.get("/history?range=all"), args.runs),
            ),
            report_line("GET /report (one year)", timed(lambda: client.get(report), args.runs)),
        ]
        print(f"after the run: {load_note()}")
        plans(app, email)
        print(f"overall: {verdict(all(met))}")
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
