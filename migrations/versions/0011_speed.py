"""speed: a person's sessions indexed in the order they are listed and paged

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 14:00:00
"""
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    # Plain index operations: no table copy, even for millions of sessions.
    op.create_index(
        "ix_practice_session_user_order",
        "practice_session",
        ["user_id", "started_at", "created_at", "id"],
        unique=False,
    )
    op.drop_index("ix_practice_session_user_started", table_name="practice_session")
    op.create_index(
        "ix_practice_session_user_routine",
        "practice_session",
        ["user_id", "routine_id", "started_at", "created_at", "id"],
        unique=False,
    )


def downgrade():
    op.drop_index("ix_practice_session_user_routine", table_name="practice_session")
    op.create_index(
        "ix_practice_session_user_started",
        "practice_session",
        ["user_id", "started_at"],
        unique=False,
    )
    op.drop_index("ix_practice_session_user_order", table_name="practice_session")
