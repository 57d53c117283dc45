"""Wiring: configuration, security headers, the service worker route, and set-up."""

import os
import stat
import subprocess
import sys

import pytest

from tests.conftest import ROOT, dispose_engine, make_app
from webapp import config, create_app
from webapp.extensions import db


def test_postgres_url_is_rewritten_for_psycopg(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.example/backpoint")
    assert config.database_url("/x") == "postgresql+psycopg://u:p@db.example/backpoint"


def test_default_database_is_a_sqlite_file_in_instance(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert config.database_url("/srv/instance") == "sqlite:////srv/instance/backpoint.sqlite3"


def test_development_secret_is_made_once_and_kept_private(tmp_path):
    first = config.development_secret(str(tmp_path / "instance"))
    secret_file = tmp_path / "instance" / "secret_key"
    assert len(first) >= 32
    assert config.development_secret(str(tmp_path / "instance")) == first
    assert stat.S_IMODE(os.stat(secret_file).st_mode) == 0o600


def test_secret_key_from_the_environment_wins(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert create_app().config["SECRET_KEY"] == "from-the-environment"


@pytest.mark.parametrize("path", ["/", "/points", "/api/points", "/nowhere", "/static/css/app.css"])
def test_security_headers_are_on_every_response(client, path):
    with client.get(path) as response:
        headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp.split("script-src", 1)[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_pages_have_no_inline_scripts(client):
    for path in ("/", "/routines", "/points", "/points/BL23", "/about"):
        html = client.get(path).get_data(as_text=True)
        for tag in html.split("<script")[1:]:
            opening = tag.split(">", 1)[0]
            # Page data (JSON) is not code: the CSP never runs it, so it may sit in the page.
            assert "src=" in opening or 'type="application/json"' in opening, (
                f"inline script on {path}"
            )


def test_service_worker_is_served_from_the_root_uncached(client):
    with client.get("/sw.js") as response:
        assert response.status_code == 200
        assert response.mimetype in {"text/javascript", "application/javascript"}
        assert response.headers["Cache-Control"] == "no-cache"


def check_gunicorn(**secrets):
    """Ask gunicorn to load its config and the app, with only the given secrets set."""
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "FLASK_SECRET_KEY"}}
    return subprocess.run(
        [sys.executable, "-m", "gunicorn", "--check-config", "webapp:create_app()"],
        cwd=ROOT,
        env={**env, **secrets},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_web_process_refuses_to_start_without_a_secret_key():
    result = check_gunicorn()
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_web_process_accepts_flask_secret_key_too():
    result = check_gunicorn(FLASK_SECRET_KEY="x" * 32)
    assert result.returncode == 0, result.stderr


def test_wrong_method_keeps_the_allow_header(client):
    response = client.post("/points")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
    response = client.put("/api/points")
    assert response.status_code == 405
    assert response.is_json
    assert "GET" in response.headers["Allow"]


def test_api_root_answers_json(client):
    response = client.get("/api")
    assert response.status_code == 404
    assert response.is_json


def test_procfile_runs_migrations_and_seed_on_release():
    procfile = (ROOT / "Procfile").read_text()
    assert "release: flask --app webapp db upgrade && flask --app webapp seed" in procfile
    assert 'web: gunicorn "webapp:create_app()"' in procfile


def test_gunicorn_runs_sync_workers_that_freeze_the_loaded_app(monkeypatch):
    """The worker model chosen by measurement (README, Benchmarks), unless the environment says."""
    import runpy

    monkeypatch.setenv("SECRET_KEY", "test")
    monkeypatch.delenv("GUNICORN_WORKER_CLASS", raising=False)
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert settings["worker_class"] == "sync"
    assert settings["threads"] == 1
    assert callable(settings["post_worker_init"])


def test_service_worker_version_follows_its_files_and_setting(app, client, tmp_path):
    from webapp.main import routes

    first = client.get("/sw.js").get_data(as_text=True)
    assert client.get("/sw.js").get_data(as_text=True) == first
    app.config["ASSET_VERSION"] = "next"
    assert client.get("/sw.js").get_data(as_text=True) != first
    changed = tmp_path / "file.css"
    changed.write_text("a")
    before = routes.file_digest(changed)
    changed.write_text("ab")
    assert routes.file_digest(changed) != before


def test_only_a_database_server_is_pinged_before_each_request(app):
    """A pooled PostgreSQL connection can die with its server (a restart), so the pool checks it
    before lending it out; a SQLite file opened by this process cannot (the ping was one of a
    POST's four statements). Runs on SQLite in `make test` and on PostgreSQL in
    `make test-postgres`, each on the real engine."""
    with app.app_context():
        engine = db.engine
        assert engine.pool._pre_ping is (engine.dialect.name != "sqlite")
    assert config.Config.SQLALCHEMY_ENGINE_OPTIONS == {"pool_pre_ping": True}  # not changed


def test_a_ping_setting_given_explicitly_is_kept(app, database):
    """Whatever the database, an explicit pool_pre_ping wins over the default for it."""
    with app.app_context():
        default = db.engine.pool._pre_ping
    explicit = make_app(database, SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": not default})
    with explicit.app_context():
        assert db.engine.pool._pre_ping is (not default)
        dispose_engine()
