"""Migration 0007 on a database with sessions: what the first version stored stays, marked
"not recorded" for held time, and the old outcome check becomes the new one."""

import flask_migrate
import sqlalchemy as sa

from tests.conftest import MIGRATIONS, dispose_engine, make_app
from webapp.extensions import db


def test_existing_sessions_keep_their_outcome_and_get_no_held_time(empty_database):
    app = make_app(empty_database)
    with app.app_context():
        flask_migrate.upgrade(directory=MIGRATIONS, revision="0004")
        with db.engine.begin() as connection:
            connection.execute(
                sa.text(
                    "INSERT INTO routine (id, slug, title, focus, summary, adaptation, sources,"
                    " position) VALUES (1, 'r', 'R', 'f', 's', '', '[]', 0)"
                )
            )
            connection.execute(
                sa.text(
                    'INSERT INTO "user" (id, email, password_hash, created_at, session_token)'
                    " VALUES (1, 'a@example.com', 'x', '2026-01-01 00:00:00', 't')"
                )
            )
            connection.execute(
                sa.text(
                    "INSERT INTO practice_session (id, user_id, routine_id, started_at, ended_at,"
                    " utc_offset_minutes, pain_before, pain_after, outcome, note, created_at)"
                    " VALUES ('3f2b8c1e5d4a4e6f9a7b1c2d3e4f5a6b', 1, 1, '2026-01-01 08:00:00',"
                    " '2026-01-01 08:05:00', 0, 6, 3, 'completed', '', '2026-01-01 08:05:00')"
                )
            )
        flask_migrate.upgrade(directory=MIGRATIONS)
        with db.engine.connect() as connection:
            row = connection.execute(
                sa.text(
                    "SELECT outcome, held_seconds, steps_completed, steps_skipped,"
                    " steps_not_reached, manual, updated_at FROM practice_session"
                )
            ).one()
        assert tuple(row) == ("completed", None, None, None, None, False, None)
        flask_migrate.downgrade(directory=MIGRATIONS, revision="0004")
        dispose_engine()
