"""speed: a correction of a session writes its person's sessions version once, not twice (SQLite)

0015's SQLite trigger wrote the version at every update of a session twice, once for the old
row's owner and once for the new row's: the same person, unless the session moved to another
account. One UPDATE of both owners now does it, which writes one row for a correction and two
for a move. PostgreSQL's trigger function already wrote the new owner's only when it differs.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 05:30:00
"""

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TRIGGER IF EXISTS sessions_version_update")
    # random() is drawn for each row: a moved session's two owners get versions of their own.
    op.execute(
        "CREATE TRIGGER sessions_version_update AFTER UPDATE ON practice_session"
        ' BEGIN UPDATE "user" SET sessions_version = random()'
        " WHERE id IN (OLD.user_id, NEW.user_id); END"
    )


def downgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TRIGGER IF EXISTS sessions_version_update")
    op.execute(
        "CREATE TRIGGER sessions_version_update AFTER UPDATE ON practice_session BEGIN"
        ' UPDATE "user" SET sessions_version = random() WHERE id = OLD.user_id;'
        ' UPDATE "user" SET sessions_version = random() WHERE id = NEW.user_id; END'
    )
