"""A person's own routines: which routines one person may see, and checking, making, editing
and deleting the ones they made.

An own routine is a Routine row with an owner. Past sessions point at a Routine row, so a row
that has sessions is never changed: editing it stores the new steps in a new row under the same
slug and keeps the old row (renamed "<slug>-v<n>", retired) for its sessions; deleting retires the
row (unlisted, gone from the API and the pages) and its sessions keep it. No row is ever
deleted: a session done offline may still be on its way.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from webapp.i18n import gettext as _
from webapp.models import Comparison, Favourite, Point, PracticeSession, Routine, RoutineStep
from webapp.services.text import unstorable

HOLD_SECONDS = (30, 180)
"""The hold a person may choose: 30 s (the shortest hold the articles give) to 3 minutes (the
longest in the patient leaflets and the self-acupressure trial), see reference/acupoints.md."""
MAX_STEPS = 20
TITLE_MAX = 120
SUMMARY_MAX = 500
OWN_FOCUS = "Your own routine"


@dataclass
class StepInput:
    point: Point
    side: str
    seconds: int


@dataclass
class RoutineInput:
    title: str
    summary: str
    steps: list[StepInput]


def _mine(user):
    """The condition for the routines this person may use: the catalog's and their own, live."""
    catalog = Routine.owner_id.is_(None)
    if user is None or not user.is_authenticated:
        return catalog
    return sa.or_(catalog, sa.and_(Routine.owner_id == user.id, Routine.retired_at.is_(None)))


def visible(session, user) -> list[Routine]:
    """The catalog's routines in its order, then this person's own, oldest first."""
    return list(
        session.scalars(
            sa.select(Routine)
            .where(_mine(user))
            .order_by(Routine.owner_id.is_not(None), Routine.position, Routine.id)
        )
    )


def catalog_routines(session) -> list[Routine]:
    """The catalog's routines only (what anybody sees), in its order."""
    return list(
        session.scalars(
            sa.select(Routine).where(Routine.owner_id.is_(None)).order_by(Routine.position)
        )
    )


def find(session, user, slug: str) -> Routine | None:
    """The routine with this slug if this person may use it (never another person's)."""
    if unstorable(slug):
        return None
    return session.scalar(sa.select(Routine).where(Routine.slug == slug, _mine(user)))


def find_own(session, user, slug: str) -> Routine | None:
    """One of this person's own live routines, else None (also for the catalog's)."""
    routine = find(session, user, slug)
    return routine if routine is not None and routine.owner_id is not None else None


def may_record(routine: Routine, user) -> bool:
    """Whether a session of this routine may be stored for this person: a catalog routine, or one
    of theirs, also a retired one (an outbox may send a session done before an edit or delete)."""
    return routine.owner_id is None or routine.owner_id == user.id


def offered_points(session) -> list[Point]:
    """The points a person may build with: not those kept only to correct an article."""
    return list(
        session.scalars(
            sa.select(Point).where(Point.back_routine.is_(True)).order_by(Point.region, Point.code)
        )
    )


def sides_for(point: Point) -> tuple[str, ...]:
    """The sides a step of this point may take."""
    return ("both", "left", "right") if point.bilateral else ("center",)


def _text(data: dict, field: str, limit: int, required: bool, errors: dict) -> str:
    value = data.get(field, "")
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        errors[field] = _("Must be text.")
        return ""
    value = value.strip()
    if unstorable(value):
        errors[field] = unstorable(value)
    elif required and not value:
        errors[field] = _("Give your routine a name.")
    elif len(value) > limit:
        errors[field] = _(
            "Must be at most %(max)d characters (it has %(num)d).", max=limit, num=len(value)
        )
    return value


def _step(item, where: str, points: dict[str, Point], errors: dict) -> StepInput | None:
    if not isinstance(item, dict):
        errors[where] = _("Each step must be an object with point, side and seconds.")
        return None
    code = item.get("point")
    point = points.get(code.strip().upper()) if isinstance(code, str) else None
    if point is None:
        errors[f"{where}.point"] = _("Choose a point from the catalog.")
    side = item.get("side")
    if point is not None and side not in sides_for(point):
        allowed = ", ".join(sides_for(point))
        errors[f"{where}.side"] = _(
            "%(code)s is held on: %(sides)s.", code=point.code, sides=allowed
        )
    seconds = item.get("seconds")
    low, high = HOLD_SECONDS
    if isinstance(seconds, bool) or not isinstance(seconds, int) or not low <= seconds <= high:
        errors[f"{where}.seconds"] = _(
            "Must be a whole number of seconds from %(low)d to %(high)d.", low=low, high=high
        )
    if any(key.startswith(where + ".") for key in errors):
        return None
    return StepInput(point, side, seconds)


def validate(session, data) -> tuple[RoutineInput | None, dict[str, str]]:
    """Check a posted routine (the shape GET /api/routines/<slug> gives); parsed, or errors."""
    if not isinstance(data, dict):
        return None, {"body": _("Send the routine as a JSON object.")}
    errors: dict[str, str] = {}
    title = _text(data, "title", TITLE_MAX, True, errors)
    summary = _text(data, "summary", SUMMARY_MAX, False, errors)
    items = data.get("steps")
    steps = []
    if not isinstance(items, list) or not items:
        errors["steps"] = _("Choose at least one point.")
    elif len(items) > MAX_STEPS:
        errors["steps"] = _(
            "At most %(max)d steps (it has %(num)d).", max=MAX_STEPS, num=len(items)
        )
    else:
        points = {point.code: point for point in offered_points(session)}
        for number, item in enumerate(items):
            steps.append(_step(item, f"steps.{number}", points, errors))
    if errors:
        return None, errors
    return RoutineInput(title, summary, steps), {}


