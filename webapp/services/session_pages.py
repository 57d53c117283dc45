"""GET /api/sessions a page at a time: newest first, a cursor to the next page, an ETag per page.

The order is total and follows one index (user_id, started_at, created_at, id): sessions started
at one moment come newest-stored first, then by id, so a page boundary never splits ties
differently on the next request, on SQLite and PostgreSQL alike.
"""

import base64
import binascii
import hashlib
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from webapp.models import PracticeSession, Routine, User, session_json
from webapp.services.sessions import JSON_COLUMNS

DEFAULT_LIMIT = 100
MAX_LIMIT = 500
ORDER = (
    PracticeSession.started_at.desc(),
    PracticeSession.created_at.desc(),
    PracticeSession.id.desc(),
)


@dataclass(frozen=True)
class Cursor:
    """Where a page ended: the last listed session's sort key."""

    started_at: datetime
    created_at: datetime
    id: uuid.UUID

    def encode(self) -> str:
        """The cursor as an opaque, URL-safe token."""
        text = "|".join(
            (self.started_at.astimezone(UTC).isoformat(), self.created_at.isoformat(), str(self.id))
        )
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(token) -> Cursor | None:
    """The cursor a token encodes, or None when it is not one this API handed out."""
    if not isinstance(token, str) or not 0 < len(token) <= 200:
        return None
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        started, created, session_id = text.split("|")
        cursor = Cursor(
            datetime.fromisoformat(started), datetime.fromisoformat(created), uuid.UUID(session_id)
        )
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    if cursor.started_at.tzinfo is None or cursor.created_at.tzinfo is None:
        return None
    return cursor


def parse_limit(value: str | None) -> int | None:
    """The page size asked for (DEFAULT_LIMIT when not given), or None when it is not 1..MAX."""
    if value is None:
        return DEFAULT_LIMIT
    if not value.isdigit() or not 1 <= int(value) <= MAX_LIMIT:
        return None
    return int(value)


@dataclass
class Page:
    sessions: list[dict]
    next: Cursor | None

    def etag(self, body: bytes) -> str:
        """A digest of what the page shows, `body` (its JSON as sent), and where the next page
        starts: it changes with them. The body is written once, for both."""
        digest = hashlib.sha256(body)
        digest.update(b"|" + (self.next.encode().encode() if self.next else b""))
        return digest.hexdigest()[:32]


def _before(cursor: Cursor):
    """Rows after the cursor in ORDER; the first term gives the index its range."""
    started = PracticeSession.started_at
    created = PracticeSession.created_at
    return sa.and_(
        started <= cursor.started_at,
        sa.or_(
            started < cursor.started_at,
            created < cursor.created_at,
            sa.and_(created == cursor.created_at, PracticeSession.id < cursor.id),
        ),
    )


def page_for(
    session, user: User, limit: int, before: Cursor | None = None, since: datetime | None = None
) -> Page:
    """One page of the person's own sessions, newest first, after `before` and from `since`."""
    query = (
        sa.select(*JSON_COLUMNS)
        .join(Routine, PracticeSession.routine_id == Routine.id)
        .where(PracticeSession.user_id == user.id)
    )
    if since is not None:
        query = query.where(PracticeSession.started_at >= since)
    if before is not None:
        query = query.where(_before(before))
    rows = session.execute(query.order_by(*ORDER).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1] if more else None
    return Page(
        [session_json(**row._mapping) for row in rows],
        Cursor(last.started_at, last.created_at, last.id) if last is not None else None,
    )


@dataclass(frozen=True)
class Written:
    """A page as sent: its JSON, its ETag and where the next page starts (None: the last)."""

    body: bytes
    etag: str
    next: Cursor | None


WRITTEN_PAGES = 128
"""Pages kept written per process (about 45 KB each at the default size: under 6 MB)."""
_written: OrderedDict[tuple, Written] = OrderedDict()
_written_lock = threading.Lock()  # threaded servers (gthread, the tests' live server)


def written_page(
    session,
    user: User,
    limit: int,
    before: Cursor | None,
    since: datetime | None,
    dumps: Callable[[list], bytes],
) -> Written:
    """The page written as JSON, from this process's recent pages when the person's sessions
    have not changed since (user.sessions_version, which the database's triggers raise with
    every insert, correction, move or delete), else read and written anew.

    A phone syncing asks for the same pages again and again; building a page's dictionaries
    and its JSON was most of the answer's time. Nothing here outlives a change: the version is
    part of the key, and it is read with the person at sign-in lookup, before the page."""
    key = (
        str(session.get_bind().url),
        user.id,
        user.sessions_version,
        limit,
        before.encode() if before else None,
        since.isoformat() if since else None,
    )
    with _written_lock:
        found = _written.get(key)
        if found is not None:
            _written.move_to_end(key)
            return found
    page = page_for(session, user, limit, before, since)
    body = dumps(page.sessions)
    found = Written(body, page.etag(body), page.next)
    with _written_lock:
        _written[key] = found
        while len(_written) > WRITTEN_PAGES:
            _written.popitem(last=False)
    return found


def forget_written() -> None:
    """Drop this process's written pages (benchmarks measure the unwritten path with it)."""
    with _written_lock:
        _written.clear()
