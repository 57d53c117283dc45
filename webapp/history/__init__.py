from flask import Blueprint

bp = Blueprint("history", __name__)

from webapp.history import routes  # noqa: E402, F401
