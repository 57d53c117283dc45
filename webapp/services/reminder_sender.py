"""Sending due reminders: claim each person's day in the database, then push to their devices.

A claim is one UPDATE ... WHERE last_sent_on < today (or NULL) ... RETURNING user_id for a group
of people who share a local day and next time: atomic on SQLite (one writer at a time) and
PostgreSQL (a second UPDATE waits for the first and re-checks its WHERE), so any number of
senders on any number of machines handle each person's day once. A sender that dies between
claim and push loses that day's reminder (at most once, never twice).
"""

import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale

from webapp.i18n import DEFAULT_LOCALE
from webapp.i18n import gettext as _
from webapp.models import PracticeSession, PushSubscription, ReminderSetting, Routine, User
from webapp.services import reminders
from webapp.services.push import Pusher

BATCH = 500
LATE_LIMIT = timedelta(hours=3)
"""After downtime, a reminder this late is dropped for the day: nobody wants 'time for your
routine' at midnight for an 08:00 reminder."""
GONE = (404, 410)


@dataclass
class SendReport:
    claimed: int = 0
    skipped_done: int = 0
    skipped_late: int = 0
    rescheduled: int = 0
    sent: int = 0
    failed: int = 0
    removed: int = 0
    people: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Due:
    """A settings row as read for one pass (plain values: nothing reloads after a commit)."""

    user_id: int
    local_time: str
    time_zone: str
    days: list[str]
    skip_if_done: bool
    next_due_at: datetime | None
    last_sent_on: date | None


def _claim(session, user_ids: list[int], today: date, upcoming: datetime | None) -> list[int]:
    """Take these people's reminders for their local day; the ids no other sender had taken."""
    table = ReminderSetting.__table__
    return list(
        session.execute(
            table.update()
            .where(
                table.c.user_id.in_(user_ids),
                sa.or_(table.c.last_sent_on.is_(None), table.c.last_sent_on < today),
            )
            .values(last_sent_on=today, next_due_at=upcoming)
            .returning(table.c.user_id)
        ).scalars()
    )


def _reschedule(session, row: Due, upcoming: datetime | None) -> None:
    """Move a stale due time (yesterday's, after downtime) on to the next one, sending nothing."""
    table = ReminderSetting.__table__
    session.execute(
        table.update()
        .where(table.c.user_id == row.user_id, table.c.next_due_at == row.next_due_at)
        .values(next_due_at=upcoming)
    )


def _usual_routines(session, user_ids: list[int]) -> dict[int, tuple[str, str]]:
    """Each person's last practised routine (slug, title)."""
    ranked = (
        sa.select(
            PracticeSession.user_id,
            PracticeSession.routine_id,
            sa.func.row_number()
            .over(partition_by=PracticeSession.user_id, order_by=PracticeSession.started_at.desc())
            .label("n"),
        )
        .where(PracticeSession.user_id.in_(user_ids), PracticeSession.outcome != "safety_stop")
        .subquery()
    )
    rows = session.execute(
        sa.select(ranked.c.user_id, Routine.slug, Routine.title)
        .join(Routine, Routine.id == ranked.c.routine_id)
        .where(ranked.c.n == 1)
    )
    return {user_id: (slug, title) for user_id, slug, title in rows}


def _done_today(session, due: list[tuple[Due, date]]) -> set[int]:
    """The people among these who already practised on their local day."""
    if not due:
        return set()
    bounds = {row.user_id: reminders.occurrence_bounds(row, day) for row, day in due}
    earliest = min(start for start, _ in bounds.values())
    rows = session.execute(
        sa.select(PracticeSession.user_id, PracticeSession.started_at).where(
            PracticeSession.user_id.in_(list(bounds)),
            PracticeSession.outcome != "safety_stop",
            PracticeSession.started_at >= earliest,
        )
    )
    return {
        user_id for user_id, started in rows if bounds[user_id][0] <= started < bounds[user_id][1]
    }


def session_path(slug: str) -> str:
    """The routine's check-in page, built without a request (the sender runs from the CLI)."""
    adapter = current_app.url_map.bind(
        "localhost", script_name=current_app.config["APPLICATION_ROOT"]
    )
    return adapter.build("practice.session", {"slug": slug})


