"""Practice sessions: validating what a client sends, storing it once, and listing it."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

import sqlalchemy as sa

from webapp import safety
from webapp.i18n import gettext as _
from webapp.models import (
    OUTCOMES,
    STEP_COUNTS,
    PracticeSession,
    Routine,
    User,
    session_json,
    utcnow,
)
from webapp.services.db import insert_if_absent
from webapp.services.text import unstorable

NOTE_MAX_CHARS = 2000
MAX_FUTURE = timedelta(days=1)
MAX_LENGTH = timedelta(days=1)
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
FIELDS = ("routine", "started_at", "ended_at", "pain_before", "pain_after", "outcome", "note")
HELD_FIELDS = ("held_seconds", *STEP_COUNTS)
HELD_SLACK_SECONDS = 5
"""Clocks round: a run may report a few seconds more held than its own length."""


@dataclass
class SessionInput:
    id: uuid.UUID
    routine: "RoutineRef | Routine"
    started_at: datetime
    ended_at: datetime
    pain_before: int
    pain_after: int | None
    outcome: str
    note: str
    held: dict | None = None
    """held_seconds and the step counts, or None when the client did not send them."""
    manual: bool = False
    checkout_screening: dict | None = None


def parse_uuid(value) -> uuid.UUID | None:
    """A UUID from its canonical 36-character text, else None."""
    if not isinstance(value, str) or len(value) != 36:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def parse_moment(value) -> datetime | None:
    """An ISO 8601 date and time with a UTC offset, else None."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None or moment.utcoffset() is None:
            return None
        moment.astimezone(UTC)
    except (ValueError, OverflowError):
        return None
    return moment


def pain_field(data: dict, field: str, errors: dict, nullable: bool) -> int | None:
    value = data.get(field)
    if value is None and nullable and field in data:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        errors[field] = (
            _("Must be a whole number from 0 to 10, or null.")
            if nullable
            else _("Must be a whole number from 0 to 10.")
        )
        return None
    return value


CHECKOUT_SIGNS = tuple(flag.key for flag in safety.RED_FLAGS if flag.during_session)


def _screening(data: dict, pain_before, pain_after, errors: dict) -> dict | None:
    """The check-out screening as stored: the signs sent, and the advice the rules give for them.

    Absent or null is accepted: outbox entries written by an older app have no screening.
    """
    value = data.get("checkout_screening")
    if value is None:
        return None
    signs = value.get("signs") if isinstance(value, dict) else None
    if (
        not isinstance(signs, list)
        or len(signs) > len(CHECKOUT_SIGNS)
        or not all(isinstance(sign, str) and sign in CHECKOUT_SIGNS for sign in signs)
    ):
        errors["checkout_screening"] = (
            'Must be {"signs": [...]} with signs from: ' + ", ".join(CHECKOUT_SIGNS) + "."
        )
        return None
    if data.get("outcome") == "safety_stop":
        errors["checkout_screening"] = _("A safety stop has no check-out.")
        return None
    if "pain_before" in errors or "pain_after" in errors:
        return None
    signs = [key for key in CHECKOUT_SIGNS if key in signs]
    answers = {"before": pain_before, "after": pain_after, "signs": signs}
    return {"signs": signs} | safety.checkout_advice(safety.rules(), answers)


class RoutineRef(NamedTuple):
    """What storing a session needs of its routine: its key, owner and the words of the answer,
    read as plain columns (the ORM's load of a Routine was most of validating a POST, profiled)."""

    id: int
    slug: str
    title: str
    owner_id: int | None


# Built once, as every POST runs it; a plain query of the four columns.
_ROUTINE = Routine.__table__
ROUTINE_BY_SLUG = sa.select(
    _ROUTINE.c.id, _ROUTINE.c.slug, _ROUTINE.c.title, _ROUTINE.c.owner_id
).where(_ROUTINE.c.slug == sa.bindparam("slug"))


def routine_by_slug(session, slug: str) -> RoutineRef | None:
    row = session.connection().execute(ROUTINE_BY_SLUG, {"slug": slug}).first()
    return None if row is None else RoutineRef(*row)


