"""Finding one catalog record for a view, or answering 404 with a sentence a person can use."""

import sqlalchemy as sa
from flask import abort
from flask_login import current_user

from webapp.extensions import db
from webapp.i18n import gettext as _
from webapp.models import Point, Routine
from webapp.services import own_routines
from webapp.services.text import storable


def point_or_404(code: str) -> Point:
    # Text no row can hold (a NUL: PostgreSQL refuses it in a query) names no row.
    if not storable(code):
        abort(404, description=_("There is no point with that code in the catalog."))
    return db.first_or_404(
        sa.select(Point).where(Point.code == code.upper()),
        description=_("There is no point with the code “%(code)s” in the catalog.", code=code[:40]),
    )


def routine_or_404(slug: str) -> Routine:
    if not storable(slug):
        abort(404, description=_("There is no routine with that name."))
    # Another person's routine is answered exactly like one that does not exist.
    routine = own_routines.find(db.session, current_user, slug)
    if routine is None:
        abort(404, description=_("There is no routine called “%(slug)s”.", slug=slug[:80]))
    return routine