def message(routine: tuple[str, str] | None, first_slug: str) -> bytes:
    """A calm notification naming the person's usual routine, linking to its check-in."""
    slug, title = routine or (first_slug, None)
    body = (
        _("%(routine)s, when it suits you. A few calm minutes.", routine=title)
        if title
        else _("A few calm minutes of acupressure, when it suits you.")
    )
    return json.dumps(
        {
            "title": _("Time for your back routine"),
            "body": body,
            "url": session_path(slug),
            "tag": "backpoint-reminder",
        }
    ).encode()


def send_due(
    session, pusher: Pusher, now: datetime, workers: int = 16, late_limit: timedelta = LATE_LIMIT
) -> SendReport:
    """Send every reminder due at `now`, in batches; commits its own claims."""
    report = SendReport()
    first_slug = session.scalar(
        sa.select(Routine.slug)
        .where(Routine.owner_id.is_(None))
        .order_by(Routine.position)
        .limit(1)
    )
    last_seen = -1
    with ThreadPoolExecutor(max_workers=workers) as pool:
        while True:
            table = ReminderSetting.__table__
            rows = [
                Due(*values)
                for values in session.execute(
                    sa.select(
                        table.c.user_id,
                        table.c.local_time,
                        table.c.time_zone,
                        table.c.days,
                        table.c.skip_if_done,
                        table.c.next_due_at,
                        table.c.last_sent_on,
                    )
                    .where(
                        table.c.enabled.is_(True),
                        table.c.next_due_at <= now,
                        table.c.user_id > last_seen,
                    )
                    .order_by(table.c.user_id)
                    .limit(BATCH)
                )
            ]
            # End the read so the claims start a fresh write transaction (SQLite WAL snapshots).
            session.commit()
            if not rows:
                break
            last_seen = rows[-1].user_id
            _send_batch(session, pool, pusher, rows, now, first_slug, report, late_limit)
    return report


def _send_batch(session, pool, pusher, rows, now, first_slug, report, late_limit) -> None:
    groups: dict[tuple[date, datetime | None], list[tuple[Due, bool]]] = {}
    moved = 0
    for row in rows:
        upcoming = reminders.next_due(row, now)
        if upcoming is not None and upcoming <= now:
            today = reminders.local_today(row, now)
            after = reminders.next_due(replace(row, last_sent_on=today), now)
            groups.setdefault((today, after), []).append((row, now - upcoming > late_limit))
        elif upcoming != row.next_due_at:
            _reschedule(session, row, upcoming)
            moved += 1
    report.rescheduled += moved
    claimed, late = [], set()
    for (today, after), members in groups.items():
        by_id = {row.user_id: row for row, _ in members}
        late |= {row.user_id for row, too_late in members if too_late}
        claimed += [(by_id[i], today) for i in _claim(session, list(by_id), today, after)]
    session.commit()
    report.claimed += len(claimed)
    # Claimed all the same, so a day that is too late is handled, not sent later still.
    report.skipped_late += sum(1 for row, _ in claimed if row.user_id in late)
    claimed = [(row, today) for row, today in claimed if row.user_id not in late]
    done = _done_today(session, [(row, day) for row, day in claimed if row.skip_if_done])
    report.skipped_done += len(done)
    to_send = [row.user_id for row, _ in claimed if row.user_id not in done]
    if not to_send:
        return
    routines = _usual_routines(session, to_send)
    subscriptions = session.scalars(
        sa.select(PushSubscription).where(PushSubscription.user_id.in_(to_send))
    ).all()
    languages = dict(
        session.execute(sa.select(User.id, User.language).where(User.id.in_(to_send))).all()
    )
    # One message per routine and language, not per person: most people share a handful.
    by_routine: dict = {}
    payloads = {}
    for user_id in to_send:
        routine = routines.get(user_id)
        language = languages.get(user_id) or DEFAULT_LOCALE
        if (routine, language) not in by_routine:
            with force_locale(language):
                by_routine[routine, language] = message(routine, first_slug)
        payloads[user_id] = by_routine[routine, language]
    jobs = [
        (sub.id, pool.submit(pusher.send, sub.to_info(), payloads[sub.user_id]))
        for sub in subscriptions
    ]
    gone = []
    for sub_id, job in jobs:
        status = job.result()
        if 200 <= status < 300:
            report.sent += 1
        else:
            report.failed += 1
            if status in GONE:
                gone.append(sub_id)
    if gone:
        session.execute(sa.delete(PushSubscription).where(PushSubscription.id.in_(gone)))
        report.removed += len(gone)
    session.commit()
    report.people += to_send
