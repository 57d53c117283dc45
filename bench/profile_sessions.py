"""Where GET /api/sessions spends its time for ten years of daily sessions, one process, no load.

Usage: python -m bench.profile_sessions [--sessions 3650] [--repeat 10]

Times each stage on its own (median of --repeat): reading the rows as ORM objects and
serialising them (the old way), reading plain columns (the current way), encoding the JSON as
Flask does, gzipping it, and the whole request through Flask's test client.
"""

import argparse
import gzip
import statistics
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from bench.common import PASSWORD, app_for, build_database, database_url, load_note
from webapp.extensions import db
from webapp.models import PracticeSession, User
from webapp.services.sessions import list_json_for


def median_ms(action, repeat: int) -> float:
    action()  # warm caches (statement compilation, pages of the database file)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=3650)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="backpoint-bench-") as tmp:
        url = database_url(Path(tmp), None)
        email = build_database(url, args.sessions)
        app = app_for(url)
        with app.app_context():
            user = db.session.scalar(sa.select(User).where(User.email == email))

            def orm_rows():
                db.session.expunge_all()
                query = sa.select(PracticeSession).where(PracticeSession.user_id == user.id)
                return list(db.session.scalars(query.order_by(PracticeSession.started_at.desc())))

            rows = orm_rows()
            data = list_json_for(db.session, user)
            assert data == [row.to_dict() for row in rows]
            body = app.json.dumps(data).encode()
            stages = {
                "ORM objects: query and load": median_ms(orm_rows, args.repeat),
                "ORM objects: to_dict": median_ms(
                    lambda: [row.to_dict() for row in rows], args.repeat
                ),
                "plain columns: query and build dicts": median_ms(
                    lambda: list_json_for(db.session, user), args.repeat
                ),
                "JSON encoding (Flask's provider)": median_ms(
                    lambda: app.json.dumps(data), args.repeat
                ),
                "gzip level 6 of the body": median_ms(
                    lambda: gzip.compress(body, compresslevel=6), args.repeat
                ),
                "gzip level 1 of the body": median_ms(
                    lambda: gzip.compress(body, compresslevel=1), args.repeat
                ),
            }
            db.engine.dispose()
        client = app.test_client()
        token = client.get("/api/csrf-token").get_json()["csrf_token"]
        login = {"email": email, "password": PASSWORD, "csrf_token": token}
        assert client.post("/login", data=login).status_code == 302
        stages["whole request (test client)"] = median_ms(
            lambda: client.get("/api/sessions"), args.repeat
        )
        with app.app_context():
            db.engine.dispose()

    print(f"GET /api/sessions, {args.sessions} sessions, median of {args.repeat}; {load_note()}")
    for stage, ms in stages.items():
        print(f"{stage:40} {ms:8.1f} ms")
    print(
        f"body {len(body):,} bytes; gzip 6: {len(gzip.compress(body, 6)):,}; "
        f"gzip 1: {len(gzip.compress(body, 1)):,}"
    )


if __name__ == "__main__":
    main()
