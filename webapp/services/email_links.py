"""Single-use links sent by email: password reset and address check. Only hashes are stored."""

import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa

from webapp.models import EmailToken, User
from webapp.services.sign_ins import hash_token

LIFETIMES = {"reset": timedelta(hours=1), "verify": timedelta(days=7)}
"""A reset link works for an hour (it opens the account); an address check for a week."""


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
