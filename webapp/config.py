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
    # Login throttling: failures within the window lock the account or address for a while.
    LOGIN_MAX_FAILURES_PER_ACCOUNT = 5
    LOGIN_MAX_FAILURES_PER_ADDRESS = 20
    LOGIN_WINDOW_SECONDS = 15 * 60
    LOGIN_LOCKOUT_SECONDS = 15 * 60
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


def database_url(instance_path: str) -> str:
    """Return DATABASE_URL normalised for SQLAlchemy, or the embedded SQLite file."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return "sqlite:///" + os.path.join(instance_path, SQLITE_FILE)
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def development_secret(instance_path: str) -> str:
    """Read the development secret from instance/, creating it (mode 0600) on first use."""
    path = Path(instance_path) / SECRET_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32))
    return path.read_text().strip()
