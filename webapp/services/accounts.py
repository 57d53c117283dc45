"""Accounts: creating, finding, exporting and deleting a person's data."""

import csv
import io

import sqlalchemy as sa

from webapp.models import PainCheck, PracticeSession, User
from webapp.services import figures, own_routines, pain_checks, peg, throttle
from webapp.services.sessions import list_json_for

EXPORT_FIELDS = (
    "kind",
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
    "held_seconds",
    "steps_completed",
    "steps_skipped",
    "steps_not_reached",
    "manual",
    "updated_at",
    "peg_pain",
    "peg_enjoyment",
    "peg_activity",
    "peg_score",
)
"""CSV columns: sessions fill them all; a pain check ("kind" pain_check) gives its time as
started_at and its pain as pain_before; a weekly PEG ("kind" peg) its time as started_at and its
three answers and score in the peg_ columns."""
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
    """How many sessions the person logged, from their running totals (figures.counts)."""
    return figures.counts(session, user, None)[0]


def delete_account(session, user: User) -> None:
    """Delete the account, every session it logged and its login records; the caller commits."""
    session.execute(sa.delete(PracticeSession).where(PracticeSession.user_id == user.id))
    session.execute(sa.delete(PainCheck).where(PainCheck.user_id == user.id))
    if user.email:
        key = throttle.email_key(user.email)
        throttle.clear(session, [key, f"register-{key}"])
    session.delete(user)


def export_data(session, user: User) -> dict:
    """Everything stored about the person, as JSON-ready data."""
    return {
        "account": {"email": user.email, "created_at": user.created_at.isoformat()},
        "sessions": list_json_for(session, user),
        "pain_checks": [check.to_dict() for check in pain_checks.list_for(session, user)],
        "own_routines": own_routines.export_for(session, user),
        "peg_answers": [answer.to_dict() for answer in peg.list_for(session, user)],
    }


def spreadsheet_safe(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def sessions_csv(rows: list[dict], checks: list[dict] = (), pegs: list[dict] = ()) -> str:
    """The sessions, then the pain checks, as CSV: a header row, every field quoted as needed,
    formulas defused."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_FIELDS, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({"kind": "session"} | {k: spreadsheet_safe(v) for k, v in row.items()})
    for check in checks:
        writer.writerow(
            {
                "kind": "pain_check",
                "id": check["id"],
                "routine_title": "Pain check (no routine)",
                "started_at": check["taken_at"],
                "pain_before": check["pain"],
                "note": spreadsheet_safe(check["note"]),
                "created_at": check["created_at"],
            }
        )
    for answer in pegs:
        writer.writerow(
            {
                "kind": "peg",
                "id": answer["id"],
                "routine_title": "Weekly PEG (no routine)",
                "started_at": answer["answered_at"],
                "created_at": answer["created_at"],
                "updated_at": answer["updated_at"],
                "peg_pain": answer["pain"],
                "peg_enjoyment": answer["enjoyment"],
                "peg_activity": answer["activity"],
                "peg_score": answer["score"],
            }
        )
    return buffer.getvalue()