def validate(session, data, now: datetime) -> tuple[SessionInput | None, dict[str, str]]:
    """Check a posted session; return it parsed, or the errors by field."""
    if not isinstance(data, dict):
        return None, {"body": _("Send the session as a JSON object.")}
    errors: dict[str, str] = {}
    session_id = parse_uuid(data.get("id"))
    if session_id is None:
        errors["id"] = _("Must be a UUID such as 3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b.")
    routine = None
    slug = data.get("routine")
    if not isinstance(slug, str) or not slug:
        errors["routine"] = _("Give the routine's slug.")
    elif unstorable(slug):
        errors["routine"] = unstorable(slug)
    else:
        routine = routine_by_slug(session, slug[:80])
        if routine is None:
            errors["routine"] = _("There is no routine called “%(slug)s”.", slug=slug[:80])
    moments = {}
    for field in ("started_at", "ended_at"):
        moment = parse_moment(data.get(field))
        if moment is None:
            errors[field] = (
                "Must be a date and time with a UTC offset, e.g. 2026-05-01T08:30:00+02:00."
            )
        elif moment > now + MAX_FUTURE:
            errors[field] = _("Is more than a day in the future: check the device's clock.")
        elif moment < EARLIEST:
            errors[field] = _("Is before the year 2000: check the device's clock.")
        else:
            moments[field] = moment
    if len(moments) == 2:
        if moments["ended_at"] < moments["started_at"]:
            errors["ended_at"] = _("Must not be before started_at.")
        elif moments["ended_at"] - moments["started_at"] > MAX_LENGTH:
            errors["ended_at"] = _("A session cannot last more than a day.")
    pain_before = pain_field(data, "pain_before", errors, nullable=False)
    pain_after = pain_field(data, "pain_after", errors, nullable=True)
    outcome = data.get("outcome")
    if outcome not in OUTCOMES:
        errors["outcome"] = _("Must be one of: %(values)s.", values=", ".join(OUTCOMES))
    note = validate_note(data, errors)
    manual = data.get("manual", False)
    if not isinstance(manual, bool):
        errors["manual"] = _("Must be true or false.")
        manual = False
    held = _held(data, errors, manual)
    if held is not None and len(moments) == 2 and "ended_at" not in errors:
        length = (moments["ended_at"] - moments["started_at"]).total_seconds()
        if held["held_seconds"] > length + HELD_SLACK_SECONDS:
            errors["held_seconds"] = _("Is longer than the session itself.")
    if outcome in OUTCOMES and held is not None:
        problem = outcome_problem(outcome, held)
        if problem:
            errors["outcome"] = problem
    screening = _screening(data, pain_before, pain_after, errors)
    if errors:
        return None, errors
    return SessionInput(
        session_id,
        routine,
        moments["started_at"],
        moments["ended_at"],
        pain_before,
        pain_after,
        outcome,
        note,
        held,
        manual,
        screening,
    ), {}


def validate_note(data: dict, errors: dict) -> str:
    """The note of a posted body ("" when absent); its error goes into errors."""
    note = data.get("note", "")
    if note is None:
        return ""
    if not isinstance(note, str):
        errors["note"] = _("Must be text.")
    elif unstorable(note):
        errors["note"] = unstorable(note)
    elif len(note) > NOTE_MAX_CHARS:
        errors["note"] = _(
            "Must be at most %(max)d characters (it has %(num)d).",
            max=NOTE_MAX_CHARS,
            num=len(note),
        )
    return note if isinstance(note, str) else ""


def _held(data: dict, errors: dict, manual: bool) -> dict | None:
    """held_seconds and the step counts: all given, or all absent (an older app's outbox)."""
    given = [field for field in HELD_FIELDS if data.get(field) is not None]
    if manual:
        for field in given:
            errors[field] = _("A session added by hand has no held time: leave it out.")
        return None
    if not given:
        return None
    held = {}
    for field in HELD_FIELDS:
        value = data.get(field)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 86_400:
            errors[field] = _("Must be a whole number from 0 (send all four held fields, or none).")
        else:
            held[field] = value
    return held if len(held) == len(HELD_FIELDS) else None


