"""Default settings. The environment overrides them (SECRET_KEY, DATABASE_URL, FLASK_*)."""

import os
import secrets
from pathlib import Path

SECRET_FILE = "secret_key"  # noqa: S105 (a file name, not a secret)
SQLITE_FILE = "backpoint.sqlite3"
ENVIRONMENT_SETTINGS = ("VAPID_PRIVATE_KEY", "VAPID_PUBLIC_KEY", "VAPID_SUBJECT")
"""Settings also read without the FLASK_ prefix, under the names push providers document."""


class Config:
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Request bodies here are forms and single sessions; nothing legitimate is bigger.
    MAX_CONTENT_LENGTH = 256 * 1024
    SEED_DIR = str(Path(__file__).resolve().parent.parent / "seed_data")
    # Cookies are Secure unless the app runs in debug (the local development server).
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_DURATION = 60 * 60 * 24 * 365
    # Password checks a window allows (login, change password, delete account, reset requests):
    # per account and address, per address, and per account from devices that never signed in
    # to it (see services/throttle.py and README "Lockouts"). A 429 waits for the window's end.
    LOGIN_MAX_FAILURES_PER_ACCOUNT = 5
    LOGIN_MAX_FAILURES_PER_ADDRESS = 20
    LOGIN_MAX_FAILURES_PER_ACCOUNT_ANYWHERE = 50
    LOGIN_WINDOW_SECONDS = 15 * 60
    # Device-only accounts ("Start this routine" with no sign-up) one address may make an hour.
    DEVICE_ACCOUNTS_PER_ADDRESS = 10
    DEVICE_ACCOUNTS_WINDOW_SECONDS = 60 * 60
    # Registration links (register, secure a device log) a window allows, per address mailed
    # (so no mailbox is flooded) and per client address; counted alike for new and taken ones.
    REGISTER_LINKS_PER_EMAIL = 5
    REGISTER_LINKS_PER_ADDRESS = 20
    REGISTER_WINDOW_SECONDS = 60 * 60
    # Passkey ceremonies (their options) one client address may start a LOGIN_WINDOW_SECONDS.
    PASSKEY_OPTIONS_PER_ADDRESS = 60
    # Mail (Flask-Mail's settings, also read from the environment without a prefix).
    MAIL_SERVER = None
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    MAIL_DEFAULT_SENDER = "Backpoint <no-reply@localhost>"
    # How many proxies in front of the app set X-Forwarded-For/-Proto (0: none).
    TRUSTED_PROXIES = 0
    # Web Push: keys from the environment (VAPID_*); development makes one in instance/.
    VAPID_PRIVATE_KEY = ""
    VAPID_PUBLIC_KEY = ""
    VAPID_SUBJECT = ""
    # Only tests and local trials accept http push endpoints on loopback.
    PUSH_ALLOW_LOOPBACK = False
    PUSH_TIMEOUT_SECONDS = 10
    REMINDER_SEND_WORKERS = 16
    # After downtime, a reminder later than this is dropped for the day instead of sent.
    REMINDER_LATE_LIMIT_MINUTES = 180


MAIL_SETTINGS = {
    "MAIL_SERVER": str,
    "MAIL_PORT": int,
    "MAIL_USE_TLS": lambda value: value.strip().lower() in ("1", "true", "yes", "on"),
    "MAIL_USE_SSL": lambda value: value.strip().lower() in ("1", "true", "yes", "on"),
    "MAIL_USERNAME": str,
    "MAIL_PASSWORD": str,
    "MAIL_DEFAULT_SENDER": str,
    "WEBAUTHN_RP_ID": str,
    "WEBAUTHN_ORIGIN": str,
}


def mail_from_environment() -> dict:
    """Flask-Mail's and the passkeys' settings as the environment gives them (MAIL_SERVER=...,
    WEBAUTHN_RP_ID=..., no FLASK_ prefix)."""
    return {
        name: convert(os.environ[name])
        for name, convert in MAIL_SETTINGS.items()
        if os.environ.get(name, "").strip()
    }


def database_url(instance_path: str) -> str:
    """Return DATABASE_URL normalised for SQLAlchemy, or the embedded SQLite file."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return "sqlite:///" + os.path.join(instance_path, SQLITE_FILE)
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def instance_secret(instance_path: str, name: str, make) -> str:
    """Read a development secret from instance/<name>, writing make() there (mode 0600) first."""
    path = Path(instance_path) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(make())
    return path.read_text().strip()


def development_secret(instance_path: str) -> str:
    """The development SECRET_KEY, made once in instance/."""
    return instance_secret(instance_path, SECRET_FILE, lambda: secrets.token_hex(32))
