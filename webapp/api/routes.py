import sqlalchemy as sa
from flask import jsonify, request

from webapp.api import bp
from webapp.catalog.routes import point_or_404, routine_or_404
from webapp.extensions import db
from webapp.models import Routine
from webapp.services.search import find_points


@bp.get("/points")
def points():
    query = request.args.get("q")
    items = find_points(db.session, query)
    return jsonify([point.to_dict() for point in items])


@bp.get("/points/<code>")
def point(code: str):
    return jsonify(point_or_404(code).to_dict())


@bp.get("/routines")
def routines():
    items = db.session.scalars(sa.select(Routine).order_by(Routine.position)).all()
    return jsonify([routine.to_dict() for routine in items])


@bp.get("/routines/<slug>")
def routine(slug: str):
    return jsonify(routine_or_404(slug).to_dict())
