"""email links (password reset, address check), verified addresses, the "reset" sign-in method

Revision ID: 0009
Revises: 0005
Create Date: 2026-12-01 11:50:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0005"
branch_labels = None
depends_on = None

OLD_METHODS = "method IN ('password', 'registration', 'earlier')"
NEW_METHODS = "method IN ('password', 'registration', 'earlier', 'reset')"


def upgrade():
    op.create_table(
        "email_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=10), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("purpose IN ('reset', 'verify')", name=op.f("ck_email_token_purpose")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_email_token_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_email_token_token_hash")),
    )
    with op.batch_alter_table("email_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_email_token_user_id"), ["user_id"], unique=False)
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email_verified_at", sa.DateTime(timezone=True)))
    with op.batch_alter_table("sign_in", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_sign_in_method"), type_="check")
        batch_op.create_check_constraint(op.f("ck_sign_in_method"), NEW_METHODS)


def downgrade():
    op.execute("DELETE FROM sign_in WHERE method = 'reset'")
    with op.batch_alter_table("sign_in", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_sign_in_method"), type_="check")
        batch_op.create_check_constraint(op.f("ck_sign_in_method"), OLD_METHODS)
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("email_verified_at")
    with op.batch_alter_table("email_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_email_token_user_id"))
    op.drop_table("email_token")
