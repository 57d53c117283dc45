from flask import Blueprint

bp = Blueprint("reminders", __name__)

from webapp.reminders import routes  # noqa: E402, F401
