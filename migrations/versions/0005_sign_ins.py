"""sign-ins: one record per login on one device; the user's shared session token goes

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 10:50:00

Everyone signed in keeps their login: each user's session_token (what their cookies carry
today) becomes one sign-in, stored as its SHA-256 like every new one, method "earlier". It
stands for every device that person was signed in on, so signing it out ends all of them.
Downgrading cannot give the tokens back (only hashes are kept): it signs everyone out.
"""
import hashlib
import secrets
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# The remember-me cookie's lifetime (REMEMBER_COOKIE_DURATION): today's logins last that long.
CARRIED_OVER_FOR = timedelta(days=365)


def upgrade():
    sign_in = op.create_table(
        "sign_in",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("device", sa.String(length=120), nullable=False),
        sa.Column("remember", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "method IN ('password', 'registration', 'earlier')", name=op.f("ck_sign_in_method")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_sign_in_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_sign_in_token_hash")),
    )
    with op.batch_alter_table("sign_in", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sign_in_user_id"), ["user_id"], unique=False)

    user = sa.table("user", sa.column("id", sa.Integer), sa.column("session_token", sa.String))
    connection = op.get_bind()
    now = datetime.now(UTC)
    # SQLite keeps no offset: the app stores naive UTC there (see UTCDateTime).
    stamp = now.replace(tzinfo=None) if connection.dialect.name == "sqlite" else now
    rows = [
        {
            "user_id": user_id,
            "token_hash": hashlib.sha256(token.encode()).hexdigest(),
            "method": "earlier",
            "device": "",
            "remember": True,
            "created_at": stamp,
            "last_seen_at": stamp,
            "expires_at": stamp + CARRIED_OVER_FOR,
        }
        for user_id, token in connection.execute(sa.select(user.c.id, user.c.session_token))
    ]
    if rows:
        op.bulk_insert(sign_in, rows)

    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("uq_user_session_token"), type_="unique")
        batch_op.drop_column("session_token")


def downgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_token", sa.String(length=64), nullable=True))
    user = sa.table("user", sa.column("id", sa.Integer), sa.column("session_token", sa.String))
    connection = op.get_bind()
    for (user_id,) in connection.execute(sa.select(user.c.id)).all():
        connection.execute(
            user.update().where(user.c.id == user_id).values(session_token=secrets.token_hex(32))
        )
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.alter_column("session_token", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(op.f("uq_user_session_token"), ["session_token"])

    with op.batch_alter_table("sign_in", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sign_in_user_id"))
    op.drop_table("sign_in")
