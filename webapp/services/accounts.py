"""Accounts: creating, finding, exporting and deleting a person's data."""

import csv
import io

import sqlalchemy as sa

from webapp.models import PracticeSession, User
from webapp.services import throttle
from webapp.services.sessions import list_json_for

EXPORT_FIELDS = (
    "id",
    "routine",
    "routine_title",
    "started_at",
    "ended_at",
    "pain_before",
    "pain_after",
    "outcome",
    "note",
    "created_at",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def normalize_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(session, email: str) -> User | None:
    return session.scalar(sa.select(User).where(User.email == normalize_email(email)))


def create_user(session, email: str, password: str) -> User:
    """Add a new account with a hashed password; the caller commits."""
    user = User(email=normalize_email(email))
    user.set_password(password)
    session.add(user)
    return user


def session_count(session, user: User) -> int:
    return session.scalar(
        sa.select(sa.func.count())
        .select_from(PracticeSession)
        .where(PracticeSession.user_id == user.id)
    )


def delete_account(session, user: User) -> None:
    """Delete the account, every session it logged and its login records; the caller commits."""
    session.execute(sa.delete(PracticeSession).where(PracticeSession.user_id == user.id))
    if user.email:
        throttle.clear(session, [throttle.email_key(user.email)])
    session.delete(user)


def export_data(session, user: User) -> dict:
    """Everything stored about the person, as JSON-ready data."""
    return {
        "account": {"email": user.email, "created_at": user.created_at.isoformat()},
        "sessions": list_json_for(session, user),
    }


def spreadsheet_safe(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def sessions_csv(rows: list[dict]) -> str:
    """The sessions as CSV: a header row, every field quoted as needed, formulas defused."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_FIELDS, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: spreadsheet_safe(value) for key, value in row.items()})
    return buffer.getvalue()
