"""email links (reset, address check), verified addresses, device-only accounts (no email or
password yet), passkeys, the "reset", "device" and "passkey" sign-in methods

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 11:50:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

OLD_METHODS = "method IN ('password', 'registration', 'earlier')"
NEW_METHODS = (
    "method IN ('password', 'registration', 'earlier', 'reset', 'device', 'passkey')"
)


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
    op.create_table(
        "passkey",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("credential_id", sa.LargeBinary(length=1023), nullable=False),
        sa.Column("public_key", sa.LargeBinary(), nullable=False),
        sa.Column("sign_count", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_passkey_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_passkey")),
        sa.UniqueConstraint("credential_id", name=op.f("uq_passkey_credential_id")),
    )
    with op.batch_alter_table("passkey", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_passkey_user_id"), ["user_id"], unique=False)
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email_verified_at", sa.DateTime(timezone=True)))
        batch_op.add_column(sa.Column("device_notice_at", sa.DateTime(timezone=True)))
        batch_op.alter_column("email", existing_type=sa.String(length=254), nullable=True)
        batch_op.alter_column("password_hash", existing_type=sa.String(length=256), nullable=True)
    with op.batch_alter_table("sign_in", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_sign_in_method"), type_="check")
        batch_op.create_check_constraint(op.f("ck_sign_in_method"), NEW_METHODS)


def downgrade():
    # Device-only accounts cannot be kept without an email and password: they go, with their log.
    op.execute("DELETE FROM sign_in WHERE method IN ('reset', 'device', 'passkey')")
    op.execute('DELETE FROM practice_session WHERE user_id IN (SELECT id FROM "user" WHERE email IS NULL)')
    op.execute('DELETE FROM "user" WHERE email IS NULL')
    with op.batch_alter_table("sign_in", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_sign_in_method"), type_="check")
        batch_op.create_check_constraint(op.f("ck_sign_in_method"), OLD_METHODS)
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.alter_column("password_hash", existing_type=sa.String(length=256), nullable=False)
        batch_op.alter_column("email", existing_type=sa.String(length=254), nullable=False)
        batch_op.drop_column("device_notice_at")
        batch_op.drop_column("email_verified_at")
    with op.batch_alter_table("passkey", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_passkey_user_id"))
    op.drop_table("passkey")
    with op.batch_alter_table("email_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_email_token_user_id"))
    op.drop_table("email_token")
