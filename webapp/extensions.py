"""Unbound extension objects; create_app binds them."""

import sqlite3
import time

import sqlalchemy as sa
from flask import current_app, session
from flask_login import LoginManager as BaseLoginManager
from flask_login import user_loaded_from_cookie
from flask_login.utils import decode_cookie
from flask_mail import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    metadata = sa.MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class LoginManager(BaseLoginManager):
    """Flask-Login, but a remember cookie whose sign-in has ended leaves the session untouched.

    Flask-Login writes the cookie's user id into the session before it knows whether that login
    still exists, so a page fetched with cookies from before Log out (the service worker's
    private-page fetches are still in flight then) answered with a new session cookie, and the
    browser kept that one: "You are logged out." and the order to clear the device were lost."""

    def _load_user_from_remember_cookie(self, cookie):
        token = decode_cookie(cookie)
        user = self._user_callback(token) if token is not None else None
        if user is None:
            return None
        session["_user_id"] = token
        session["_fresh"] = False
        user_loaded_from_cookie.send(current_app._get_current_object(), user=user)
        return user


BUSY_TIMEOUT_MS = 5000
"""How long a SQLite statement waits for a lock before "database is locked"."""

db = SQLAlchemy(model_class=Base)
migrate = Migrate(render_as_batch=True)
login_manager = LoginManager()
csrf = CSRFProtect()
mail = Mail()


@sa.event.listens_for(sa.Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    """Enforce foreign keys and let concurrent writers wait instead of failing (SQLite only)."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        # Said outright: every commit reaches the disk before the server answers (power cuts).
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()


WRITE_TURN_TIMEOUT = BUSY_TIMEOUT_MS / 1000
"""Seconds a SQLite writer waits for the other writers, as its busy_timeout (then "locked")."""
WRITE_TURN_STEP = 0.0002
"""Seconds between a SQLite writer's tries for the write lock, for its first WRITE_TURN_PATIENT."""
WRITE_TURN_PATIENT = 0.1
WRITE_TURN_SLOW = 0.002
"""Seconds between tries after that: a long write elsewhere is not waited for by spinning."""
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLAC")


@sa.event.listens_for(sa.Engine, "before_cursor_execute")
def _note_writes(connection, cursor, statement, _parameters, _context, _executemany):
    """Mark the connection's transaction as having written (anything but a SELECT counts), and
    on SQLite take the write lock first, when this is the transaction's first write."""
    verb = statement.lstrip()[:6].upper()
    if verb == "SELECT":
        return
    connection.info["wrote"] = True
    dbapi_connection = cursor.connection
    if (
        verb in WRITES
        and isinstance(dbapi_connection, sqlite3.Connection)
        and dbapi_connection.isolation_level is not None  # not a driver-level autocommit one
        and not dbapi_connection.in_transaction
    ):
        take_write_turn(dbapi_connection)


def take_write_turn(dbapi_connection: sqlite3.Connection) -> None:
    """Begin a SQLite write transaction (BEGIN IMMEDIATE), trying again every 0.2 ms while
    another connection writes, for up to WRITE_TURN_TIMEOUT.

    SQLite's own busy handler waits 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50 and then 100 ms
    between tries, while a write holds the lock well under a millisecond: traced in two workers
    posting, a writer slept through many turns of the other (up to 230 ms, 11 tries). The
    sqlite3 module cannot replace the handler, so the lock is taken here, before the first
    write, with the handler off. Past WRITE_TURN_PATIENT of waiting (a long write elsewhere:
    a bulk delete, a migration) the tries slow to every 2 ms, not to spin. Nothing is waited
    for inside the transaction afterwards: it holds the lock."""
    dbapi_connection.execute("PRAGMA busy_timeout=0")
    try:
        started = time.monotonic()
        while True:
            try:
                dbapi_connection.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                waited = time.monotonic() - started
                if "locked" not in str(error) or waited > WRITE_TURN_TIMEOUT:
                    raise
                time.sleep(WRITE_TURN_STEP if waited < WRITE_TURN_PATIENT else WRITE_TURN_SLOW)
    finally:
        dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


@sa.event.listens_for(sa.Engine, "commit")
@sa.event.listens_for(sa.Engine, "rollback")
def _forget_writes(connection):
    connection.info.pop("wrote", None)


def end_read_only_transaction(error: BaseException | None) -> None:
    """End a request's transaction with COMMIT when it only read, instead of the ROLLBACK that
    closing the session sends.

    The two end a read-only transaction alike, but psycopg forgets every prepared statement at
    a ROLLBACK: PostgreSQL would otherwise plan each of a page's statements again on every
    request. A transaction that wrote anything, or a request that failed, is left to the
    rollback: nothing is ever committed here that a route did not commit itself."""
    session = db.session()
    if error is not None or not session.in_transaction():
        return
    try:
        if session.new or session.dirty or session.deleted:
            return
        if session.connection().info.get("wrote"):
            return
        session.commit()
    except sa.exc.SQLAlchemyError:
        session.rollback()  # and the session's close ends it as it always did
