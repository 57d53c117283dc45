"""Security headers on every response; what a signed-in person's responses and cookies carry."""

import sqlalchemy as sa
from flask import Flask, current_app, g, request, session
from flask_login import current_user

from webapp.extensions import db
from webapp.models import utcnow
from webapp.services import sign_ins

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "media-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

PRIVATE_PATHS = (
    "/api/sessions",
    "/api/pain-checks",
    "/api/peg",
    "/export",
    "/account",
    "/history",
    "/report",
    "/shared",
)

NEVER_CACHED = (
    "/shared/",
    "/report/links",
    "/report/share",
    "/login",
    "/register",
    "/reset/",
    "/forgot",
    "/verify/",
    "/logout",
    "/account",
    "/export",
    "/welcome",
    "/healthz",
)
"""Paths the service worker never stores (sign-in pages, mailed links, exports, clinician views)."""
PRIVATE_PAGES = ("/history", "/report")
"""Pages (and their subpaths) the worker keeps only in the signed-in person's own cache."""
PRIVATE_CACHE_PREFIX = "backpoint-private-"
"""The name of a person's cache is this and their owner key (sw.js, register-sw.js, logout.js)."""

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}

OWNER_COOKIE = "bp_owner"
"""Readable by scripts and the service worker: whose copies this browser may show (never a
credential; the login cookies stay HttpOnly). It lives exactly as long as the login."""
OWNER_HEADER = "X-Backpoint-Owner"
"""Marks a response rendered for one person, so the service worker keeps it in their cache only."""
CLEAR_DEVICE_KEY = "clear_device"
ADOPT_DEVICE_KEY = "adopt_device"
"""A device log's owner key, after its sessions moved into the signed-in account (see move)."""


def owner_of(user) -> str:
    """The person's device owner key ("" for nobody)."""
    if not getattr(user, "is_authenticated", False):
        return ""
    # The id from the identity map: reading user.id after a commit would reload the row.
    identity = sa.inspect(user).identity
    return sign_ins.owner_key(current_app.secret_key, identity[0] if identity else user.id)


def loaded_user():
    """The person this request loaded (None when nothing asked who is signed in)."""
    return g.get("_login_user")


def device_owner() -> str:
    """For templates: the owner key handed to scripts as page data."""
    return owner_of(current_user)


def clear_device_owner() -> str:
    """For templates: whose device copy to clear after a logout or deletion (once).

    That page is never stored (no-store), so no cached copy can clear anyone's device later."""
    # Only when there is one: popping a missing key still marks the session as changed.
    owner = session.pop(CLEAR_DEVICE_KEY) if CLEAR_DEVICE_KEY in session else ""
    if owner:
        g.clears_device = True
    return owner


def adopt_device_owner() -> str:
    """For templates: whose sessions still waiting on this device go to the signed-in person
    (once, after that device log's stored sessions moved into their account).

    The worker may keep that page in this person's own cache; shown again offline, it would
    only hand them the same device log's entries, which are theirs already."""
    owner = session.pop(ADOPT_DEVICE_KEY) if ADOPT_DEVICE_KEY in session else ""
    if owner:
        g.clears_device = True
    return owner


def _touch_sign_in(user) -> None:
    """Note, now and then, that the sign-in is in use; after the view, so never mid-transaction."""
    seen = getattr(user, "sign_in_seen_at", None)
    # Most requests come within minutes of the last noted use: nothing to write, and no reload
    # of a sign-in the view's commit expired.
    if seen is not None and utcnow() - seen < sign_ins.LAST_SEEN_EVERY:
        return
    sign_in = user.sign_in
    if sign_in is not None and sign_in in db.session and sign_ins.touch(sign_in, utcnow()):
        db.session.commit()


def _personal(response, user) -> None:
    """A response rendered for a signed-in person is stored nowhere and says whose it is."""
    owner = owner_of(user)
    response.headers["Cache-Control"] = "no-store"
    response.headers[OWNER_HEADER] = owner
    response.vary.add("Cookie")
    if request.cookies.get(OWNER_COOKIE) != owner or g.get("signed_in_now"):
        sign_in = user.sign_in
        # The same lifetime as the login: a browser-session cookie unless remembered.
        expires = sign_in.expires_at if sign_in is not None and sign_in.remember else None
        response.set_cookie(
            OWNER_COOKIE,
            owner,
            expires=expires,
            secure=current_app.config["SESSION_COOKIE_SECURE"],
            samesite="Lax",
            path="/",
        )
    _touch_sign_in(user)


def _nobody(response, user) -> None:
    """Nobody is signed in: the owner cookie goes, so the worker shows nobody's private pages.

    The session cookie of a login that ended is left as it is (the server refuses it anyway):
    this response may answer a fetch sent before Log out, and writing a session now would
    overwrite the newer one the browser holds (its "You are logged out." and the order to
    clear the device). The next login starts a fresh session."""
    if OWNER_COOKIE in request.cookies:
        response.delete_cookie(OWNER_COOKIE, path="/")
    response.vary.add("Cookie")


def _set_headers(response):
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.path.startswith(PRIVATE_PATHS):
        response.headers["Cache-Control"] = "no-store"
    user = loaded_user()
    if user is not None and user.is_authenticated:
        _personal(response, user)
    elif user is not None:
        _nobody(response, user)
    if g.get("clears_device"):
        response.headers["Cache-Control"] = "no-store"
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def init_app(app: Flask) -> None:
    app.after_request(_set_headers)
    app.add_template_global(device_owner)
    app.add_template_global(clear_device_owner)
    app.add_template_global(adopt_device_owner)
    app.add_template_global(OWNER_COOKIE, "owner_cookie")
    app.add_template_global(OWNER_HEADER, "owner_header")
