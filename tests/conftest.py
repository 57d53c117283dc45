"""Fixtures: an app on a real, migrated and seeded SQLite file, its client and CLI runner."""

import shutil
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import flask_migrate
import pytest

from webapp import create_app
from webapp.extensions import db
from webapp.services.catalog import read_seed, seed_catalog

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = str(ROOT / "migrations")
SHARED = ROOT.parent / "shared"


def make_app(database: Path, **extra):
    """An app on the given SQLite file, configured for tests (CSRF stays on)."""
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            # The test client and the live server speak plain HTTP on 127.0.0.1.
            "SESSION_COOKIE_SECURE": False,
            "REMEMBER_COOKIE_SECURE": False,
            **extra,
        }
    )


@pytest.fixture(scope="session")
def seeded_database(tmp_path_factory) -> Path:
    """A database built by the migrations and loaded with seed_data/, made once per run."""
    path = tmp_path_factory.mktemp("template") / "seeded.sqlite3"
    app = make_app(path)
    with app.app_context():
        flask_migrate.upgrade(directory=MIGRATIONS)
        seed_catalog(db.session, read_seed(app.config["SEED_DIR"]))
        db.session.commit()
        db.engine.dispose()
    return path


@pytest.fixture
def database(seeded_database, tmp_path) -> Path:
    """A private copy of the seeded database for one test."""
    path = tmp_path / "backpoint.sqlite3"
    shutil.copyfile(seeded_database, path)
    return path


@pytest.fixture
def app(database):
    app = make_app(database)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


PASSWORD = "a calm back 42"


def session_payload(**overrides) -> dict:
    """A valid body for POST /api/sessions: a 7-minute session that ended a minute ago."""
    ended = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=1)
    payload = {
        "id": str(uuid.uuid4()),
        "routine": "lower-back-basics",
        "started_at": (ended - timedelta(minutes=7)).isoformat(),
        "ended_at": ended.isoformat(),
        "pain_before": 6,
        "pain_after": 3,
        "outcome": "completed",
        "note": "",
    }
    payload.update(overrides)
    return payload


class AuthActions:
    """Register, log in and call the API as a person would, CSRF tokens included."""

    def __init__(self, client):
        self.client = client

    def csrf(self) -> str:
        return self.client.get("/api/csrf-token").get_json()["csrf_token"]

    def register(self, email="ada@example.com", password=PASSWORD, confirm=None):
        data = {"email": email, "password": password, "confirm": confirm or password}
        return self.client.post("/register", data={**data, "csrf_token": self.csrf()})

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
