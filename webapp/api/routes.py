import sqlalchemy as sa
from flask import abort, jsonify, request
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf

from webapp.api import bp
from webapp.catalog.lookups import point_or_404, routine_or_404
from webapp.extensions import db
from webapp.models import Routine, utcnow
from webapp.security import OWNER_HEADER, owner_of
from webapp.services import doctor_checks, pain_checks, peg, sessions
from webapp.services.search import find_points


@bp.get("/points")
def points():
    query = request.args.get("q")
    items = find_points(db.session, query)
    return jsonify([point.to_dict() for point in items])


@bp.get("/points/<code>")
def point(code: str):
    return jsonify(point_or_404(code).to_dict())


@bp.get("/routines")
def routines():
    items = db.session.scalars(sa.select(Routine).order_by(Routine.position)).all()
    return jsonify([routine.to_dict() for routine in items])


@bp.get("/routines/<slug>")
def routine(slug: str):
    return jsonify(routine_or_404(slug).to_dict())


def another_owners_entry():
    """A 403 when the outbox says this entry was saved on the device by someone else, else None.

    Every outbox endpoint asks first, so nothing is ever stored in another person's account.
    """
    claimed = request.headers.get(OWNER_HEADER)
    if claimed is not None and claimed != owner_of(current_user):
        message = "This was saved on this device by another account."
        return jsonify({"errors": {"owner": message}}), 403
    return None


def json_body():
    """The request's JSON, or None when it is not JSON (or is nested too deep to read)."""
    try:
        return request.get_json(silent=True)
    except RecursionError:
        return None


@bp.get("/csrf-token")
def csrf_token():
    """A fresh CSRF token for scripts whose page token expired (e.g. the offline outbox)."""
    response = jsonify({"csrf_token": generate_csrf()})
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/sessions")
@login_required
def create_session():
    if refused := another_owners_entry():
        return refused
    item, errors = sessions.validate(db.session, json_body(), utcnow())
    if errors:
        return jsonify({"errors": errors}), 400
    stored, status = sessions.store(db.session, current_user, item)
    if status == "conflict":
        db.session.rollback()
        return jsonify({"errors": {"id": "Another session already uses this id."}}), 409
    db.session.commit()
    return jsonify(stored.to_dict()), 201 if status == "created" else 200


@bp.get("/sessions")
@login_required
def list_sessions():
    since = None
    if "since" in request.args:
        since = sessions.parse_moment(request.args["since"])
        if since is None:
            message = "Must be a date and time with a UTC offset, e.g. 2026-05-01T00:00:00Z."
            return jsonify({"errors": {"since": message}}), 400
    return jsonify(sessions.list_json_for(db.session, current_user, since))


@bp.delete("/sessions/<session_id>")
@login_required
def delete_session(session_id: str):
    row = sessions.get_for(db.session, current_user, sessions.parse_uuid(session_id))
    if row is None:
        abort(404, description="You have no session with that id.")
    db.session.delete(row)
    db.session.commit()
    return "", 204


@bp.patch("/sessions/<session_id>")
@login_required
def edit_session(session_id: str):
    """Correct pain before/after or the note; an older correction replayed later changes nothing."""
    if refused := another_owners_entry():
        return refused
    row = sessions.get_for(db.session, current_user, sessions.parse_uuid(session_id))
    if row is None:
        abort(404, description="You have no session with that id.")
    changes, errors = sessions.validate_edit(row, json_body(), utcnow())
    if errors:
        return jsonify({"errors": errors}), 400
    sessions.apply_edit(row, changes)
    db.session.commit()
    return jsonify(row.to_dict())


@bp.post("/pain-checks")
@login_required
def create_pain_check():
    if refused := another_owners_entry():
        return refused
    item, errors = pain_checks.validate(json_body(), utcnow())
    if errors:
        return jsonify({"errors": errors}), 400
    stored, status = pain_checks.store(db.session, current_user, item)
    if status == "conflict":
        db.session.rollback()
        return jsonify({"errors": {"id": "Another pain check already uses this id."}}), 409
    db.session.commit()
    return jsonify(stored.to_dict()), 201 if status == "created" else 200


@bp.get("/pain-checks")
@login_required
def list_pain_checks():
    return jsonify([check.to_dict() for check in pain_checks.list_for(db.session, current_user)])


@bp.delete("/pain-checks/<check_id>")
@login_required
def delete_pain_check(check_id: str):
    row = pain_checks.get_for(db.session, current_user, sessions.parse_uuid(check_id))
    if row is None:
        abort(404, description="You have no pain check with that id.")
    db.session.delete(row)
    db.session.commit()
    return "", 204


@bp.post("/doctor-checks")
@login_required
def create_doctor_check():
    """Record that a doctor has checked the person's back for a long-term sign."""
    body = json_body()
    flag = body.get("flag") if isinstance(body, dict) else None
    if flag not in doctor_checks.CLEARABLE:
        message = "Must be one of: " + ", ".join(doctor_checks.CLEARABLE) + "."
        return jsonify({"errors": {"flag": message}}), 400
    now = utcnow()
    check = doctor_checks.record(db.session, current_user, flag, now)
    db.session.commit()
    until = check.recorded_at + doctor_checks.VALID_FOR
    return jsonify(
        {"flag": flag, "recorded_at": check.recorded_at.isoformat(), "until": until.isoformat()}
    ), 201


@bp.post("/peg")
@login_required
def create_peg_answer():
    """Store one week's PEG answers (sent through the outbox, so the owner rule applies)."""
    if refused := another_owners_entry():
        return refused
    item, errors = peg.validate(json_body(), utcnow())
    if errors:
        return jsonify({"errors": errors}), 400
    stored, status = peg.store(db.session, current_user, item)
    if status == "conflict":
        db.session.rollback()
        return jsonify({"errors": {"id": "Another answer already uses this id."}}), 409
    db.session.commit()
    return jsonify(stored.to_dict()), 201 if status == "created" else 200


@bp.get("/peg")
@login_required
def list_peg_answers():
    return jsonify([answer.to_dict() for answer in peg.list_for(db.session, current_user)])


@bp.patch("/peg/<answer_id>")
@login_required
def edit_peg_answer(answer_id: str):
    """Correct one week's answers; an older correction replayed later changes nothing."""
    if refused := another_owners_entry():
        return refused
    row = peg.get_for(db.session, current_user, sessions.parse_uuid(answer_id))
    if row is None:
        abort(404, description="You have no PEG answers with that id.")
    changes, errors = peg.validate_edit(json_body(), utcnow())
    if errors:
        return jsonify({"errors": errors}), 400
    peg.apply_edit(row, changes)
    db.session.commit()
    return jsonify(row.to_dict())
