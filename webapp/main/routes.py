import functools
import hashlib
import json
from pathlib import Path

import sqlalchemy as sa
from flask import current_app, jsonify, redirect, render_template, url_for
from flask_login import current_user, login_required

from webapp import bodymap
from webapp.catalog.locale_text import texts
from webapp.extensions import db
from webapp.i18n import current_language, offered_locales
from webapp.i18n import gettext as _
from webapp.main import bp
from webapp.models import Article, Point, PracticeSession, Routine, utcnow
from webapp.security import (
    NEVER_CACHED,
    OWNER_COOKIE,
    OWNER_HEADER,
    PRIVATE_CACHE_PREFIX,
    PRIVATE_PAGES,
)
from webapp.services import favourites, own_routines, peg
from webapp.services.today import today_for

THEME_COLOR = "#1f5f5b"
BACKGROUND_COLOR = "#f7f5f0"


FLARE_ROUTINE = "flare-sitting"
"""The short sitting routine offered when pain flares (seed_data/routines.toml)."""


@bp.get("/")
def index():
    """The brochure for strangers; for a signed-in person, their day (in their private cache)."""
    if current_user.is_authenticated:
        return _today()
    routines = texts().routines(own_routines.catalog_routines(db.session)[:3])
    response = current_app.make_response(render_template("main/index.html", routines=routines))
    response.vary.add("Cookie")
    return response


def _today():
    flare = db.session.scalar(sa.select(Routine.slug).where(Routine.slug == FLARE_ROUTINE))
    starred = favourites.starred_ids(db.session, current_user)
    mine = db.session.scalars(
        sa.select(Routine)
        .where(Routine.id.in_(starred), Routine.retired_at.is_(None))
        .order_by(Routine.position)
    ).all()
    body = render_template(
        "main/today.html",
        today=today_for(db.session, current_user),
        flare=flare,
        starred=texts().routines(mine),
        peg_due=peg.due_for(db.session, current_user, utcnow()),
    )
    # Like every page rendered for a person, it is no-store and carries the owner header, so the
    # service worker keeps it only in that person's private cache (security.py).
    return body


@bp.get("/about")
def about():
    articles = db.session.scalars(sa.select(Article).order_by(Article.key)).all()
    return render_template("main/about.html", articles=articles)


PRECACHED_STATIC = ("css", "js", "img", "icons", "vendor")


def precache_urls() -> list[str]:
    """The shell, the catalog data and every public page, so any routine can be read offline."""
    static = Path(current_app.static_folder)
    files = sorted(
        path.relative_to(static).as_posix()
        for folder in PRECACHED_STATIC
        for path in (static / folder).rglob("*")
        if path.is_file()
    )
    urls = [url_for("static", filename=name) for name in files]
    urls += [
        url_for("main.offline"),
        url_for("main.manifest"),
        url_for("main.index"),
        url_for("main.about"),
        url_for("catalog.routines"),
        url_for("catalog.points"),
        url_for("catalog.search"),
        url_for("catalog.which_routine"),
        url_for("catalog.body_areas"),
        *(url_for("catalog.body_area", key=area.key) for area in bodymap.AREAS),
        url_for("api.routines"),
        url_for("api.points"),
        url_for("api.search_index"),
        # The catalog data once per language, keyed by URL (see catalog/locale_text.py).
        *(
            url_for(endpoint, lang=lang)
            for lang in offered_locales()
            for endpoint in ("api.routines", "api.points", "api.search_index")
        ),
    ]
    urls += [
        url_for("catalog.routine", slug=slug)
        for slug in db.session.scalars(
            sa.select(Routine.slug).where(Routine.owner_id.is_(None)).order_by(Routine.position)
        )
    ]
    urls += [
        url_for("catalog.point", code=code)
        for code in db.session.scalars(sa.select(Point.code).order_by(Point.code))
    ]
    return urls


@functools.lru_cache(maxsize=256)
def _file_digest(path: Path, size: int, mtime_ns: int) -> bytes:
    """A file's hash; size and mtime are part of the key, so a changed file is read again."""
    return hashlib.sha256(path.read_bytes()).digest()


