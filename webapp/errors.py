"""Error pages: friendly HTML for people, JSON under /api/."""

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from webapp.extensions import db


def wants_json() -> bool:
    return request.path.startswith("/api/")


def _http_error(error: HTTPException):
    if wants_json():
        return jsonify({"error": error.name, "message": error.description}), error.code
    template = "errors/404.html" if error.code == 404 else "errors/error.html"
    return render_template(template, error=error), error.code


def _server_error(error: Exception):
    db.session.rollback()
    return _http_error(InternalServerError())


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(InternalServerError, _server_error)
