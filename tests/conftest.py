"""Fixtures: an app on a real, migrated and seeded database, its client and CLI runner.

Each test gets a private database: a copy of a SQLite file by default, or, when
TEST_DATABASE_URL names a PostgreSQL server (`make test-postgres`), a database created there from
a template. The template is migrated and seeded once per run.
"""

import logging
import os
import shutil
import socket
import threading
import uuid
from pathlib import Path

import flask_migrate
import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from werkzeug.serving import make_server

from tests.mailbox import OUTBOX, Inbox, link_path
from tests.shared import PASSWORD, session_payload
from webapp import create_app
from webapp.extensions import db
from webapp.services import mail
from webapp.services.catalog import read_seed, seed_catalog
from webapp.services.push import new_key_pair

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = str(ROOT / "migrations")
SHARED = ROOT.parent / "shared"
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
ON_POSTGRES = bool(TEST_DATABASE_URL)
sqlite_only = pytest.mark.skipif(ON_POSTGRES, reason="checks a SQLite-only setting")
logging.getLogger("werkzeug").setLevel(logging.WARNING)
# Tests never write a development VAPID key into the real instance/ folder.
TEST_VAPID_PRIVATE_KEY = new_key_pair()[0]


def make_app(database_url: str, **extra):
    """An app on the given database, configured for tests (CSRF stays on)."""
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "SQLALCHEMY_DATABASE_URI": database_url,
            # The test client and the live server speak plain HTTP on 127.0.0.1.
            "SESSION_COOKIE_SECURE": False,
            "REMEMBER_COOKIE_SECURE": False,
            "VAPID_PRIVATE_KEY": TEST_VAPID_PRIVATE_KEY,
            # Flask-Mail sends nothing under TESTING; the messages go to OUTBOX (tests/mailbox.py).
            "MAIL_SERVER": "localhost",
            **extra,
        }
    )


def dispose_engine() -> None:
    """Close the current app's database connections, once the mail it started in the background
    is done and the test's session has let go of its own. A connection still checked out (by a
    thread at work, or by the session) is handed back to the disposed pool afterwards and never
    closed: psycopg's warning when it was collected failed an unrelated test in CI."""
    assert mail.finish_background_work(timeout=30), "background mail still running after 30 s"
    db.session.remove()  # the test's own session hands its connection back first
    db.engine.dispose()


def migrate_and_seed(database_url: str) -> None:
    """Build the schema with the migrations and load seed_data/ into an empty database."""
    app = make_app(database_url)
    with app.app_context():
        flask_migrate.upgrade(directory=MIGRATIONS)
        seed_catalog(db.session, read_seed(app.config["SEED_DIR"]))
        db.session.commit()
        dispose_engine()


def closed_port() -> int:
    """A port of 127.0.0.1 nothing listens on (it was free a moment ago)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SQLiteDatabases:
    """Databases as SQLite files in a temporary folder; a copy of the template is a file copy."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.template = folder / "seeded.sqlite3"
        migrate_and_seed(f"sqlite:///{self.template}")

    def empty(self) -> str:
        return f"sqlite:///{self.folder / uuid.uuid4().hex}.sqlite3"

    def seeded(self) -> str:
        path = self.folder / f"{uuid.uuid4().hex}.sqlite3"
        shutil.copyfile(self.template, path)
        return f"sqlite:///{path}"

    def drop(self, url: str) -> None:
        database = sa.make_url(url).database
        for suffix in ("", "-wal", "-shm"):
            Path(database + suffix).unlink(missing_ok=True)

    def unreachable(self) -> str:
        return f"sqlite:///{self.folder / 'no-such-folder' / 'backpoint.sqlite3'}"

    def close(self) -> None:
        """Nothing to do: pytest removes its temporary folders."""


class PostgresDatabases:
    """Databases on the PostgreSQL server of TEST_DATABASE_URL, created and dropped per test.

    A copy is CREATE DATABASE ... TEMPLATE, which the server does by copying files: much faster
    than running the migrations and the seed again.
    """

    def __init__(self, server_url: str):
        self.server = sa.make_url(server_url)
        if self.server.get_backend_name() != "postgresql":
            raise pytest.UsageError("TEST_DATABASE_URL must name a PostgreSQL server")
        if self.server.drivername == "postgresql":
            self.server = self.server.set(drivername="postgresql+psycopg")
        # CREATE/DROP DATABASE cannot run in a transaction; NullPool keeps no idle connection.
        self.admin = sa.create_engine(
            self.server, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool
        )
        self.prefix = f"backpoint_test_{uuid.uuid4().hex[:8]}_"
        self.created: list[str] = []
        self.template = self._create()
        migrate_and_seed(self._url(self.template))

    def _url(self, name: str) -> str:
        return self.server.set(database=name).render_as_string(hide_password=False)

    def _create(self, template: str = "template1") -> str:
        name = f"{self.prefix}{len(self.created)}"
        with self.admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        self.created.append(name)
        return name

    def empty(self) -> str:
        return self._url(self._create())

    def seeded(self) -> str:
        return self._url(self._create(self.template))

    def drop(self, url: str) -> None:
        """Drop the database, ending any connection a test left open."""
        name = sa.make_url(url).database
        with self.admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.created.remove(name)

    def unreachable(self) -> str:
        return self.server.set(port=closed_port()).render_as_string(hide_password=False)

    def close(self) -> None:
        for name in reversed(self.created):
            self.drop(self._url(name))
        self.admin.dispose()


