import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from webapp.catalog import bp
from webapp.catalog.locale_text import texts
from webapp.catalog.lookups import point_or_404, routine_or_404
from webapp.extensions import db
from webapp.forms import safe_next
from webapp.i18n import gettext as _
from webapp.models import GET_READY_SECONDS, Routine, RoutineStep
from webapp.services import favourites, own_routines
from webapp.services.search import HOW, WHERE, find_points, search_all, suggest


@bp.get("/routines")
def routines():
    items = own_routines.visible(db.session, current_user)
    starred = favourites.starred_ids(db.session, current_user)
    shown = texts().routines(favourites.starred_first(items, starred))
    return render_template("catalog/routines.html", routines=shown, starred=starred)


@bp.post("/routines/<slug>/star")
@login_required
def star(slug: str):
    """Star (starred=1) or unstar (starred=0) a routine for the signed-in person."""
    routine = routine_or_404(slug)
    choice = request.form.get("starred")
    if choice not in ("0", "1"):
        abort(400, description=_("Say whether to star the routine (starred=1) or not (starred=0)."))
    favourites.set_starred(db.session, current_user, routine, choice == "1")
    flash(
        _("Starred %(routine)s.", routine=routine.title)
        if choice == "1"
        else _("Removed the star from %(routine)s.", routine=routine.title)
    )
    default = url_for("catalog.routine", slug=routine.slug)
    return redirect(safe_next(request.form.get("next"), default), code=303)


@bp.get("/routines/<slug>")
def routine(slug: str):
    item = routine_or_404(slug)
    starred = item.id in favourites.starred_ids(db.session, current_user)
    return render_template(
        "catalog/routine.html",
        routine=texts().routine(item),
        get_ready_seconds=GET_READY_SECONDS,
        starred=starred,
    )


@bp.get("/points")
def points():
    query = request.args.get("q")
    results = texts().points(find_points(db.session, query))
    return render_template("catalog/points.html", points=results, query=query)


@bp.get("/points/<code>")
def point(code: str):
    item = point_or_404(code)
    if item.code != code:
        return redirect(url_for("catalog.point", code=item.code), code=301)
    # EXISTS, not JOIN + DISTINCT: PostgreSQL cannot compare the JSON columns DISTINCT needs.
    used_in = db.session.scalars(
        sa.select(Routine)
        .where(Routine.owner_id.is_(None), Routine.steps.any(RoutineStep.point_id == item.id))
        .order_by(Routine.position)
    ).all()
    shown = texts()
    return render_template(
        "catalog/point.html", point=shown.point(item), routines=shown.routines(used_in)
    )


@bp.get("/search")
def search():
    """One search for routines, points and the words people use for where and how it hurts."""
    query = request.args.get("q")
    results = None
    if query is not None:
        results = search_all(db.session, query, current_app.config["SEED_DIR"], texts())
    return render_template("catalog/search.html", query=query, results=results)


@bp.get("/which-routine")
def which_routine():
    """Where and how it hurts -> the routines that fit, best first, each saying why."""
    where = request.args.getlist("where")
    how = request.args.getlist("how")
    asked = bool(where or how)
    seed_dir = current_app.config["SEED_DIR"]
    result = suggest(db.session, where, how, seed_dir, texts()) if asked else None
    return render_template(
        "catalog/which_routine.html",
        where_options=WHERE,
        how_options=HOW,
        where=where,
        how=how,
        result=result,
    )
