"""Error pages: friendly HTML for people, JSON under /api/."""

from flask import Flask, current_app, jsonify, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from webapp.extensions import db, login_manager
from webapp.i18n import gettext as _
from webapp.i18n import lazy_gettext as _l

CSRF_MESSAGE = _l(
    "This form expired or was sent without its security token. "
    "Nothing was changed: please send it again."
)


def wants_json() -> bool:
    return request.path == "/api" or request.path.startswith("/api/")


def _http_error(error: HTTPException):
    # Keep headers such as Allow (405) and Retry-After; the body's type is ours to set.
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    if wants_json():
        body = jsonify({"error": error.name, "message": error.description})
        return body, error.code, headers
    template = "errors/404.html" if error.code == 404 else "errors/error.html"
    return render_template(template, error=error), error.code, headers


def _server_error(error: Exception):
    db.session.rollback()
    return _http_error(InternalServerError())


def _csrf_error(error: CSRFError):
    """JSON says which token to fetch; a form view re-renders itself with the person's entries."""
    if wants_json():
        message = _("The security token is missing or expired: get one from /api/csrf-token.")
        return jsonify({"errors": {"csrf": message}}), 400
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "rerenders_on_csrf_error", False):
        response = current_app.make_response(view(**(request.view_args or {})))
        if response.status_code // 100 != 3:
            response.status_code = 400
        return response
    error.description = CSRF_MESSAGE
    return render_template("errors/error.html", error=error), 400


@login_manager.unauthorized_handler
def _unauthorized():
    if wants_json():
        return jsonify({"error": "Unauthorized", "message": "Log in first."}), 401
    if request.blueprint == "practice":
        # Starting a routine needs no sign-up: one tap makes a private, device-only account.
        return redirect(url_for("auth.start", next=request.full_path.rstrip("?")))
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(InternalServerError, _server_error)
