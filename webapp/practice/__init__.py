from flask import Blueprint

bp = Blueprint("practice", __name__)

from webapp.practice import routes  # noqa: E402, F401