def outcome_problem(outcome: str, held: dict) -> str | None:
    """Why the outcome does not follow from what was held, or None.

    "completed" needs every step's hold done; "partial" means the end was reached with holds
    skipped, so no step is left unreached; a safety stop held nothing.
    """
    missed = held["steps_skipped"] + held["steps_not_reached"]
    if outcome == "completed" and missed:
        return (
            f"Is “completed”, but {missed} step(s) were skipped or not reached: "
            "send “partial”, “stopped_early” or “abandoned”."
        )
    if outcome == "partial" and (held["steps_not_reached"] or not held["steps_skipped"]):
        return "Is “partial” only when the end was reached with some holds skipped."
    if outcome == "safety_stop" and (held["held_seconds"] or held["steps_completed"]):
        return "A safety stop holds nothing: send zero held time and steps."
    return None


def _same(stored: PracticeSession, item: SessionInput, user: User) -> bool:
    return (
        stored.user_id == user.id
        and stored.routine_id == item.routine.id
        and stored.started_at == item.started_at
        and stored.ended_at == item.ended_at
        and stored.pain_before == item.pain_before
        and stored.pain_after == item.pain_after
        and stored.outcome == item.outcome
        and stored.note == item.note
        and stored.manual == item.manual
        and all(getattr(stored, field) == (item.held or {}).get(field) for field in HELD_FIELDS)
        and stored.checkout_screening == item.checkout_screening
    )


@dataclass(frozen=True)
class NewSession:
    """A session just inserted, as sent: its answer comes from the values, with no read-back and
    no PracticeSession object (the row is in the database already)."""

    values: dict
    routine: "RoutineRef | Routine"

    def to_dict(self) -> dict:
        values = {k: v for k, v in self.values.items() if k not in ("user_id", "routine_id")}
        return session_json(
            **values, routine_slug=self.routine.slug, routine_title=self.routine.title
        )


