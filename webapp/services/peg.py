"""The PEG, weekly: its three questions, storing answers once by client id, when it is due, and
its trend by week. Krebs et al., J Gen Intern Med 2009 (see the README for its terms of use)."""

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from webapp.doctor_models import PEG_ITEMS, PegAnswer
from webapp.i18n import gettext as _
from webapp.i18n import lazy_gettext as _l
from webapp.models import User
from webapp.services.db import insert_if_absent
from webapp.services.sessions import (
    EARLIEST,
    MAX_FUTURE,
    edited_moment,
    pain_field,
    parse_moment,
    parse_uuid,
)
from webapp.services.stats import round_ratio


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    low: str
    high: str


QUESTIONS = (
    Question(
        "pain",
        _l("What number best describes your pain on average in the past week?"),
        _l("no pain"),
        _l("pain as bad as you can imagine"),
    ),
    Question(
        "enjoyment",
        _l(
            "What number best describes how, during the past week, pain has interfered with your "
            "enjoyment of life?"
        ),
        _l("does not interfere"),
        _l("completely interferes"),
    ),
    Question(
        "activity",
        _l(
            "What number best describes how, during the past week, pain has interfered with your "
            "general activity?"
        ),
        _l("does not interfere"),
        _l("completely interferes"),
    ),
)
"""The PEG's items as published (Krebs et al. 2009), in its order."""
assert tuple(question.key for question in QUESTIONS) == PEG_ITEMS

DUE_AFTER = timedelta(days=7)
"""A week after the last answer the questions are offered again; a missed week is just missed."""


@dataclass
class PegInput:
    id: uuid.UUID
    answered_at: datetime
    pain: int
    enjoyment: int
    activity: int


def validate(data, now: datetime) -> tuple[PegInput | None, dict[str, str]]:
    """Check a posted PEG answer; return it parsed, or the errors by field."""
    if not isinstance(data, dict):
        return None, {"body": _("Send the answers as a JSON object.")}
    errors: dict[str, str] = {}
    answer_id = parse_uuid(data.get("id"))
    if answer_id is None:
        errors["id"] = _("Must be a UUID such as 3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b.")
    answered_at = parse_moment(data.get("answered_at"))
    if answered_at is None:
        errors["answered_at"] = (
            "Must be a date and time with a UTC offset, e.g. 2026-05-01T08:30:00+02:00."
        )
    elif answered_at > now + MAX_FUTURE:
        errors["answered_at"] = _("Is more than a day in the future: check the device's clock.")
    elif answered_at < EARLIEST:
        errors["answered_at"] = _("Is before the year 2000: check the device's clock.")
    values = {item: pain_field(data, item, errors, nullable=False) for item in PEG_ITEMS}
    if errors:
        return None, errors
    return PegInput(answer_id, answered_at, **values), {}


def store(session, user: User, item: PegInput) -> tuple[PegAnswer, str]:
    """Store an answer once; return it with "created", "replayed" or "conflict"."""
    offset = item.answered_at.utcoffset() or timedelta()
    values = {name: getattr(item, name) for name in PEG_ITEMS}
    created = insert_if_absent(
        session,
        PegAnswer,
        id=item.id,
        user_id=user.id,
        answered_at=item.answered_at,
        utc_offset_minutes=int(offset.total_seconds() // 60),
        **values,
    )
    stored = session.get(PegAnswer, item.id, populate_existing=True)
    if created:
        return stored, "created"
    same = (
        stored.user_id == user.id
        and stored.answered_at == item.answered_at
        and all(getattr(stored, name) == value for name, value in values.items())
    )
    return stored, ("replayed" if same else "conflict")


def list_for(session, user: User) -> list[PegAnswer]:
    """The person's own answers, oldest first (ties by id, the same on every database)."""
    return list(
        session.scalars(
            sa.select(PegAnswer)
            .where(PegAnswer.user_id == user.id)
            .order_by(PegAnswer.answered_at, PegAnswer.id)
        )
    )


def get_for(session, user: User, answer_id: uuid.UUID | None) -> PegAnswer | None:
    if answer_id is None:
        return None
    return session.scalar(
        sa.select(PegAnswer).where(PegAnswer.id == answer_id, PegAnswer.user_id == user.id)
    )


def is_due(answers: list[PegAnswer], now: datetime) -> bool:
    """Offer the questions when none were answered in the last week (or ever)."""
    return not answers or answers[-1].answered_at <= now - DUE_AFTER


def between(answers: list[PegAnswer], first: date | None, last: date | None) -> list[PegAnswer]:
    """The answers given on the person's days first..last (open ends when None)."""
    return [
        answer
        for answer in answers
        if (first is None or answer.day >= first) and (last is None or answer.day <= last)
    ]


def mean_score(answers: list[PegAnswer]) -> float | None:
    """The mean PEG score of these answers, to one decimal, or None with none."""
    if not answers:
        return None
    total = sum(answer.pain + answer.enjoyment + answer.activity for answer in answers)
    return round_ratio(total, 3 * len(answers), 1)


def chart_data(answers: list[PegAnswer]) -> dict:
    """The PEG trend as uPlot draws it: the answer days (wall-clock seconds) and the scores."""
    from webapp.services.history import wall_seconds

    return {
        "x": [wall_seconds(answer.local(answer.answered_at)) for answer in answers],
        "score": [answer.score for answer in answers],
    }


def due_for(session, user: User, now: datetime) -> bool:
    """Whether to offer this week's questions to this person now (a calm invitation, no more)."""
    latest = session.scalar(
        sa.select(sa.func.max(PegAnswer.answered_at)).where(PegAnswer.user_id == user.id)
    )
    if latest is not None and latest.tzinfo is None:
        latest = latest.replace(tzinfo=UTC)
    return latest is None or latest <= now - DUE_AFTER


def validate_edit(data, now: datetime) -> tuple[dict, dict[str, str]]:
    """Check a correction of one week's answers; return the changes, or the errors by field.

    edited_at (optional) is when the person changed it on their device, so an older correction
    replayed from the outbox after a newer one changes nothing (as for sessions)."""
    if not isinstance(data, dict):
        return {}, {"body": _("Send the changes as a JSON object.")}
    if not any(item in data for item in PEG_ITEMS):
        return {}, {"body": _("Send at least one of: %(fields)s.", fields=", ".join(PEG_ITEMS))}
    errors: dict[str, str] = {}
    changes = {
        item: pain_field(data, item, errors, nullable=False) for item in PEG_ITEMS if item in data
    }
    edited_at = edited_moment(data, errors, now)
    if errors:
        return {}, errors
    return changes | {"updated_at": edited_at}, {}


def apply_edit(row: PegAnswer, changes: dict) -> bool:
    """Apply a validated correction unless a newer one is stored; the caller commits."""
    if row.updated_at is not None and changes["updated_at"] < row.updated_at:
        return False
    for name, value in changes.items():
        setattr(row, name, value)
    return True
