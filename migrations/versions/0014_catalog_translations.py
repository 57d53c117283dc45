"""catalog translations: the points' and routines' text in other languages

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 18:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "catalog_text",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.CheckConstraint("kind IN ('point', 'routine')", name=op.f("ck_catalog_text_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_text")),
        sa.UniqueConstraint("locale", "kind", "key", name="uq_catalog_text_locale_kind_key"),
    )


def downgrade():
    op.drop_table("catalog_text")
