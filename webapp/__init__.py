"""Backpoint: acupressure self-care for back pain."""

import os

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from webapp import config


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: settings, then extensions and blueprints. Opens no connection."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(config.Config)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    if app.debug:
        app.config.update(SESSION_COOKIE_SECURE=False, REMEMBER_COOKIE_SECURE=False)
    app.config["SQLALCHEMY_DATABASE_URI"] = config.database_url(app.instance_path)
    if os.environ.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    for name in config.ENVIRONMENT_SETTINGS:
        if os.environ.get(name):
            app.config[name] = os.environ[name]
    app.config.update(config.mail_from_environment())
    app.config.from_prefixed_env()
    if test_config:
        app.config.from_mapping(test_config)
    sqlite = app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
    if (
        sqlite
        and app.config["SQLALCHEMY_ENGINE_OPTIONS"] is config.Config.SQLALCHEMY_ENGINE_OPTIONS
    ):
        # A SQLite connection is a file this process opened: it cannot go stale as a server's
        # connection can, so the pool's ping (a SELECT 1 on every request) is left out.
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": False}
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = config.development_secret(app.instance_path)

    from webapp import cli, compression, errors, i18n, security, templating
    from webapp.api import bp as api_bp
    from webapp.auth import bp as auth_bp
    from webapp.catalog import bp as catalog_bp
    from webapp.doctor import bp as doctor_bp
    from webapp.extensions import csrf, db, end_read_only_transaction, login_manager, mail, migrate
    from webapp.history import bp as history_bp
    from webapp.main import bp as main_bp
    from webapp.practice import bp as practice_bp
    from webapp.reminders import bp as reminders_bp
    from webapp.reminders.cli import group as reminders_cli

    db.init_app(app)
    # Runs before Flask-SQLAlchemy's teardown_appcontext closes the session.
    app.teardown_request(end_read_only_transaction)
    migrate.init_app(app, db)
    login_manager.init_app(app)
    csrf.init_app(app)
    mail.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    compression.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    templating.init_app(app)
    app.register_blueprint(main_bp)
    app.register_blueprint(catalog_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(practice_bp)
    app.register_blueprint(history_bp)
    app.register_blueprint(doctor_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(reminders_bp)
    app.cli.add_command(reminders_cli)
    if app.config["TRUSTED_PROXIES"]:
        hops = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    return app
