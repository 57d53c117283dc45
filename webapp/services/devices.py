"""Device-only accounts: started without signing up, secured later, moved into another account,
and removed once unused for DEVICE_ACCOUNT_UNUSED_DAYS."""

from datetime import datetime, timedelta

import sqlalchemy as sa

from webapp.models import EmailToken, Passkey, PracticeSession, RoutineTally, SignIn, User

UNUSED_FOR = timedelta(days=90)
"""A device-only account whose device has not opened it for this long is deleted, with its log:
nobody else can ever reach it (see README, "Starting without an account")."""
MOVE_FROM_KEY = "move_sessions_from"
"""In the signed session after logging in from a device-only account: that account's id."""


def create(session, now: datetime) -> User:
    """A new private account with no email or password; the caller signs it in and commits."""
    user = User(email=None, password_hash=None, created_at=now, welcomed_at=now)
    session.add(user)
    session.flush()
    return user


def session_count(session, user_id: int) -> int:
    """Sessions of a device-only account (0 for any other account), from its running totals."""
    return session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(RoutineTally.sessions), 0))
        .join(User, User.id == RoutineTally.user_id)
        .where(User.id == user_id, User.email.is_(None))
        .where(~sa.exists(sa.select(Passkey.id).where(Passkey.user_id == User.id)))
    )


def move_sessions(session, source_id: int, target: User) -> int:
    """Move every session of the device-only account source_id to target, then delete it.

    Only a device-only account is ever moved from, and it is deleted in the same transaction,
    so a second attempt finds nothing to move. Returns how many sessions moved."""
    source = session.get(User, source_id, with_for_update=True)
    if source is None or not source.device_only or source.id == target.id:
        return 0
    moved = session.execute(
        sa.update(PracticeSession)
        .where(PracticeSession.user_id == source.id)
        .values(user_id=target.id)
    ).rowcount
    session.delete(source)
    return moved


def prune(session, now: datetime, unused_for: timedelta = UNUSED_FOR) -> int:
    """Delete device-only accounts no device has used for unused_for; returns how many.

    One DELETE per table, each idempotent: several runs at once (a scheduler on many machines)
    delete each account once and fail on none."""
    cutoff = now - unused_for
    recent = sa.select(SignIn.id).where(
        SignIn.user_id == User.id, SignIn.last_seen_at > cutoff, SignIn.expires_at > now
    )
    has_passkey = sa.select(Passkey.id).where(Passkey.user_id == User.id)
    stale = sa.select(User.id).where(
        User.email.is_(None),
        User.created_at <= cutoff,
        ~sa.exists(recent),
        ~sa.exists(has_passkey),
    )
    ids = list(session.scalars(stale))
    if not ids:
        return 0
    for model in (PracticeSession, SignIn, EmailToken):
        session.execute(sa.delete(model).where(model.user_id.in_(ids)))
    return session.execute(sa.delete(User).where(User.id.in_(ids), User.email.is_(None))).rowcount
