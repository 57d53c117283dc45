"""Each person's running totals per routine (routine_tally, kept by triggers of migration 0015)
stay equal to the totals over their sessions, however the sessions are written: the API's
insert, correction and delete, the history's forms, a device's log moved into an account, an
account deleted, and statements that bypass the app. Run on SQLite and on PostgreSQL."""

import random
import uuid
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from tests.conftest import sqlite_only
from tests.shared import PASSWORD, session_payload
from webapp.extensions import db
from webapp.models import PracticeSession, Routine, RoutineTally, User
from webapp.services import devices, figures, history, stats
from webapp.services.accounts import create_user, delete_account


def counts_of(row) -> dict[str, int]:
    """One session's share of its routine's totals, by stats.py's own rules."""
    entry = stats.Entry(
        row.started_at,
        "",
        "",
        row.pain_before,
        row.pain_after,
        row.outcome,
        row.note,
        row.steps_completed,
        None
        if row.steps_completed is None
        else row.steps_completed + row.steps_skipped + row.steps_not_reached,
    )
    counted = entry.counts_for_effect
    rated = counted and row.pain_after is not None
    return {
        "sessions": 1,
        "counted": int(counted),
        "rated": int(rated),
        "change_sum": row.pain_after - row.pain_before if rated else 0,
        "meaningful": int(rated and stats.is_meaningful(row.pain_before, row.pain_after)),
    }


def expected_totals() -> dict[tuple[int, int], dict[str, int]]:
    """Every person's totals per routine, added up in Python from every stored session."""
    totals: dict[tuple[int, int], dict[str, int]] = {}
    for row in db.session.scalars(sa.select(PracticeSession)):
        key = (row.user_id, row.routine_id)
        found = totals.setdefault(key, dict.fromkeys(counts_of(row), 0))
        for name, value in counts_of(row).items():
            found[name] += value
    return totals


def stored_totals() -> dict[tuple[int, int], dict[str, int]]:
    """The totals the database kept (rows left at zero, after deletes, are left out)."""
    names = ("sessions", "counted", "rated", "change_sum", "meaningful")
    return {
        (row.user_id, row.routine_id): {name: getattr(row, name) for name in names}
        for row in db.session.scalars(sa.select(RoutineTally))
        if any(getattr(row, name) for name in names)
    }


def assert_totals_right(app) -> None:
    with app.app_context():
        assert stored_totals() == expected_totals()
        for user in db.session.scalars(sa.select(User)):
            everything = history.entries_for(db.session, user)
            assert figures.routine_summaries(db.session, user) == stats.routine_summaries(
                everything
            )
            assert figures.count(db.session, user) == len(everything)


def test_the_totals_follow_the_api_and_the_history_forms(app, signed_in):
    client, rng = signed_in.client, random.Random(3)  # noqa: S311 (repeatable test data)
    with app.app_context():
        slugs = list(db.session.scalars(sa.select(Routine.slug).limit(3)))
    ids = []
    for n in range(40):
        outcome = rng.choice(["completed", "completed", "partial", "stopped_early", "safety_stop"])
        total = rng.randint(2, 6)
        done = total if outcome == "completed" else rng.randint(0, total - 1)
        # A partial run reached the end with holds skipped; one stopped early left some unreached.
        skipped = total - done if outcome == "partial" else 0
        held = (
            {
                "held_seconds": 60 * done,
                "steps_completed": done,
                "steps_skipped": skipped,
                "steps_not_reached": total - done - skipped,
            }
            if outcome != "safety_stop" and rng.random() < 0.8
            else {}
        )
        started = datetime.now(UTC).replace(microsecond=0) - timedelta(days=n, minutes=20)
        payload = session_payload(
            routine=rng.choice(slugs),
            started_at=started.isoformat(),
            ended_at=(started + timedelta(minutes=7)).isoformat(),
            pain_before=rng.randint(0, 10),
            pain_after=None if outcome == "safety_stop" else rng.choice([None, *range(11)]),
            outcome=outcome,
            **held,
        )
        answer = signed_in.post_session(payload)
        assert answer.status_code == 201, answer.get_json()
        ids.append((payload["id"], outcome))
        if n % 7 == 0:  # the outbox sending the same session again stores nothing more
            assert signed_in.post_session(payload).status_code == 200
    assert_totals_right(app)

    headers = {"X-CSRFToken": signed_in.csrf()}
    for session_id, outcome in rng.sample(ids, 12):  # corrections through the API
        change = {"pain_before": rng.randint(0, 10)}
        if outcome != "safety_stop":
            change["pain_after"] = rng.choice([None, *range(11)])
        answer = client.patch(f"/api/sessions/{session_id}", json=change, headers=headers)
        assert answer.status_code == 200, answer.get_json()
    session_id, outcome = next(item for item in ids if item[1] == "completed")
    form = {
        "pain_before": "9",
        "pain_after": "2",
        "note": "Better.",
        "csrf_token": signed_in.csrf(),
    }
    assert client.post(f"/history/{session_id}", data=form).status_code == 302
    assert_totals_right(app)

    for session_id, _outcome in ids[:8]:  # deletes, through the API and the history's form
        answer = client.delete(f"/api/sessions/{session_id}", headers=headers)
        assert answer.status_code == 204
    delete = {"csrf_token": signed_in.csrf()}
    assert client.post(f"/history/{ids[8][0]}/delete", data=delete).status_code == 302
    assert_totals_right(app)


