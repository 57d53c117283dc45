"""Sign-ins: one record per login on one device, found by the hash of its cookie's token."""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from ua_parser import parse

from webapp.i18n import lazy_gettext as _l
from webapp.models import SignIn, User

LAST_SEEN_EVERY = timedelta(minutes=5)
"""How stale last_seen_at may get before a request writes it again (not on every request)."""
IDLE_LIMIT = timedelta(hours=12)
"""A login without "keep me signed in" ends after this long unused, as its cookie would."""
DEVICE_LENGTH = 120
METHOD_WORDS = {
    "password": _l("Logged in with your password"),
    "registration": _l("Signed in when the account was created"),
    "reset": _l("Signed in with a password reset link"),
    "device": _l("Started on this device without an account"),
    "passkey": _l("Signed in with a passkey"),
    "earlier": _l("Signed in before this list was kept (every device signed in then)"),
}


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def describe_device(user_agent: str | None) -> str:
    """ "Chrome Mobile on Android (Pixel 8)", from the User-Agent; "" when it says nothing."""
    result = parse((user_agent or "")[:1000])
    browser = result.user_agent.family if result.user_agent else ""
    system = result.os.family if result.os else ""
    text = " on ".join(part for part in (browser, system) if part and part != "Other")
    model = result.device.model if result.device else None
    if text and model and model not in text and model not in ("K", "Other"):
        text += f" ({model})"
    return text[:DEVICE_LENGTH]


def start(
    session,
    user: User,
    *,
    method: str,
    user_agent: str | None,
    remember_for: timedelta | None,
    now: datetime,
) -> SignIn:
    """Record a new login and give the user its token (for the cookie); the caller commits.

    remember_for is the remember-me cookie's lifetime, None without "keep me signed in". The
    person's expired sign-ins are deleted on the way, so the list stays short."""
    session.execute(sa.delete(SignIn).where(SignIn.user_id == user.id, SignIn.expires_at <= now))
    token = secrets.token_urlsafe(32)
    remember = remember_for is not None
    lifetime = remember_for if remember else IDLE_LIMIT
    sign_in = SignIn(
        user=user,
        token_hash=hash_token(token),
        method=method,
        device=describe_device(user_agent),
        remember=remember,
        created_at=now,
        last_seen_at=now,
        expires_at=now + lifetime,
    )
    session.add(sign_in)
    user.sign_in, user.sign_in_token = sign_in, token
    return sign_in


# Built once: every request of a signed-in person runs it, and building it cost more than
# running it. The person comes joined (SignIn.user is lazy="joined").
FIND = sa.select(SignIn).where(
    SignIn.token_hash == sa.bindparam("token_hash"),
    SignIn.expires_at > sa.bindparam("now", type_=SignIn.expires_at.type),
)


def find(session, token: str, now: datetime) -> User | None:
    """The person whose live sign-in this token is, with .sign_in set; None when revoked/expired."""
    sign_in = session.scalar(FIND, {"token_hash": hash_token(token), "now": now})
    if sign_in is None:
        return None
    user = sign_in.user
    user.sign_in, user.sign_in_token = sign_in, token
    user.sign_in_seen_at = sign_in.last_seen_at  # read now: after a commit it would cost a query
    return user


def touch(sign_in: SignIn, now: datetime) -> bool:
    """Note that the sign-in is in use, at most every LAST_SEEN_EVERY; True if it changed.

    A login without "keep me signed in" lives IDLE_LIMIT past its last use."""
    if now - sign_in.last_seen_at < LAST_SEEN_EVERY:
        return False
    sign_in.last_seen_at = now
    if not sign_in.remember:
        sign_in.expires_at = now + IDLE_LIMIT
    return True


def listed(session, user: User, now: datetime) -> list[SignIn]:
    """The person's live sign-ins, the most recently used first."""
    return list(
        session.scalars(
            sa.select(SignIn)
            .where(SignIn.user_id == user.id, SignIn.expires_at > now)
            .order_by(SignIn.last_seen_at.desc(), SignIn.id.desc())
        )
    )


def revoke(session, user: User, sign_in_id: int) -> bool:
    """End one of the person's sign-ins (never another person's); False if there was none."""
    result = session.execute(
        sa.delete(SignIn).where(SignIn.id == sign_in_id, SignIn.user_id == user.id)
    )
    return result.rowcount > 0


def revoke_others(session, user: User, keep: SignIn | None) -> int:
    """End every sign-in of the person but `keep`; returns how many ended."""
    query = sa.delete(SignIn).where(SignIn.user_id == user.id)
    if keep is not None:
        query = query.where(SignIn.id != keep.id)
    return session.execute(query).rowcount


def owner_key(secret: str, user_id: int) -> str:
    """The opaque, stable name of a person on a device (outbox entries, private caches).

    An HMAC of the id: it says nothing about the person and cannot be guessed for another id."""
    digest = hmac.new(secret.encode(), f"device-owner:{user_id}".encode(), hashlib.sha256)
    return digest.hexdigest()[:32]
