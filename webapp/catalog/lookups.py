"""Finding one catalog record for a view, or answering 404 with a sentence a person can use."""

import sqlalchemy as sa
from flask import abort

from webapp.extensions import db
from webapp.models import Point, Routine
from webapp.services.text import storable


def point_or_404(code: str) -> Point:
    # Text no row can hold (a NUL: PostgreSQL refuses it in a query) names no row.
    if not storable(code):
        abort(404, description="There is no point with that code in the catalog.")
    return db.first_or_404(
        sa.select(Point).where(Point.code == code.upper()),
        description=f"There is no point with the code “{code[:40]}” in the catalog.",
    )


def routine_or_404(slug: str) -> Routine:
    if not storable(slug):
        abort(404, description="There is no routine with that name.")
    return db.first_or_404(
        sa.select(Routine).where(Routine.slug == slug),
        description=f"There is no routine called “{slug[:80]}”.",
    )
