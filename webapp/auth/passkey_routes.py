"""Passkey routes: add one from the account page, sign in with one, remove one."""

from flask import abort, current_app, flash, jsonify, redirect, request, session, url_for
from flask_login import current_user, login_required

from webapp.auth import bp
from webapp.auth.forms import SignOutForm
from webapp.auth.routes import _sign_in, leave_device_account
from webapp.extensions import db
from webapp.models import Passkey, utcnow
from webapp.services import devices, passkeys, sign_ins

CHALLENGE_KEY = "passkey_challenge"


def _rp() -> tuple[str, str]:
    return passkeys.relying_party(current_app.config, request.host_url)


def _credential():
    credential = passkeys.parse(request.get_data())
    challenge = session.pop(CHALLENGE_KEY, None)
    if credential is None or challenge is None:
        return None, None
    return credential, challenge


@bp.post("/passkeys/new/options")
@login_required
def passkey_new_options():
    options, challenge = passkeys.registration_options(current_user, _rp()[0])
    session[CHALLENGE_KEY] = challenge
    return current_app.response_class(options, mimetype="application/json")


@bp.post("/passkeys/new")
@login_required
def passkey_new():
    credential, challenge = _credential()
    if credential is None:
        return jsonify({"errors": {"passkey": "Start again: press Add a passkey."}}), 400
    rp_id, origin = _rp()
    name = sign_ins.describe_device(request.user_agent.string) or "A passkey"
    try:
        passkeys.register(
            db.session, current_user, credential, challenge, rp_id, origin, name, utcnow()
        )
        db.session.commit()
    except Exception:  # the package raises several kinds for a credential it cannot accept
        db.session.rollback()
        return jsonify({"errors": {"passkey": "This passkey could not be added. Try again."}}), 400
    flash("Your passkey is added: you can sign in with it on this device.")
    return jsonify({"redirect": url_for("auth.account")})


@bp.post("/passkeys/sign-in/options")
def passkey_sign_in_options():
    options, challenge = passkeys.authentication_options(_rp()[0])
    session[CHALLENGE_KEY] = challenge
    return current_app.response_class(options, mimetype="application/json")


@bp.post("/passkeys/sign-in")
def passkey_sign_in():
    credential, challenge = _credential()
    if credential is None:
        return jsonify({"errors": {"passkey": "Start again: press Sign in with a passkey."}}), 400
    rp_id, origin = _rp()
    user = passkeys.authenticate(db.session, credential, challenge, rp_id, origin, utcnow())
    if user is None:
        db.session.rollback()
        return jsonify({"errors": {"passkey": "That passkey is not one of this site's."}}), 400
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
        abort(400, description="This form expired. Nothing was changed: please send it again.")
    passkey = db.session.get(Passkey, passkey_id)
    if passkey is None or passkey.user_id != current_user.id:
        abort(404, description="You have no such passkey.")
    if len(current_user.passkeys) == 1 and current_user.email is None:
        flash("This passkey is the only way back into your log: secure it with an email first.")
        return redirect(url_for("auth.account"))
    db.session.delete(passkey)
    db.session.commit()
    flash("That passkey is removed.")
    return redirect(url_for("auth.account"))
