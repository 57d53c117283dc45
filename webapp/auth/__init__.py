from flask import Blueprint

bp = Blueprint("auth", __name__)

from webapp.auth import device, passkey_routes, recovery, registration, routes  # noqa: E402, F401
