"""The database under concurrent writers: SQLite runs in WAL mode with a busy timeout, so
writers wait for each other instead of failing with "database is locked"."""

import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar

import pytest
import sqlalchemy as sa

from tests.conftest import (
    ON_POSTGRES,
    PASSWORD,
    LiveServer,
    dispose_engine,
    make_app,
    session_payload,
    sqlite_only,
)
from tests.mailbox import OUTBOX, link_path
from webapp.extensions import db
from webapp.models import User

WRITERS = 6
SESSIONS_EACH = 10


@sqlite_only
def test_sqlite_runs_in_wal_mode_with_a_busy_timeout_and_foreign_keys(app):
    with app.app_context(), db.engine.connect() as connection:
        pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("busy_timeout") >= 1000
        assert pragma("foreign_keys") == 1


class Browserless:
    """A person's HTTP client with its own cookies, speaking to a live server."""

    def __init__(self, url: str):
        self.url = url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def request(self, method: str, path: str, data: bytes | None = None, headers=None):
        """The response's status and body; error statuses are answers too."""
        request = urllib.request.Request(
            self.url + path, data=data, method=method, headers=headers or {}
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.read()

    def csrf(self) -> str:
        return json.loads(self.request("GET", "/api/csrf-token")[1])["csrf_token"]

    def register(self, email: str) -> int:
        """Ask for the link, then choose the password on the page it opens; the last status."""
        token, before = self.csrf(), OUTBOX.count()
        body = urllib.parse.urlencode({"email": email, "csrf_token": token}).encode()
        status = self.request("POST", "/register", body)[0]
        if status != 200:
            return status
        link = link_path(OUTBOX.next_to(email, before).body, "register/finish")
        form = {"password": PASSWORD, "confirm": PASSWORD, "csrf_token": token}
        return self.request("POST", link, urllib.parse.urlencode(form).encode())[0]

    def post_session(self, token: str) -> tuple[int, bytes]:
        body = json.dumps(session_payload()).encode()
        headers = {"Content-Type": "application/json", "X-CSRFToken": token}
        return self.request("POST", "/api/sessions", body, headers)

    def sessions(self) -> list:
        return json.loads(self.request("GET", "/api/sessions")[1])


def test_concurrent_writers_through_a_real_server_never_find_the_database_locked(database):
    server = LiveServer(make_app(database)).start()
    start_together = threading.Barrier(WRITERS)

    def writer(number: int) -> dict:
        """Register, then post sessions as fast as the server answers; what each step got."""
        person = Browserless(server.url)
        start_together.wait(timeout=120)
        registered = person.register(f"writer{number}@example.com")
        token = person.csrf()
        posts = [person.post_session(token) for _ in range(SESSIONS_EACH)]
        failures = [body for status, body in posts if status != 201]
        return {"registered": registered, "failures": failures, "stored": len(person.sessions())}

    try:
        with ThreadPoolExecutor(WRITERS) as pool:
            results = list(pool.map(writer, range(WRITERS)))
    finally:
        server.stop()
    # Registering answers with a redirect, which urllib follows to a 200 page.
    assert results == [{"registered": 200, "failures": [], "stored": SESSIONS_EACH}] * WRITERS


def test_a_request_that_only_read_ends_in_commit_and_one_that_wrote_in_rollback(database):
    """Closing the session rolls back; psycopg forgets its prepared statements at a ROLLBACK,
    so PostgreSQL would plan each statement again on every request. A read-only request ends
    in COMMIT instead (the same for the data), and nothing a route did not commit is kept."""
    app = make_app(database)

    @app.get("/probe/read")
    def read():
        return str(db.session.scalar(sa.select(sa.func.count()).select_from(User)))

    @app.get("/probe/flushed")
    def flushed():
        db.session.add(User(email="flushed@example.com"))
        db.session.flush()  # written, the ORM's lists empty again, but not committed
        return "flushed"

    @app.get("/probe/failed")
    def failed():
        db.session.scalar(sa.select(sa.func.count()).select_from(User))
        raise RuntimeError("a failure after a read")

    @app.get("/probe/prepared")
    def prepared():
        if db.engine.dialect.name != "postgresql":
            return "0"
        return str(db.session.scalar(sa.text("SELECT count(*) FROM pg_prepared_statements")))

    ends = []
    with app.app_context():
        sa.event.listen(db.engine, "commit", lambda _connection: ends.append("commit"))
        sa.event.listen(db.engine, "rollback", lambda _connection: ends.append("rollback"))
    client = app.test_client()
    for _ in range(8):  # psycopg prepares a statement at its sixth run on a connection
        assert client.get("/probe/read").status_code == 200
    assert set(ends) == {"commit"}, ends
    if ON_POSTGRES:
        assert int(client.get("/probe/prepared").get_data(as_text=True)) >= 1

    ends.clear()
    assert client.get("/probe/flushed").status_code == 200
    assert ends == ["rollback"]
    ends.clear()
    app.testing = False  # the error reaches the teardown as in production (a 500 page)
    assert client.get("/probe/failed").status_code == 500
    assert ends == ["rollback"]
    with app.app_context():
        assert db.session.scalar(sa.select(User).filter_by(email="flushed@example.com")) is None
    with app.app_context():
        dispose_engine()


@pytest.mark.realtime
@sqlite_only
def test_a_sqlite_writer_takes_its_turn_as_soon_as_the_other_commits(app):
    """Another connection holds the write lock for 240 ms. The app's write waits for it and
    then goes within a few ms (held here to 75 ms, for a loaded machine); SQLite's own busy
    handler would try again only at 328 ms (its sleeps: 1, 2, 5, 10, 15, 20, 25, 25, 25, 50,
    50, 100 ms). A lock held past the timeout still answers "database is locked", as before."""
    import sqlite3
    import time

    from webapp import extensions

    with app.app_context():
        path = db.engine.url.database
        holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        holder.execute("BEGIN IMMEDIATE")
        released = threading.Event()

        def release_after(seconds: float) -> None:
            time.sleep(seconds)
            holder.execute("COMMIT")
            released.set()

        def write() -> float:
            started = time.monotonic()
            db.session.add(User(email=f"{time.monotonic_ns()}@example.com"))
            db.session.commit()
            return time.monotonic() - started

        threading.Thread(target=release_after, args=(0.24,)).start()
        waited = write()
        assert released.is_set()
        # Its next try after 240 ms would be at 328 ms: 315 leaves a loaded machine 75 ms.
        assert 0.2 <= waited < 0.315, waited

        holder.execute("BEGIN IMMEDIATE")
        try:
            extensions.WRITE_TURN_TIMEOUT, kept = 0.2, extensions.WRITE_TURN_TIMEOUT
            with pytest.raises(sa.exc.OperationalError, match="locked"):
                write()
            db.session.rollback()
        finally:
            extensions.WRITE_TURN_TIMEOUT = kept
            holder.execute("COMMIT")
        holder.close()
        assert write() < 0.2  # the connection is usable again, its busy timeout restored
        assert db.session.connection().exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
