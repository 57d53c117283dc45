"""Shared by the benchmarks: a throwaway database, a person with history, and a gunicorn server."""

import http.client
import json
import os
import random
import socket
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import urlopen

import flask_migrate
import sqlalchemy as sa

from tests.shared import CHROMIUM, CHROMIUM_ARGS, PASSWORD, PHONE  # noqa: F401 (for the benches)
from webapp import create_app
from webapp.extensions import db
from webapp.models import PracticeSession, Routine, User
from webapp.services.accounts import create_user
from webapp.services.catalog import read_seed, seed_catalog

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = str(ROOT / "migrations")
SECRET_KEY = "bench-secret-key"  # noqa: S105


def database_url(tmp: Path, given: str | None) -> str:
    """The given URL (e.g. PostgreSQL), else a new SQLite file in the temporary folder."""
    return given or f"sqlite:///{tmp / 'bench.sqlite3'}"


def app_for(url: str):
    """The app on the given database, as the bench server runs it (plain HTTP cookies)."""
    os.environ["DATABASE_URL"] = url  # create_app reads and normalises it
    return create_app(
        {
            "SECRET_KEY": SECRET_KEY,
            "SESSION_COOKIE_SECURE": False,
            "REMEMBER_COOKIE_SECURE": False,
        }
    )


def build_database(url: str, sessions: int) -> str:
    """Migrate and seed the database and add a welcomed person with `sessions` daily sessions.

    Returns the person's email. The sessions are inserted in one statement (fast), one a day
    going back from yesterday, on every routine in turn, with varied pain and outcomes.
    """
    app = app_for(url)
    email = f"bench-{uuid.uuid4().hex[:10]}@example.com"
    with app.app_context():
        flask_migrate.upgrade(directory=MIGRATIONS)
        seed_catalog(db.session, read_seed(app.config["SEED_DIR"]))
        user = create_user(db.session, email, PASSWORD)
        user.welcomed_at = datetime.now(UTC)
        db.session.commit()
        routine_ids = list(db.session.scalars(sa.select(Routine.id).order_by(Routine.position)))
        rows = []
        rng = random.Random(7)  # noqa: S311 (repeatable data, not security)
        today = datetime.now(UTC).replace(hour=7, minute=30, second=0, microsecond=0)
        for day in range(1, sessions + 1):
            started = today - timedelta(days=day, minutes=rng.randint(0, 600))
            outcome = rng.choices(["completed", "stopped_early", "safety_stop"], [90, 8, 2])[0]
            before = rng.randint(2, 8)
            rows.append(
                {
                    "id": uuid.UUID(int=rng.getrandbits(128), version=4),
                    "user_id": user.id,
                    "routine_id": routine_ids[day % len(routine_ids)],
                    "started_at": started,
                    "ended_at": started + timedelta(minutes=7),
                    "utc_offset_minutes": 60,
                    "pain_before": before,
                    "pain_after": None if outcome == "safety_stop" else max(0, before - 2),
                    "outcome": outcome,
                    "note": "Felt looser afterwards." if day % 5 == 0 else "",
                    "created_at": started + timedelta(minutes=8),
                }
            )
        if rows:
            db.session.execute(sa.insert(PracticeSession), rows)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            # PostgreSQL's autovacuum analyzes a table within a minute of so many new rows; the
            # bench starts at once, and stale statistics (a person with 9 sessions, not 3,650)
            # would have it measure plans production does not run.
            db.session.connection().exec_driver_sql("ANALYZE practice_session")
            db.session.commit()
        db.engine.dispose()
    return email


def forget_person(url: str, email: str) -> None:
    """Delete the bench person (and their sessions) from a database the bench did not create."""
    app = app_for(url)
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        if user is not None:
            db.session.execute(sa.delete(PracticeSession).where(PracticeSession.user_id == user.id))
            db.session.delete(user)
            db.session.commit()
        db.engine.dispose()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """`gunicorn "webapp:create_app()"` as the Procfile runs it, on a free port of 127.0.0.1."""

    def __init__(self, url: str, workers: int, log: Path, options: tuple[str, ...] = ()):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = os.environ | {
            "SECRET_KEY": SECRET_KEY,
            "DATABASE_URL": url,
            "FLASK_SESSION_COOKIE_SECURE": "false",
            "FLASK_REMEMBER_COOKIE_SECURE": "false",
        }
        self.log = log.open("wb")
        command = [sys.executable, "-m", "gunicorn", "--workers", str(workers)]
        command += [*options, "--bind", f"127.0.0.1:{self.port}", "webapp:create_app()"]
        # The working directory is the repository, so gunicorn.conf.py applies as in production.
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT
        )

    def start(self, timeout: float = 20.0) -> "Gunicorn":
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}): see {self.log}")
            try:
                with urlopen(self.base + "/api/csrf-token", timeout=2):
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not answer in time")

    def workers(self) -> list[int]:
        """The PIDs of the master's worker processes."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def rss_mb(pid: int) -> tuple[float, float]:
    """A process's resident memory now and at its peak (VmRSS, VmHWM), in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) / 1024
    return fields["VmRSS"], fields["VmHWM"]


def load_note() -> str:
    """The machine's load averages, to print beside figures that depend on it."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


class Browserless:
    """A cookie-keeping HTTP client for setting up a session (not for load)."""

    def __init__(self, base: str):
        self.base = base
        self.cookies: dict[str, str] = {}

    def call(self, method: str, path: str, body: bytes | None = None, headers=None):
        """Send one request; keep the cookies it sets; return (status, body)."""
        host, port = self.base.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = self.cookie_header()
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value.strip()
        connection.close()
        return response.status, data

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def csrf_token(self) -> str:
        status, data = self.call("GET", "/api/csrf-token")
        assert status == 200, status
        return json.loads(data)["csrf_token"]

    def login(self, email: str) -> "Browserless":
        form = {"email": email, "password": PASSWORD, "remember": "y"}
        form["csrf_token"] = self.csrf_token()
        status, _ = self.call(
            "POST",
            "/login",
            urlencode(form).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        if status != 302:
            raise RuntimeError(f"login failed: HTTP {status}")
        return self
