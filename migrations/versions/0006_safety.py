"""safety: check-out screening on sessions, doctor checks of long-term signs

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 10:45:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "doctor_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("flag", sa.String(length=40), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_doctor_check_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_doctor_check")),
    )
    with op.batch_alter_table("doctor_check", schema=None) as batch_op:
        batch_op.create_index(
            "ix_doctor_check_user_flag", ["user_id", "flag", "recorded_at"], unique=False
        )
    with op.batch_alter_table("practice_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("checkout_screening", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("practice_session", schema=None) as batch_op:
        batch_op.drop_column("checkout_screening")
    with op.batch_alter_table("doctor_check", schema=None) as batch_op:
        batch_op.drop_index("ix_doctor_check_user_flag")
    op.drop_table("doctor_check")
