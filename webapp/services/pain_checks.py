"""Pain checks: a pain rating on its own (no routine), several a day, stored once by client id."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from webapp.i18n import gettext as _
from webapp.models import PainCheck, User
from webapp.services.db import insert_if_absent
from webapp.services.sessions import (
    EARLIEST,
    MAX_FUTURE,
    pain_field,
    parse_moment,
    parse_uuid,
    validate_note,
)


@dataclass
class PainCheckInput:
    id: uuid.UUID
    taken_at: datetime
    pain: int
    note: str


def validate(data, now: datetime) -> tuple[PainCheckInput | None, dict[str, str]]:
    """Check a posted pain check; return it parsed, or the errors by field."""
    if not isinstance(data, dict):
        return None, {"body": _("Send the pain check as a JSON object.")}
    errors: dict[str, str] = {}
    check_id = parse_uuid(data.get("id"))
    if check_id is None:
        errors["id"] = _("Must be a UUID such as 3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b.")
    taken_at = parse_moment(data.get("taken_at"))
    if taken_at is None:
        errors["taken_at"] = (
            "Must be a date and time with a UTC offset, e.g. 2026-05-01T08:30:00+02:00."
        )
    elif taken_at > now + MAX_FUTURE:
        errors["taken_at"] = _("Is more than a day in the future: check the device's clock.")
    elif taken_at < EARLIEST:
        errors["taken_at"] = _("Is before the year 2000: check the device's clock.")
    pain = pain_field(data, "pain", errors, nullable=False)
    note = validate_note(data, errors)
    if errors:
        return None, errors
    return PainCheckInput(check_id, taken_at, pain, note), {}


def store(session, user: User, item: PainCheckInput) -> tuple[PainCheck, str]:
    """Store a pain check once; return it with "created", "replayed" or "conflict"."""
    offset = item.taken_at.utcoffset() or timedelta()
    created = insert_if_absent(
        session,
        PainCheck,
        id=item.id,
        user_id=user.id,
        taken_at=item.taken_at,
        utc_offset_minutes=int(offset.total_seconds() // 60),
        pain=item.pain,
        note=item.note,
    )
    stored = session.get(PainCheck, item.id, populate_existing=True)
    if created:
        return stored, "created"
    same = (
        stored.user_id == user.id
        and stored.taken_at == item.taken_at
        and (stored.pain, stored.note) == (item.pain, item.note)
    )
    return stored, ("replayed" if same else "conflict")


def list_for(session, user: User) -> list[PainCheck]:
    """The person's own pain checks, oldest first."""
    return list(
        session.scalars(
            sa.select(PainCheck).where(PainCheck.user_id == user.id).order_by(PainCheck.taken_at)
        )
    )


def get_for(session, user: User, check_id: uuid.UUID | None) -> PainCheck | None:
    if check_id is None:
        return None
    return session.scalar(
        sa.select(PainCheck).where(PainCheck.id == check_id, PainCheck.user_id == user.id)
    )
