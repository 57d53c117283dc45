from flask import Blueprint

bp = Blueprint("catalog", __name__)

from webapp.catalog import areas, builder, compare, routes  # noqa: E402, F401
