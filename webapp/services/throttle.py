"""Password-guess throttling kept in the database, so every worker process sees the same counts.

Every attempt is counted *before* the password is checked, by one atomic insert-or-increment
that returns the new count: parallel guesses each get their own number, so no burst can get
more checks than the limit. The rule (see README, "Lockouts"):

- per account *and* address: LOGIN_MAX_FAILURES_PER_ACCOUNT guesses a window;
- per address, whatever the account: LOGIN_MAX_FAILURES_PER_ADDRESS;
- per account from anywhere: LOGIN_MAX_FAILURES_PER_ACCOUNT_ANYWHERE, but not on a device that
  has signed in to that account before (it carries a signed "known device" cookie), so a
  stranger's guesses from elsewhere never lock the owner out of their own phone.
A correct password gives the attempt back.
"""

import hashlib
import hmac
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from webapp.models import LoginThrottle, UTCDateTime

_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


@dataclass(frozen=True)
class Limit:
    key: str
    most: int


def email_key(email: str) -> str:
    return f"email:{email.strip().casefold()}"


def limits_for(config, email: str, address: str | None, known_device: bool) -> list[Limit]:
    """The counters one password check of this account from this address counts against."""
    account, place = email_key(email), f"addr:{address or 'unknown'}"
    limits = [
        Limit(f"pair:{account}|{place}", config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]),
        Limit(place, config["LOGIN_MAX_FAILURES_PER_ADDRESS"]),
    ]
    if not known_device:
        limits.append(Limit(account, config["LOGIN_MAX_FAILURES_PER_ACCOUNT_ANYWHERE"]))
    return limits


def count(session, key: str, window: timedelta, now: datetime) -> tuple[int, datetime]:
    """Count one attempt for key in one statement; returns (attempts this window, its start)."""
    insert = _INSERTS[session.get_bind().dialect.name]
    stale = LoginThrottle.window_started_at <= now - window
    statement = (
        insert(LoginThrottle)
        .values(key=key, failures=1, window_started_at=now)
        .on_conflict_do_update(
            index_elements=[LoginThrottle.key],
            set_={
                "failures": sa.case((stale, 1), else_=LoginThrottle.failures + 1),
                "window_started_at": sa.case(
                    (stale, sa.bindparam(None, now, type_=UTCDateTime())),
                    else_=LoginThrottle.window_started_at,
                ),
            },
        )
        .returning(LoginThrottle.failures, LoginThrottle.window_started_at)
    )
    failures, started = session.execute(statement).one()
    return failures, started


def attempt(session, limits: list[Limit], window: timedelta, now: datetime) -> int:
    """Count this attempt against every limit; seconds to wait if one is exceeded, else 0.

    The caller commits at once, before checking the password, so the count is seen by all."""
    wait = 0
    for limit in limits:
        failures, started = count(session, limit.key, window, now)
        if failures > limit.most:
            wait = max(wait, math.ceil((started + window - now).total_seconds()), 1)
    return wait


def succeeded(session, limits: list[Limit]) -> None:
    """A correct password: forget this account-and-address's guesses, give the attempt back."""
    pair, *others = (limit.key for limit in limits)
    session.execute(sa.delete(LoginThrottle).where(LoginThrottle.key == pair))
    session.execute(
        sa.update(LoginThrottle)
        .where(LoginThrottle.key.in_(others), LoginThrottle.failures > 0)
        .values(failures=LoginThrottle.failures - 1)
    )


def clear(session, keys: list[str]) -> None:
    """Forget the attempts of these keys (an account deleted); the caller commits."""
    session.execute(sa.delete(LoginThrottle).where(LoginThrottle.key.in_(keys)))


def forget_stale(session, prefix: str, before: datetime) -> None:
    """Delete the counters of one kind whose window began before `before`; the caller commits."""
    session.execute(
        sa.delete(LoginThrottle).where(
            LoginThrottle.key.startswith(prefix, autoescape=True),
            LoginThrottle.window_started_at < before,
        )
    )


def device_mark(secret: str, email: str) -> str:
    """What the known-device cookie holds for one account: an HMAC, never the address."""
    message = f"known-device:{email.strip().casefold()}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:24]
