from flask import abort, current_app, jsonify, request, url_for
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf

from webapp.api import bp
from webapp.catalog.locale_text import in_language, texts
from webapp.catalog.lookups import point_or_404, routine_or_404
from webapp.extensions import db
from webapp.i18n import gettext as _
from webapp.i18n import lazy_gettext as _l
from webapp.models import utcnow
from webapp.security import OWNER_HEADER, owner_of
from webapp.services import doctor_checks, own_routines, pain_checks, peg, session_pages, sessions
from webapp.services.search import find_points, offline_index


@bp.get("/points")
def points():
    query = request.args.get("q")
    items = texts().points(find_points(db.session, query))
    return in_language(jsonify([point.to_dict() for point in items]))


@bp.get("/points/<code>")
def point(code: str):
    return in_language(jsonify(texts().point(point_or_404(code)).to_dict()))


@bp.get("/search-index")
def search_index():
    """The catalog's search keys and synonyms, for searching offline (precached)."""
    index = offline_index(db.session, current_app.config["SEED_DIR"], texts())
    return in_language(jsonify(index))


@bp.get("/routines")
def routines():
    items = texts().routines(own_routines.visible(db.session, current_user))
    return in_language(jsonify([routine.to_dict() for routine in items]))


@bp.get("/routines/<slug>")
def routine(slug: str):
    return in_language(jsonify(texts().routine(routine_or_404(slug)).to_dict()))


@bp.post("/routines")
@login_required
def create_routine():
    """Make one of the person's own routines from the shape GET /api/routines/<slug> gives."""
    item, errors = own_routines.validate(db.session, json_body())
    if errors:
        return jsonify({"errors": errors}), 400
    routine = own_routines.create(db.session, current_user, item)
    db.session.commit()
    response = jsonify(routine.to_dict())
    response.headers["Location"] = url_for("api.routine", slug=routine.slug)
    return response, 201


def own_or_404(slug: str):
    """One of the person's own routines; a catalog routine or another person's is 404."""
    routine = own_routines.find_own(db.session, current_user, slug)
    if routine is None:
        abort(404, description=_l("You have no routine of your own with that name."))
    return routine


@bp.put("/routines/<slug>")
@login_required
def update_routine(slug: str):
    """Replace the name and steps; past sessions keep the steps they were done with."""
    routine = own_or_404(slug)
    item, errors = own_routines.validate(db.session, json_body())
    if errors:
        return jsonify({"errors": errors}), 400
    routine = own_routines.update(db.session, routine, item, utcnow())
    db.session.commit()
    return jsonify(routine.to_dict())


@bp.delete("/routines/<slug>")
@login_required
def delete_routine(slug: str):
    """Take the routine off every list; its past sessions stay in the history."""
    own_routines.delete(db.session, own_or_404(slug), utcnow())
    db.session.commit()
    return "", 204


def another_owners_entry():
    """A 403 when the outbox says this entry was saved on the device by someone else, else None.

    Every outbox endpoint asks first, so nothing is ever stored in another person's account.
    """
    claimed = request.headers.get(OWNER_HEADER)
    if claimed is not None and claimed != owner_of(current_user):
        message = _("This was saved on this device by another account.")
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
    if not errors and not own_routines.may_record(item.routine, current_user):
        errors = {"routine": _("There is no routine called “%(slug)s”.", slug=item.routine.slug)}
    if errors:
        return jsonify({"errors": errors}), 400
    stored, status = sessions.store(db.session, current_user, item)
    if status == "conflict":
        db.session.rollback()
        return jsonify({"errors": {"id": _("Another session already uses this id.")}}), 409
    # Read before the commit, which expires the row (reading it after costs a SELECT); the
    # answer is still sent only once the commit has succeeded.
    answer = stored.to_dict()
    db.session.commit()
    return jsonify(answer), 201 if status == "created" else 200


@bp.get("/sessions")
@login_required
def list_sessions():
    """A page of the person's sessions, newest first; the next page's address in `Link`.

    An unchanged page answers 304 to its ETag. The whole history is in the exports."""
    errors, since, before = {}, None, None
    if "since" in request.args:
        since = sessions.parse_moment(request.args["since"])
        if since is None:
            errors["since"] = (
                "Must be a date and time with a UTC offset, e.g. 2026-05-01T00:00:00Z."
            )
    if "before" in request.args:
        before = session_pages.decode_cursor(request.args["before"])
        if before is None:
            errors["before"] = _("Must be the cursor from a previous page's Link header.")
    limit = session_pages.parse_limit(request.args.get("limit"))
    if limit is None:
        errors["limit"] = _(
            "Must be a whole number from 1 to %(max)d.", max=session_pages.MAX_LIMIT
        )
    if errors:
        return jsonify({"errors": errors}), 400
    page = session_pages.written_page(
        db.session, current_user, limit, before, since, lambda data: jsonify(data).get_data()
    )
    if request.if_none_match.contains_weak(page.etag):
        response = current_app.response_class(status=304)
    else:
        response = current_app.response_class(page.body, mimetype="application/json")
    response.set_etag(page.etag, weak=True)
    if page.next is not None:
        args = {key: request.args[key] for key in ("since", "limit") if key in request.args}
        link = url_for("api.list_sessions", before=page.next.encode(), **args)
        response.headers["Link"] = f'<{link}>; rel="next"'
    return response


@bp.delete("/sessions/<session_id>")
@login_required
def delete_session(session_id: str):
    row = sessions.get_for(db.session, current_user, sessions.parse_uuid(session_id))
    if row is None:
        abort(404, description=_l("You have no session with that id."))
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
        abort(404, description=_l("You have no session with that id."))
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
        return jsonify({"errors": {"id": _("Another pain check already uses this id.")}}), 409
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
        abort(404, description=_l("You have no pain check with that id."))
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
        message = _("Must be one of: %(values)s.", values=", ".join(doctor_checks.CLEARABLE))
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
        return jsonify({"errors": {"id": _("Another answer already uses this id.")}}), 409
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
        abort(404, description=_l("You have no PEG answers with that id."))
    changes, errors = peg.validate_edit(json_body(), utcnow())
    if errors:
        return jsonify({"errors": errors}), 400
    peg.apply_edit(row, changes)
    db.session.commit()
    return jsonify(row.to_dict())