def insert_sessions(user_id: int, routine_ids: list[int], count: int, seed: int) -> None:
    """Sessions stored by one statement, as a bulk load or another tool would."""
    rng = random.Random(seed)  # noqa: S311 (repeatable test data)
    now = datetime(2026, 6, 1, 8, tzinfo=UTC)
    rows = []
    for n in range(count):
        done = rng.randint(0, 4)
        rows.append(
            {
                "id": uuid.uuid4(),
                "user_id": user_id,
                "routine_id": rng.choice(routine_ids),
                "started_at": now - timedelta(days=n),
                "ended_at": now - timedelta(days=n) + timedelta(minutes=5),
                "pain_before": rng.randint(0, 10),
                "pain_after": rng.choice([None, *range(11)]),
                "outcome": "completed",
                "note": "",
                "held_seconds": 60,
                "steps_completed": done,
                "steps_skipped": 4 - done,
                "steps_not_reached": 0,
            }
        )
    db.session.execute(sa.insert(PracticeSession), rows)


def test_the_totals_follow_bulk_statements_moves_and_deleted_accounts(app):
    with app.app_context():
        routine_ids = list(db.session.scalars(sa.select(Routine.id).limit(4)))
        kept = create_user(db.session, "kept@example.com", PASSWORD)
        gone = create_user(db.session, "gone@example.com", PASSWORD)
        device = devices.create(db.session, datetime.now(UTC))
        db.session.flush()
        for seed, user in enumerate((kept, gone, device)):
            insert_sessions(user.id, routine_ids, 30, seed)
        device_id = device.id
        db.session.commit()
    assert_totals_right(app)

    with app.app_context():
        # One statement changing many rows: another routine, a safety stop, cleared ratings.
        db.session.execute(
            sa.update(PracticeSession)
            .where(PracticeSession.routine_id == routine_ids[0])
            .values(routine_id=routine_ids[1])
        )
        db.session.execute(
            sa.update(PracticeSession)
            .where(PracticeSession.pain_before > 8)
            .values(outcome="safety_stop", pain_after=None)
        )
        db.session.execute(sa.update(PracticeSession).values(note="only a note: no total moves"))
        db.session.commit()
    assert_totals_right(app)

    with app.app_context():
        kept = db.session.scalar(sa.select(User).where(User.email == "kept@example.com"))
        assert devices.move_sessions(db.session, device_id, kept) == 30
        kept_id = kept.id
        db.session.commit()
    assert_totals_right(app)

    with app.app_context():
        delete_account(
            db.session, db.session.scalar(sa.select(User).where(User.email == "gone@example.com"))
        )
        db.session.commit()
        # The deleted account's totals and the emptied device's went with them.
        assert set(db.session.scalars(sa.select(RoutineTally.user_id))) == {kept_id}
    assert_totals_right(app)


def test_the_migration_adds_up_the_sessions_already_stored(app, runner):
    """Downgrade below 0015 with sessions stored, upgrade again: the totals are rebuilt."""
    import flask_migrate

    from tests.conftest import MIGRATIONS

    with app.app_context():
        routine_ids = list(db.session.scalars(sa.select(Routine.id).limit(3)))
        user = create_user(db.session, "before@example.com", PASSWORD)
        db.session.flush()
        insert_sessions(user.id, routine_ids, 50, 11)
        db.session.commit()
        flask_migrate.downgrade(directory=MIGRATIONS, revision="0014")
        flask_migrate.upgrade(directory=MIGRATIONS)
    assert_totals_right(app)


@sqlite_only
def test_a_correction_writes_the_version_once_and_a_move_both_owners(app):
    """Rows changed by a statement, its triggers' included (SQLite's total_changes()): a note
    is the session and its owner's version; a move is the session, both owners' versions, and
    the totals taken from one routine row and added to another."""
    with app.app_context():
        routine_id = db.session.scalar(sa.select(Routine.id).limit(1))
        first = create_user(db.session, "first@example.com", PASSWORD)
        second = create_user(db.session, "second@example.com", PASSWORD)
        db.session.flush()
        insert_sessions(first.id, [routine_id], 1, 3)
        db.session.commit()
        connection = db.session.connection()
        versions = lambda: dict(connection.execute(sa.select(User.id, User.sessions_version)).all())  # noqa: E731

        def changed_rows(statement) -> int:
            before = connection.exec_driver_sql("SELECT total_changes()").scalar()
            connection.execute(statement)
            return connection.exec_driver_sql("SELECT total_changes()").scalar() - before

        old = versions()
        assert changed_rows(sa.update(PracticeSession).values(note="a note")) == 2
        assert versions()[first.id] != old[first.id]
        assert versions()[second.id] == old[second.id]
        old = versions()
        assert changed_rows(sa.update(PracticeSession).values(user_id=second.id)) == 5
        assert versions()[first.id] != old[first.id]
        assert versions()[second.id] != old[second.id]
        db.session.commit()
    assert_totals_right(app)
