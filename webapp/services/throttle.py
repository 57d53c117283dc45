"""Login throttling kept in the database, so every worker process sees the same counts."""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from webapp.models import LoginThrottle
from webapp.services.db import insert_if_absent


@dataclass(frozen=True)
class ThrottleRules:
    max_failures: int
    window: timedelta
    lockout: timedelta


def email_key(email: str) -> str:
    return f"email:{email.strip().casefold()}"


def throttle_keys(email: str, address: str | None) -> list[str]:
    """The keys a login attempt counts against: the account and the client address."""
    return [email_key(email), f"addr:{address or 'unknown'}"]


def locked_for(session, keys: list[str], now: datetime) -> int:
    """Seconds until every key is unlocked (0 when none is locked)."""
    rows = session.scalars(sa.select(LoginThrottle).where(LoginThrottle.key.in_(keys)))
    waits = [(row.locked_until - now).total_seconds() for row in rows if row.locked_until]
    return max([0, *(math.ceil(wait) for wait in waits)])


def record_failure(session, key: str, rules: ThrottleRules, now: datetime) -> None:
    """Count one failed login for key, locking it once it reaches the limit; the caller commits."""
    insert_if_absent(session, LoginThrottle, key=key, failures=0, window_started_at=now)
    row = session.get(LoginThrottle, key, with_for_update=True, populate_existing=True)
    if now - row.window_started_at > rules.window or (row.locked_until and row.locked_until <= now):
        row.failures, row.window_started_at, row.locked_until = 0, now, None
    row.failures += 1
    if row.failures >= rules.max_failures:
        row.locked_until = now + rules.lockout


def clear(session, keys: list[str]) -> None:
    """Forget the failures of these keys (after a correct login); the caller commits."""
    session.execute(sa.delete(LoginThrottle).where(LoginThrottle.key.in_(keys)))
