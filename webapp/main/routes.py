import sqlalchemy as sa
from flask import current_app, render_template, send_from_directory

from webapp.extensions import db
from webapp.main import bp
from webapp.models import Article, Routine


@bp.get("/")
def index():
    routines = db.session.scalars(sa.select(Routine).order_by(Routine.position).limit(3)).all()
    return render_template("main/index.html", routines=routines)


@bp.get("/about")
def about():
    articles = db.session.scalars(sa.select(Article).order_by(Article.key)).all()
    return render_template("main/about.html", articles=articles)


@bp.get("/sw.js")
def service_worker():
    """Serve the worker from the root so its scope is the whole app."""
    response = send_from_directory(current_app.static_folder, "sw.js", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response
