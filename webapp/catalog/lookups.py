"""Finding one catalog record for a view, or answering 404 with a sentence a person can use."""

import sqlalchemy as sa

from webapp.extensions import db
from webapp.models import Point, Routine


def point_or_404(code: str) -> Point:
    return db.first_or_404(
        sa.select(Point).where(Point.code == code.upper()),
        description=f"There is no point with the code “{code[:40]}” in the catalog.",
    )


def routine_or_404(slug: str) -> Routine:
    return db.first_or_404(
        sa.select(Routine).where(Routine.slug == slug),
        description=f"There is no routine called “{slug[:80]}”.",
    )
