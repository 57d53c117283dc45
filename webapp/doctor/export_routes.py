"""The FHIR R4 export, beside the JSON and CSV ones."""

import json

from flask import Response
from flask_login import current_user, login_required

from webapp.doctor import bp
from webapp.extensions import db
from webapp.security import owner_of
from webapp.services import fhir_export


@bp.get("/export.fhir.json")
@login_required
def export_fhir():
    """The person's data as one FHIR Bundle, to hand to a clinic's system."""
    data = fhir_export.bundle(db.session, current_user, owner_of(current_user))
    return Response(
        json.dumps(data, ensure_ascii=False, indent=1),
        mimetype="application/fhir+json",
        headers={"Content-Disposition": 'attachment; filename="backpoint-fhir.json"'},
    )
