"""Clinician share links: made, found by their token's hash, opened, listed and ended.

A link's token is 32 random bytes (256 bits) in its URL; the database keeps only its SHA-256,
so a copy of the database opens nothing. Opening is limited per client address (unknown or
ended tokens count against it), and a wrong passcode is counted like a login's password: before
it is checked, in one atomic statement (services/throttle.py)."""

import hashlib
import secrets
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from werkzeug.security import check_password_hash, generate_password_hash

from webapp.doctor_models import ShareLink, ShareOpen
from webapp.models import User
from webapp.services import throttle

VALID_FOR = {"day": timedelta(days=1), "week": timedelta(days=7), "month": timedelta(days=30)}
TOKEN_BYTES = 32
MISSES_PER_ADDRESS = 30
"""Unknown, ended or expired links one address may ask for in a window before a 429."""
OPENS_LISTED = 10


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create(
    session,
    user: User,
    first_day: date,
    last_day: date,
    sections,
    valid_for: str,
    now: datetime,
    passcode: str | None = None,
    shown_name: str = "",
    shown_birth_date: date | None = None,
) -> tuple[ShareLink, str]:
    """A new link and its token (shown once, never stored); the caller commits."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = ShareLink(
        user_id=user.id,
        token_hash=hash_token(token),
        first_day=first_day,
        last_day=last_day,
        sections=list(sections),
        shown_name=shown_name or "",
        shown_birth_date=shown_birth_date,
        passcode_hash=generate_password_hash(passcode) if passcode else None,
        created_at=now,
        expires_at=now + VALID_FOR[valid_for],
    )
    session.add(link)
    session.flush()
    return link, token


def find(session, token: str) -> ShareLink | None:
    """The link of a token, whatever its state (None for a token nobody made)."""
    if not token or len(token) > 100:
        return None
    return session.scalar(sa.select(ShareLink).where(ShareLink.token_hash == hash_token(token)))


def miss_wait(session, address: str | None, window: timedelta, now: datetime) -> int:
    """Count a request for an unknown or dead link; seconds to wait once over the limit."""
    limit = throttle.Limit(f"share-miss:{address or 'unknown'}", MISSES_PER_ADDRESS)
    return throttle.attempt(session, [limit], window, now)


def passcode_limits(config, link: ShareLink, address: str | None) -> list[throttle.Limit]:
    """The counters one passcode guess counts against, as for a login's password (own keys,
    so a clinic's wrong passcodes never pause anyone's login from the same address)."""
    account, place = f"share:{link.id}", f"share-addr:{address or 'unknown'}"
    return [
        throttle.Limit(f"pair:{account}|{place}", config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]),
        throttle.Limit(place, config["LOGIN_MAX_FAILURES_PER_ADDRESS"]),
        throttle.Limit(account, config["LOGIN_MAX_FAILURES_PER_ACCOUNT_ANYWHERE"]),
    ]


def passcode_ok(link: ShareLink, passcode: str | None) -> bool:
    return link.passcode_hash is None or (
        bool(passcode) and check_password_hash(link.passcode_hash, passcode)
    )


def record_open(session, link: ShareLink, now: datetime) -> None:
    session.add(ShareOpen(link_id=link.id, opened_at=now))


def end(link: ShareLink, now: datetime) -> None:
    """End the link at once; the name and date of birth typed for it go with it."""
    if link.ended_at is None:
        link.ended_at = now
    link.shown_name = ""
    link.shown_birth_date = None


def list_for(session, user: User) -> list[ShareLink]:
    """The person's links, newest first (ties by id)."""
    return list(
        session.scalars(
            sa.select(ShareLink)
            .where(ShareLink.user_id == user.id)
            .order_by(ShareLink.created_at.desc(), ShareLink.id.desc())
        )
    )


def get_for(session, user: User, link_id: int) -> ShareLink | None:
    return session.scalar(
        sa.select(ShareLink).where(ShareLink.id == link_id, ShareLink.user_id == user.id)
    )


def qr_data_uri(url: str) -> str:
    """The link as a QR code: an SVG data URI for an <img> (no inline script or style)."""
    import segno

    return segno.make(url, error="m").svg_data_uri(scale=4, border=2, dark="#000", light="#fff")