def store(session, user: User, item: SessionInput) -> tuple["NewSession | PracticeSession", str]:
    """Store a session once; return it with "created", "replayed" or "conflict".

    The insert is skipped when the id exists (also when a racing duplicate got there first);
    the stored row is then compared with what was sent. The caller commits.
    """
    offset = item.started_at.utcoffset() or timedelta()
    values = dict(
        id=item.id,
        user_id=user.id,
        routine_id=item.routine.id,
        started_at=item.started_at,
        ended_at=item.ended_at,
        utc_offset_minutes=int(offset.total_seconds() // 60),
        pain_before=item.pain_before,
        pain_after=item.pain_after,
        outcome=item.outcome,
        note=item.note,
        manual=item.manual,
        **(item.held or dict.fromkeys(HELD_FIELDS)),
        checkout_screening=item.checkout_screening,
        created_at=utcnow(),
    )
    if insert_if_absent(session, PracticeSession, **values):
        return NewSession(values, item.routine), "created"
    stored = session.get(
        PracticeSession,
        item.id,
        populate_existing=True,
        options=[sa.orm.lazyload(PracticeSession.routine)],
    )
    # The person corrected it since: the device sending it again holds the older version.
    corrected = stored.user_id == user.id and stored.updated_at is not None
    return stored, ("replayed" if corrected or _same(stored, item, user) else "conflict")


JSON_COLUMNS = (
    PracticeSession.id,
    Routine.slug.label("routine_slug"),
    Routine.title.label("routine_title"),
    PracticeSession.started_at,
    PracticeSession.ended_at,
    PracticeSession.utc_offset_minutes,
    PracticeSession.pain_before,
    PracticeSession.pain_after,
    PracticeSession.outcome,
    PracticeSession.note,
    PracticeSession.checkout_screening,
    PracticeSession.created_at,
    PracticeSession.held_seconds,
    PracticeSession.steps_completed,
    PracticeSession.steps_skipped,
    PracticeSession.steps_not_reached,
    PracticeSession.manual,
    PracticeSession.updated_at,
)


def list_json_for(session, user: User, since: datetime | None = None) -> list[dict]:
    """The person's own sessions, newest first (only those started at or after since), each as
    the JSON API shows it.

    Reads plain columns instead of loading PracticeSession and Routine objects: for years of
    daily sessions the ORM's per-row bookkeeping was most of the time of GET /api/sessions.
    """
    query = (
        sa.select(*JSON_COLUMNS)
        .join(Routine, PracticeSession.routine_id == Routine.id)
        .where(PracticeSession.user_id == user.id)
    )
    if since is not None:
        query = query.where(PracticeSession.started_at >= since)
    # Sessions started at the same moment come newest-stored first, on every database alike.
    order = (
        PracticeSession.started_at.desc(),
        PracticeSession.created_at.desc(),
        PracticeSession.id.desc(),
    )
    rows = session.execute(query.order_by(*order))
    return [session_json(**row._mapping) for row in rows]


def get_for(session, user: User, session_id: uuid.UUID | None) -> PracticeSession | None:
    """One of the person's own sessions, or None (also for other people's ids)."""
    if session_id is None:
        return None
    return session.scalar(
        sa.select(PracticeSession).where(
            PracticeSession.id == session_id, PracticeSession.user_id == user.id
        )
    )


EDITABLE = ("pain_before", "pain_after", "note")


def validate_edit(row: PracticeSession, data, now: datetime) -> tuple[dict, dict[str, str]]:
    """Check a correction of pain before/after and note; return the changes, or the errors.

    edited_at (optional) is when the person made the change on their device: an older
    correction arriving after a newer one (an outbox replay) is recognised and ignored.
    """
    if not isinstance(data, dict):
        return {}, {"body": _("Send the changes as a JSON object.")}
    errors: dict[str, str] = {}
    changes: dict = {}
    if not any(field in data for field in EDITABLE):
        return {}, {"body": _("Send at least one of: %(fields)s.", fields=", ".join(EDITABLE))}
    if "pain_before" in data:
        changes["pain_before"] = pain_field(data, "pain_before", errors, nullable=False)
    if "pain_after" in data:
        changes["pain_after"] = pain_field(data, "pain_after", errors, nullable=True)
        if row.outcome == "safety_stop" and changes["pain_after"] is not None:
            errors["pain_after"] = _(
                "A check-in stopped at the safety questions has no pain after."
            )
    if "note" in data:
        changes["note"] = validate_note(data, errors)
    edited_at = edited_moment(data, errors, now)
    if errors:
        return {}, errors
    changes["updated_at"] = edited_at
    return changes, {}


def edited_moment(data: dict, errors: dict, now: datetime) -> datetime:
    """When a correction was made on the device (its `edited_at`, else now): a later one wins."""
    if data.get("edited_at") is None:
        return now
    edited_at = parse_moment(data["edited_at"])
    if edited_at is None:
        errors["edited_at"] = _("Must be a date and time with a UTC offset.")
    elif edited_at > now + MAX_FUTURE:
        errors["edited_at"] = _("Is more than a day in the future: check the device's clock.")
    return edited_at


def apply_edit(row: PracticeSession, changes: dict) -> bool:
    """Apply a validated correction unless a newer one is stored; True if it changed the row.

    The caller commits."""
    if row.updated_at is not None and changes["updated_at"] < row.updated_at:
        return False
    for field, value in changes.items():
        setattr(row, field, value)
    return True


def add_manual(
    session,
    user: User,
    routine: Routine,
    started_at: datetime,
    pain_before: int,
    pain_after: int | None,
    note: str,
) -> PracticeSession:
    """Add a session done away from the phone: no held time, the routine's usual length.

    The caller commits."""
    row = PracticeSession(
        id=uuid.uuid4(),
        user_id=user.id,
        routine_id=routine.id,
        started_at=started_at,
        ended_at=started_at + timedelta(seconds=routine.total_seconds),
        utc_offset_minutes=int((started_at.utcoffset() or timedelta()).total_seconds() // 60),
        pain_before=pain_before,
        pain_after=pain_after,
        outcome="completed",
        note=note,
        manual=True,
    )
    session.add(row)
    return row
