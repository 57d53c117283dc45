"""Browse by body area: a tap on the body outline, or the plain list beside it."""

import sqlalchemy as sa
from flask import abort, render_template, url_for

from webapp import bodymap
from webapp.catalog import bp
from webapp.catalog.locale_text import texts
from webapp.extensions import db
from webapp.i18n import gettext as _
from webapp.models import Point, Routine


def grouped(session) -> list[tuple[bodymap.Area, list[Point], list[Routine]]]:
    """Each area with its points (by code) and the catalog routines that press any of them, in
    the request's language."""
    points = session.scalars(sa.select(Point).order_by(Point.code)).all()
    routines = session.scalars(
        sa.select(Routine).where(Routine.owner_id.is_(None)).order_by(Routine.position)
    ).all()
    groups, shown = [], texts()
    for area in bodymap.AREAS:
        here = [point for point in points if point.region in area.regions]
        codes = {point.code for point in here}
        used = [r for r in routines if any(step.point.code in codes for step in r.steps)]
        groups.append((area, shown.points(here), shown.routines(used)))
    return groups


@bp.get("/body")
def body_areas():
    """The body outline to tap, and the same areas as a list."""
    hrefs = {area.key: url_for("catalog.body_area", key=area.key) for area in bodymap.AREAS}
    return render_template(
        "catalog/body.html", groups=grouped(db.session), area_map=bodymap.area_map(hrefs)
    )


@bp.get("/body/<key>")
def body_area(key: str):
    """The points and routines of one body area."""
    for area, points, routines in grouped(db.session):
        if area.key == key:
            return render_template(
                "catalog/body_area.html", area=area, points=points, routines=routines
            )
    abort(404, description=_("There is no body area with that name."))
