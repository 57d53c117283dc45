"""Fixtures: an app on a real, migrated and seeded SQLite file, its client and CLI runner."""

import shutil
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