@pytest.fixture(scope="session")
def databases(tmp_path_factory):
    """Where tests get private databases: SQLite files, or PostgreSQL with TEST_DATABASE_URL."""
    if ON_POSTGRES:
        factory = PostgresDatabases(TEST_DATABASE_URL)
    else:
        factory = SQLiteDatabases(tmp_path_factory.mktemp("databases"))
    yield factory
    factory.close()


@pytest.fixture
def database(databases) -> str:
    """The URL of a private, migrated and seeded database for one test."""
    url = databases.seeded()
    yield url
    databases.drop(url)


@pytest.fixture
def empty_database(databases) -> str:
    """The URL of a private database with no tables."""
    url = databases.empty()
    yield url
    databases.drop(url)


@pytest.fixture
def app(database):
    app = make_app(database)
    yield app
    with app.app_context():
        dispose_engine()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def serve_smtp(handler: Inbox):
    """Serve `handler` as a real SMTP server on a free port of 127.0.0.1 (its .port) until the
    generator is closed: the body of an inbox fixture."""
    handler.port = closed_port()
    controller = Controller(handler, hostname="127.0.0.1", port=handler.port)
    controller.start()
    yield handler
    controller.stop()


@pytest.fixture
def inbox():
    """A real SMTP server on 127.0.0.1 for one test; its messages are kept."""
    yield from serve_smtp(Inbox())


@pytest.fixture
def mail_app(database, inbox):
    """An app that sends its mail to the inbox through SMTP."""
    app = make_app(
        database,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=inbox.port,
        MAIL_SUPPRESS_SEND=False,  # Flask-Mail sends nothing under TESTING otherwise
        LOGIN_MAX_FAILURES_PER_ACCOUNT=100,
        LOGIN_MAX_FAILURES_PER_ADDRESS=100,
        REGISTER_LINKS_PER_EMAIL=100,
        REGISTER_LINKS_PER_ADDRESS=100,
    )
    yield app
    with app.app_context():
        dispose_engine()


class LiveServer:
    """The app served by Werkzeug in a thread, on a free port of 127.0.0.1."""

    def __init__(self, app):
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def pause(self):
        """Stop answering, as a server that went down (the port refuses connections)."""
        self.server.shutdown()
        self.thread.join(timeout=10)
        self.server.server_close()

    def resume(self):
        """Come back on the same port."""
        self.server = make_server("127.0.0.1", self.server.server_port, self.app, threaded=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.pause()
        with self.app.app_context():
            dispose_engine()


class AuthActions:
    """Register, log in and call the API as a person would, CSRF tokens included."""

    def __init__(self, client):
        self.client = client

    def csrf(self) -> str:
        return self.client.get("/api/csrf-token").get_json()["csrf_token"]

    def register(self, email="ada@example.com", password=PASSWORD, confirm=None):
        """Register as a person does: ask for the link, open the one mailed, choose the password.

        Returns the last step's response (the first one's when no link came: a form error, or
        an address with an account, whose owner got word of it instead)."""
        return self._by_link("/register", email, password, confirm)

    def secure(self, email="ada@example.com", password=PASSWORD, confirm=None):
        """Secure this device's log the same way, from /account/secure."""
        return self._by_link("/account/secure", email, password, confirm)

    def _by_link(self, form_path, email, password, confirm):
        asked, link = self.ask_for_link(form_path, email)
        return asked if link is None else self.choose_password(link, password, confirm)

    def ask_for_link(self, form_path, email="ada@example.com"):
        """Send the address on form_path; (its response, the path of the link mailed or None)."""
        before = OUTBOX.count()
        asked = self.client.post(form_path, data={"email": email, "csrf_token": self.csrf()})
        if asked.status_code != 302:
            return asked, None
        message = OUTBOX.next_to(email, before, app=self.client.application)
        return asked, link_path(message.body, "register/finish")

    def choose_password(self, link, password=PASSWORD, confirm=None):
        data = {"password": password, "confirm": confirm or password}
        return self.client.post(link, data={**data, "csrf_token": self.csrf()})

    def login(self, email="ada@example.com", password=PASSWORD, **extra):
        data = {"email": email, "password": password, "remember": "y", **extra}
        return self.client.post("/login", data={**data, "csrf_token": self.csrf()})

    def logout(self):
        return self.client.post("/logout", data={"csrf_token": self.csrf()})

    def post_session(self, payload=None, **overrides):
        body = payload if payload is not None else session_payload(**overrides)
        return self.client.post("/api/sessions", json=body, headers={"X-CSRFToken": self.csrf()})


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def signed_in(app, auth):
    """A registered, logged-in person (ada@example.com)."""
    assert auth.register().status_code == 302
    return auth
