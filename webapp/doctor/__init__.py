"""For the doctor: the weekly PEG, the report's share links, the FHIR export."""

from flask import Blueprint

bp = Blueprint("doctor", __name__)

from webapp.doctor import export_routes, peg_routes, share_routes  # noqa: E402, F401
