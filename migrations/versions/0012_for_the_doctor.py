"""for the doctor: weekly PEG answers, clinician share links and their opens

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 13:52:03
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "peg_answer",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("utc_offset_minutes", sa.Integer(), nullable=False),
        sa.Column("pain", sa.Integer(), nullable=False),
        sa.Column("enjoyment", sa.Integer(), nullable=False),
        sa.Column("activity", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("activity BETWEEN 0 AND 10", name=op.f("ck_peg_answer_activity")),
        sa.CheckConstraint("enjoyment BETWEEN 0 AND 10", name=op.f("ck_peg_answer_enjoyment")),
        sa.CheckConstraint("pain BETWEEN 0 AND 10", name=op.f("ck_peg_answer_pain")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_peg_answer_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_peg_answer")),
    )
    with op.batch_alter_table("peg_answer", schema=None) as batch_op:
        batch_op.create_index(
            "ix_peg_answer_user_answered", ["user_id", "answered_at"], unique=False
        )

    op.create_table(
        "share_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("sections", sa.JSON(), nullable=False),
        sa.Column("shown_name", sa.String(length=120), nullable=False),
        sa.Column("shown_birth_date", sa.Date(), nullable=True),
        sa.Column("passcode_hash", sa.String(length=256), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_share_link_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_share_link")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_share_link_token_hash")),
    )
    with op.batch_alter_table("share_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_share_link_user_id"), ["user_id"], unique=False)

    op.create_table(
        "share_open",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["link_id"],
            ["share_link.id"],
            name=op.f("fk_share_open_link_id_share_link"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_share_open")),
    )
    with op.batch_alter_table("share_open", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_share_open_link_id"), ["link_id"], unique=False)


def downgrade():
    with op.batch_alter_table("share_open", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_share_open_link_id"))

    op.drop_table("share_open")
    with op.batch_alter_table("share_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_share_link_user_id"))

    op.drop_table("share_link")
    with op.batch_alter_table("peg_answer", schema=None) as batch_op:
        batch_op.drop_index("ix_peg_answer_user_answered")

    op.drop_table("peg_answer")
