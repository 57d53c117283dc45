"""Passkey routes: add one from the account page, sign in with one, remove one."""

import hashlib
from datetime import UTC, datetime, timedelta

from flask import abort, current_app, flash, jsonify, redirect, request, session, url_for
from flask_login import current_user, login_required

from webapp.auth import bp
from webapp.auth.forms import SignOutForm
from webapp.auth.routes import _sign_in, leave_device_account
from webapp.extensions import db
from webapp.i18n import gettext as _
from webapp.i18n import lazy_gettext as _l
from webapp.i18n import ngettext
from webapp.models import Passkey, utcnow
from webapp.services import devices, passkeys, sign_ins, throttle

CHALLENGE_KEY = "passkey_challenge"
CHALLENGE_LIFETIME = timedelta(minutes=5)
"""How long a passkey ceremony may take, from its options to its answer."""


def _rp() -> tuple[str, str]:
    return passkeys.relying_party(current_app.config, request.host_url)


def _options(options: str, challenge: str):
    """Hand out a ceremony's options, within this address's limit; the challenge is kept in
    the (signed) session with the time it was made."""
    config = current_app.config
    limit = throttle.Limit(
        f"passkey-options:{request.remote_addr or 'unknown'}", config["PASSKEY_OPTIONS_PER_ADDRESS"]
    )
    window = timedelta(seconds=config["LOGIN_WINDOW_SECONDS"])
    wait = throttle.attempt(db.session, [limit], window, utcnow())
    db.session.commit()
    if wait:
        minutes = max(1, -(-wait // 60))
        message = ngettext(
            "Too many attempts: try again in %(num)d minute.",
            "Too many attempts: try again in %(num)d minutes.",
            minutes,
        )
        return jsonify({"errors": {"passkey": message}}), 429, {"Retry-After": str(wait)}
    session[CHALLENGE_KEY] = {"challenge": challenge, "at": int(utcnow().timestamp())}
    return current_app.response_class(options, mimetype="application/json")


def _credential():
    """The posted credential and its challenge, used up: a challenge counts once, server-side.

    The session cookie that holds it could be sent again with the same signed answer, and a
    synced passkey that counts no uses would pass again; so each challenge is marked used in
    one atomic statement (the throttle table's counter) before the answer is checked."""
    credential = passkeys.parse(request.get_data())
    kept = session.pop(CHALLENGE_KEY, None)
    if credential is None or not isinstance(kept, dict):
        return None, None
    now = utcnow()
    made = datetime.fromtimestamp(int(kept.get("at", 0)), UTC)
    if now - made >= CHALLENGE_LIFETIME:
        return None, None
    key = "passkey-challenge:" + hashlib.sha256(str(kept["challenge"]).encode()).hexdigest()
    uses, _ = throttle.count(db.session, key, CHALLENGE_LIFETIME, now)
    throttle.forget_stale(db.session, "passkey-challenge:", now - CHALLENGE_LIFETIME)
    db.session.commit()
    if uses > 1:
        return None, None
    return credential, kept["challenge"]


@bp.post("/passkeys/new/options")
@login_required
def passkey_new_options():
    return _options(*passkeys.registration_options(current_user, _rp()[0]))


@bp.post("/passkeys/new")
@login_required
def passkey_new():
    credential, challenge = _credential()
    if credential is None:
        return jsonify({"errors": {"passkey": _("Start again: press Add a passkey.")}}), 400
    rp_id, origin = _rp()
    name = sign_ins.describe_device(request.user_agent.string) or "A passkey"
    try:
        passkeys.register(
            db.session, current_user, credential, challenge, rp_id, origin, name, utcnow()
        )
        db.session.commit()
    except Exception:  # the package raises several kinds for a credential it cannot accept
        db.session.rollback()
        return jsonify(
            {"errors": {"passkey": _("This passkey could not be added. Try again.")}}
        ), 400
    flash(_("Your passkey is added: you can sign in with it on this device."))
    return jsonify({"redirect": url_for("auth.account")})


@bp.post("/passkeys/sign-in/options")
def passkey_sign_in_options():
    return _options(*passkeys.authentication_options(_rp()[0]))


@bp.post("/passkeys/sign-in")
def passkey_sign_in():
    credential, challenge = _credential()
    if credential is None:
        return jsonify(
            {"errors": {"passkey": _("Start again: press Sign in with a passkey.")}}
        ), 400
    rp_id, origin = _rp()
    user = passkeys.authenticate(db.session, credential, challenge, rp_id, origin, utcnow())
    if user is None:
        db.session.rollback()
        return jsonify({"errors": {"passkey": _("That passkey is not one of this site's.")}}), 400
    previous = current_user._get_current_object() if current_user.is_authenticated else None
    moving = leave_device_account(previous, user)
    db.session.commit()
    _sign_in(user, "passkey", remember=True)
    if moving is not None:
        session[devices.MOVE_FROM_KEY] = moving
        return jsonify({"redirect": url_for("auth.move")})
    return jsonify({"redirect": url_for("history.index")})


@bp.post("/account/passkeys/<int:passkey_id>/remove")
@login_required
def passkey_remove(passkey_id: int):
    if not SignOutForm().validate_on_submit():
        abort(400, description=_l("This form expired. Nothing was changed: please send it again."))
    passkey = db.session.get(Passkey, passkey_id)
    if passkey is None or passkey.user_id != current_user.id:
        abort(404, description=_l("You have no such passkey."))
    if len(current_user.passkeys) == 1 and current_user.email is None:
        flash(_("This passkey is the only way back into your log: secure it with an email first."))
        return redirect(url_for("auth.account"))
    db.session.delete(passkey)
    db.session.commit()
    flash(_("That passkey is removed."))
    return redirect(url_for("auth.account"))
