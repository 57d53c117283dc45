"""favourites and own routines: the routines a person starred or made

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-01 12:25:00

"""

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "favourite",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("routine_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["routine_id"],
            ["routine.id"],
            name=op.f("fk_favourite_routine_id_routine"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_favourite_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "routine_id", name=op.f("pk_favourite")),
    )
    with op.batch_alter_table("routine", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_routine_owner_id"), ["owner_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_routine_owner_id_user"), "user", ["owner_id"], ["id"], ondelete="CASCADE"
        )
    op.create_table(
        "comparison",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("routine_a_id", sa.Integer(), nullable=False),
        sa.Column("routine_b_id", sa.Integer(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("utc_offset_minutes", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stopped_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("routine_a_id <> routine_b_id", name=op.f("ck_comparison_two_routines")),
        sa.ForeignKeyConstraint(
            ["routine_a_id"], ["routine.id"], name=op.f("fk_comparison_routine_a_id_routine")
        ),
        sa.ForeignKeyConstraint(
            ["routine_b_id"], ["routine.id"], name=op.f("fk_comparison_routine_b_id_routine")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_comparison_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comparison")),
    )
    with op.batch_alter_table("comparison", schema=None) as batch_op:
        batch_op.create_index("ix_comparison_user_started", ["user_id", "started_at"], unique=False)


def downgrade():
    op.drop_table("comparison")
    with op.batch_alter_table("routine", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_routine_owner_id_user"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_routine_owner_id"))
        batch_op.drop_column("retired_at")
        batch_op.drop_column("owner_id")
    op.drop_table("favourite")
