"""what a session really did: held time and step counts, new outcomes, corrections, pain checks

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 10:30:00

Existing sessions keep NULL in held_seconds and the three step counts: the first version did not
record what was held (a run left open could be stored as "completed"), so "not recorded" is the
honest value; the statistics read those rows by their outcome, as before. manual is false for
them (all came from the player) and updated_at NULL (never corrected here).
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

OLD_OUTCOMES = "outcome IN ('completed', 'stopped_early', 'safety_stop')"
NEW_OUTCOMES = "outcome IN ('completed', 'partial', 'stopped_early', 'abandoned', 'safety_stop')"
HELD = (
    "(held_seconds IS NULL AND steps_completed IS NULL AND steps_skipped IS NULL"
    " AND steps_not_reached IS NULL) OR (held_seconds >= 0 AND steps_completed >= 0"
    " AND steps_skipped >= 0 AND steps_not_reached >= 0)"
)


def upgrade():
    with op.batch_alter_table("practice_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("held_seconds", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("steps_completed", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("steps_skipped", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("steps_not_reached", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("manual", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_constraint(op.f("ck_practice_session_outcome"), type_="check")
        batch_op.create_check_constraint("outcome", NEW_OUTCOMES)
        batch_op.create_check_constraint("held", HELD)
    op.create_table(
        "pain_check",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("utc_offset_minutes", sa.Integer(), nullable=False),
        sa.Column("pain", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("pain BETWEEN 0 AND 10", name=op.f("ck_pain_check_pain")),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_pain_check_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pain_check")),
    )
    with op.batch_alter_table("pain_check", schema=None) as batch_op:
        batch_op.create_index("ix_pain_check_user_taken", ["user_id", "taken_at"], unique=False)


def downgrade():
    with op.batch_alter_table("pain_check", schema=None) as batch_op:
        batch_op.drop_index("ix_pain_check_user_taken")
    op.drop_table("pain_check")
    practice_session = sa.table("practice_session", sa.column("outcome", sa.String))
    # The old schema knows three outcomes: the new ones read as the nearest old one.
    op.execute(
        practice_session.update()
        .where(practice_session.c.outcome.in_(["partial", "abandoned"]))
        .values(outcome="stopped_early")
    )
    with op.batch_alter_table("practice_session", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_practice_session_held"), type_="check")
        batch_op.drop_constraint(op.f("ck_practice_session_outcome"), type_="check")
        batch_op.create_check_constraint("outcome", OLD_OUTCOMES)
        batch_op.drop_column("updated_at")
        batch_op.drop_column("manual")
        batch_op.drop_column("steps_not_reached")
        batch_op.drop_column("steps_skipped")
        batch_op.drop_column("steps_completed")
        batch_op.drop_column("held_seconds")