def file_digest(path: Path) -> bytes:
    stat = path.stat()
    return _file_digest(path, stat.st_size, stat.st_mtime_ns)


def asset_version(urls: list[str]) -> str:
    """Changes whenever a precached static file, the list, or ASSET_VERSION changes.

    Browsers ask for /sw.js on every navigation, so files are hashed once per process and
    change, not once per request.
    """
    digest = hashlib.sha256(current_app.config.get("ASSET_VERSION", "").encode())
    static = Path(current_app.static_folder)
    for url in urls:
        digest.update(url.encode())
        if url.startswith("/static/"):
            digest.update(file_digest(static / url.removeprefix("/static/")))
    digest.update(file_digest(static / "sw.js"))
    digest.update(current_language().encode())
    return digest.hexdigest()[:16]


@bp.get("/sw.js")
def service_worker():
    """The worker, from the root so its scope is the whole app, with its version and file list."""
    urls = precache_urls()
    source = (Path(current_app.static_folder) / "sw.js").read_text()
    body = (
        source.replace("'__VERSION__'", json.dumps(asset_version(urls)))
        .replace("__PRECACHE__", json.dumps(urls))
        .replace("__OWNER_COOKIE__", OWNER_COOKIE)
        .replace("__OWNER_HEADER__", OWNER_HEADER)
        .replace("'__LANG__'", json.dumps(current_language()))
        .replace("'__PRIVATE_CACHE_PREFIX__'", json.dumps(PRIVATE_CACHE_PREFIX))
        .replace("__NEVER_CACHED__", json.dumps(NEVER_CACHED))
        .replace("__PRIVATE_PAGES__", json.dumps(PRIVATE_PAGES))
    )
    response = current_app.response_class(body, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.get("/healthz")
def healthz():
    """For load balancers: 200 if the database answers SELECT 1, else 503 (the cause is logged)."""
    try:
        db.session.execute(sa.text("SELECT 1"))
        body, status = {"status": "ok"}, 200
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        current_app.logger.exception("Health check: the database did not answer")
        body, status = {"status": "unavailable"}, 503
    return jsonify(body), status, {"Cache-Control": "no-store"}


@bp.get("/offline")
def offline():
    return render_template("main/offline.html")


@bp.get("/manifest.webmanifest")
def manifest():
    """What a phone needs to install Backpoint on its home screen."""
    icon = lambda name: url_for("static", filename=f"icons/{name}")  # noqa: E731
    shot = lambda name: url_for("static", filename=f"screenshots/{name}")  # noqa: E731
    response = jsonify(
        {
            "id": "/",
            "name": _("Backpoint: acupressure for back pain"),
            "short_name": "Backpoint",
            "description": _(
                "Guided acupressure routines for back pain, a safety check before "
                "each session, and a private pain log that works offline."
            ),
            "lang": current_language(),
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
                    "label": _("A routine step by step"),
                },
                {
                    "src": shot("wide.png"),
                    "sizes": "1280x800",
                    "type": "image/png",
                    "form_factor": "wide",
                    "label": _("The routines"),
                },
            ],
            "shortcuts": [
                {
                    "name": _("Start my last routine"),
                    "short_name": _("Last routine"),
                    "url": url_for("main.last_routine"),
                    "icons": [{"src": icon("icon-192.png"), "sizes": "192x192"}],
                },
                {
                    "name": _("Pain flaring? Three calm minutes, sitting"),
                    "short_name": _("Pain flaring?"),
                    "url": url_for("practice.session", slug=FLARE_ROUTINE),
                    "icons": [{"src": icon("icon-192.png"), "sizes": "192x192"}],
                },
                {
                    "name": _("My pain history"),
                    "short_name": _("History"),
                    "url": url_for("history.index"),
                    "icons": [{"src": icon("icon-192.png"), "sizes": "192x192"}],
                },
                {
                    "name": _("Find a point"),
                    "short_name": _("Points"),
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
        .where(Routine.retired_at.is_(None))
        .order_by(PracticeSession.started_at.desc())
        .limit(1)
    )
    if slug is None:
        return redirect(url_for("catalog.routines"))
    return redirect(url_for("practice.session", slug=slug))
