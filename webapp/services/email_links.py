"""Single-use links sent by email: password reset, address check (only hashes are stored) and
the registration link, which needs no row (see registration_token)."""

import secrets
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from itsdangerous import BadSignature, URLSafeSerializer

from webapp.models import EmailToken, User
from webapp.services.sign_ins import hash_token

LIFETIMES = {
    "reset": timedelta(hours=1),
    "verify": timedelta(days=7),
    "register": timedelta(hours=24),
}
"""A reset link works for an hour (it opens the account); an address check for a week; a
registration link for a day (the person may read the mail later that day)."""


def issue(session, user: User, purpose: str, now: datetime) -> str:
    """A new link token for the person, to their account's address; the caller commits."""
    token = secrets.token_urlsafe(32)
    session.add(
        EmailToken(
            user_id=user.id,
            purpose=purpose,
            token_hash=hash_token(token),
            email=user.email,
            created_at=now,
            expires_at=now + LIFETIMES[purpose],
        )
    )
    return token


def _live(token: str, purpose: str, now: datetime):
    return (
        EmailToken.token_hash == hash_token(token),
        EmailToken.purpose == purpose,
        EmailToken.used_at.is_(None),
        EmailToken.expires_at > now,
    )


def peek(session, token: str, purpose: str, now: datetime) -> User | None:
    """Whose live link this is (nothing used up); None when unknown, used or expired."""
    row = session.scalar(sa.select(EmailToken).where(*_live(token, purpose, now)))
    return session.get(User, row.user_id) if row is not None else None


def redeem(session, token: str, purpose: str, now: datetime) -> User | None:
    """Use the link up, once: one UPDATE ... WHERE used_at IS NULL, so two clicks at once
    cannot both succeed. The person's other links for this purpose end too; the caller commits."""
    row = session.execute(
        sa.update(EmailToken)
        .where(*_live(token, purpose, now))
        .values(used_at=now)
        .returning(EmailToken.user_id, EmailToken.email)
    ).first()
    if row is None:
        return None
    user = session.get(User, row.user_id)
    if user is None or user.email != row.email:
        return None
    session.execute(
        sa.update(EmailToken)
        .where(
            EmailToken.user_id == user.id,
            EmailToken.purpose == purpose,
            EmailToken.used_at.is_(None),
        )
        .values(used_at=now)
    )
    return user


def _registration_signer(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt="register-by-link")


def registration_token(secret: str, email: str, now: datetime) -> str:
    """A signed link token naming the address and when it was sent.

    No row is stored: before the account exists there is nobody to attach one to, and an
    unconfirmed row would let anyone squat an address. It is single-use all the same, because
    finishing makes the account and a link for an address that has one no longer works."""
    return _registration_signer(secret).dumps({"e": email, "t": int(now.timestamp())})


def registration_email(secret: str, token: str, now: datetime) -> str | None:
    """The address a registration link was sent to; None when forged, malformed or expired."""
    try:
        data = _registration_signer(secret).loads(token)
        sent = datetime.fromtimestamp(int(data["t"]), UTC)
        email = str(data["e"])
    except (BadSignature, KeyError, TypeError, ValueError, OverflowError):
        return None
    if now >= sent + LIFETIMES["register"]:
        return None
    return email
