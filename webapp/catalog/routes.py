import sqlalchemy as sa
from flask import current_app, redirect, render_template, request, url_for

from webapp.catalog import bp
from webapp.catalog.lookups import point_or_404, routine_or_404
from webapp.extensions import db
from webapp.models import GET_READY_SECONDS, Routine, RoutineStep
from webapp.services.search import find_points, search_all


@bp.get("/routines")
def routines():
    items = db.session.scalars(sa.select(Routine).order_by(Routine.position)).all()
    return render_template("catalog/routines.html", routines=items)


@bp.get("/routines/<slug>")
def routine(slug: str):
    return render_template(
        "catalog/routine.html", routine=routine_or_404(slug), get_ready_seconds=GET_READY_SECONDS
    )


@bp.get("/points")
def points():
    query = request.args.get("q")
    results = find_points(db.session, query)
    return render_template("catalog/points.html", points=results, query=query)


@bp.get("/points/<code>")
def point(code: str):
    item = point_or_404(code)
    if item.code != code:
        return redirect(url_for("catalog.point", code=item.code), code=301)
    # EXISTS, not JOIN + DISTINCT: PostgreSQL cannot compare the JSON columns DISTINCT needs.
    used_in = db.session.scalars(
        sa.select(Routine)
        .where(Routine.steps.any(RoutineStep.point_id == item.id))
        .order_by(Routine.position)
    ).all()
    return render_template("catalog/point.html", point=item, routines=used_in)


@bp.get("/search")
def search():
    """One search for routines, points and the words people use for where and how it hurts."""
    query = request.args.get("q")
    results = None
    if query is not None:
        results = search_all(db.session, query, current_app.config["SEED_DIR"])
    return render_template("catalog/search.html", query=query, results=results)
