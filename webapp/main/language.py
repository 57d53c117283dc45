"""The language switch on every page: remembered in the account, else in a cookie."""

from flask import current_app, redirect, request, url_for
from flask_login import current_user

from webapp.extensions import db
from webapp.forms import safe_next
from webapp.i18n import LANG_COOKIE, LANG_COOKIE_DAYS, offered_locales
from webapp.main import bp


@bp.post("/language")
def set_language():
    """Keep the chosen language (an unknown one changes nothing) and go back to the page."""
    target = safe_next(request.form.get("next"), url_for("main.index"))
    code = request.form.get("language", "")
    response = redirect(target, code=303)
    if code not in offered_locales():
        return response
    if current_user.is_authenticated:
        current_user.language = code
        db.session.commit()
    response.set_cookie(
        LANG_COOKIE,
        code,
        max_age=LANG_COOKIE_DAYS * 24 * 60 * 60,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        samesite="Lax",
        path="/",
    )
    return response