def _fill(routine: Routine, item: RoutineInput) -> None:
    routine.title = item.title
    routine.summary = item.summary
    routine.focus = OWN_FOCUS
    routine.steps = [
        RoutineStep(
            position=number,
            point=step.point,
            side=step.side,
            seconds=step.seconds,
            instruction=step.point.technique,
        )
        for number, step in enumerate(item.steps, start=1)
    ]


def _new_slug(session) -> str:
    while True:
        slug = f"my-{secrets.token_hex(4)}"
        if session.scalar(sa.select(Routine.id).where(Routine.slug.startswith(slug))) is None:
            return slug


def create(session, user, item: RoutineInput) -> Routine:
    """Store a new own routine for this person; the caller commits."""
    routine = Routine(
        slug=_new_slug(session), owner_id=user.id, adaptation="", sources=[], position=0
    )
    _fill(routine, item)
    session.add(routine)
    session.flush()
    return routine


def has_sessions(session, routine: Routine) -> bool:
    return (
        session.scalar(
            sa.select(PracticeSession.id).where(PracticeSession.routine_id == routine.id).limit(1)
        )
        is not None
    )


def in_comparison(session, routine: Routine) -> bool:
    """Whether a running comparison of its owner uses this routine."""
    return (
        session.scalar(
            sa.select(Comparison.id)
            .where(
                sa.or_(
                    Comparison.routine_a_id == routine.id, Comparison.routine_b_id == routine.id
                ),
                Comparison.stopped_at.is_(None),
            )
            .limit(1)
        )
        is not None
    )


def sessions_count(session, routine: Routine) -> int:
    """Sessions done with this routine, also with its earlier versions (edits kept apart)."""
    return session.scalar(
        sa.select(sa.func.count())
        .select_from(PracticeSession)
        .join(Routine, PracticeSession.routine_id == Routine.id)
        .where(
            Routine.owner_id == routine.owner_id,
            sa.or_(Routine.slug == routine.slug, Routine.slug.startswith(routine.slug + "-v")),
        )
    )


def _retire_as_version(session, routine: Routine, now: datetime) -> None:
    """Keep the row for its sessions under "<slug>-v<n>", unlisted, freeing the slug."""
    versions = session.scalar(
        sa.select(sa.func.count()).where(Routine.slug.startswith(routine.slug + "-v"))
    )
    routine.slug = f"{routine.slug}-v{versions + 1}"
    routine.retired_at = now
    session.flush()


def update(session, routine: Routine, item: RoutineInput, now: datetime) -> Routine:
    """Give an own routine new name and steps; its past sessions keep the steps they were done
    with (see the module docstring). Returns the live row; the caller commits."""
    if not has_sessions(session, routine):
        # The old steps go first: the new ones reuse their positions.
        routine.steps.clear()
        session.flush()
        _fill(routine, item)
        session.flush()
        return routine
    slug = routine.slug
    _retire_as_version(session, routine, now)
    fresh = Routine(slug=slug, owner_id=routine.owner_id, adaptation="", sources=[], position=0)
    _fill(fresh, item)
    session.add(fresh)
    session.flush()
    session.execute(
        sa.update(Favourite).where(Favourite.routine_id == routine.id).values(routine_id=fresh.id)
    )
    # A running comparison goes on with the new steps; sessions before the edit were done with
    # other steps, so they no longer count in it (the edit page says so).
    for column in (Comparison.routine_a_id, Comparison.routine_b_id):
        session.execute(
            sa.update(Comparison)
            .where(column == routine.id, Comparison.stopped_at.is_(None))
            .values({column.key: fresh.id})
        )
    return fresh


def delete(session, routine: Routine, now: datetime) -> None:
    """Delete an own routine for its owner: it leaves every list, page and the API, but the row
    stays for the sessions done with it (history, report and exports keep them), also for one
    still waiting in a device's outbox. The caller commits."""
    routine.retired_at = now
    session.execute(sa.delete(Favourite).where(Favourite.routine_id == routine.id))
    # A comparison cannot go on without one of its routines: it stops, its sessions stay.
    session.execute(
        sa.update(Comparison)
        .where(
            sa.or_(Comparison.routine_a_id == routine.id, Comparison.routine_b_id == routine.id),
            Comparison.stopped_at.is_(None),
        )
        .values(stopped_at=now)
    )


def export_for(session, user) -> list[dict]:
    """Every own routine of this person for their data export, earlier versions and deleted
    ones included (marked), so the steps of every past session are in it."""
    rows = session.scalars(
        sa.select(Routine).where(Routine.owner_id == user.id).order_by(Routine.id)
    ).all()
    return [
        routine.to_dict()
        | {"retired_at": None if routine.retired_at is None else routine.retired_at.isoformat()}
        for routine in rows
    ]
