import sqlalchemy as sa
from flask import current_app, jsonify, redirect, render_template, send_from_directory, url_for
from flask_login import current_user, login_required

from webapp.extensions import db
from webapp.main import bp
from webapp.models import Article, PracticeSession, Routine

THEME_COLOR = "#1f5f5b"
BACKGROUND_COLOR = "#f7f5f0"


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


@bp.get("/manifest.webmanifest")
def manifest():
    """What a phone needs to install Backpoint on its home screen."""
    icon = lambda name: url_for("static", filename=f"icons/{name}")  # noqa: E731
    shot = lambda name: url_for("static", filename=f"screenshots/{name}")  # noqa: E731
    response = jsonify(
        {
            "id": "/",
            "name": "Backpoint: acupressure for back pain",
            "short_name": "Backpoint",
            "description": "Guided acupressure routines for back pain, a safety check before "
            "each session, and a private pain log that works offline.",
            "lang": "en",
            "start_url": "/",
            "scope": "/",
            "display": "standalone",
            "orientation": "portrait",
            "theme_color": THEME_COLOR,
            "background_color": BACKGROUND_COLOR,
            "categories": ["health", "medical", "lifestyle"],
            "icons": [
                {
                    "src": icon("icon-192.png"),
                    "sizes": "192x192",
                    "type": "image/png",
                    "purpose": "any",
                },
                {
                    "src": icon("icon-512.png"),
                    "sizes": "512x512",
                    "type": "image/png",
                    "purpose": "any",
                },
                {
                    "src": icon("icon-maskable-512.png"),
                    "sizes": "512x512",
                    "type": "image/png",
                    "purpose": "maskable",
                },
            ],
            "screenshots": [
                {
                    "src": shot("narrow.png"),
                    "sizes": "360x780",
                    "type": "image/png",
                    "form_factor": "narrow",
                    "label": "A routine step by step",
                },
                {
                    "src": shot("wide.png"),
                    "sizes": "1280x800",
                    "type": "image/png",
                    "form_factor": "wide",
                    "label": "The routines",
                },
            ],
            "shortcuts": [
                {
                    "name": "Start my last routine",
                    "short_name": "Last routine",
                    "url": url_for("main.last_routine"),
                    "icons": [{"src": icon("icon-192.png"), "sizes": "192x192"}],
                },
                {
                    "name": "Find a point",
                    "short_name": "Points",
                    "url": url_for("catalog.points"),
                    "icons": [{"src": icon("icon-192.png"), "sizes": "192x192"}],
                },
            ],
        }
    )
    response.mimetype = "application/manifest+json"
    return response


@bp.get("/last-routine")
@login_required
def last_routine():
    """The check-in of the routine the person last practised (not a safety stop), or the list."""
    slug = db.session.scalar(
        sa.select(Routine.slug)
        .join(PracticeSession, PracticeSession.routine_id == Routine.id)
        .where(PracticeSession.user_id == current_user.id, PracticeSession.outcome != "safety_stop")
        .order_by(PracticeSession.started_at.desc())
        .limit(1)
    )
    if slug is None:
        return redirect(url_for("catalog.routines"))
    return redirect(url_for("practice.session", slug=slug))
