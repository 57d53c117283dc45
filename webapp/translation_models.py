"""The catalog's text in other languages than English, loaded from seed_data/<locale>/."""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db

TEXT_KINDS = ("point", "routine")


class CatalogText(db.Model):
    """One point's or routine's person-facing text in one language, keyed like the seed.

    `fields` holds only what a person reads (names, locations, cautions, step instructions);
    codes, sides, seconds and flags stay on the English row, so they cannot differ by language.
    """

    __table_args__ = (
        sa.UniqueConstraint("locale", "kind", "key", name="uq_catalog_text_locale_kind_key"),
        sa.CheckConstraint("kind IN ('point', 'routine')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    locale: Mapped[str] = mapped_column(sa.String(16))
    kind: Mapped[str] = mapped_column(sa.String(10))
    key: Mapped[str] = mapped_column(sa.String(80))
    """The point's code or the routine's slug."""
    fields: Mapped[dict] = mapped_column(sa.JSON, default=dict)
