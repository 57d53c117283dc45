from datetime import timedelta

from flask import (
    Response,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf.csrf import generate_csrf
from werkzeug.security import check_password_hash, generate_password_hash

from webapp.auth import bp
from webapp.auth.forms import (
    ChangePasswordForm,
    DeleteAccountForm,
    LoginForm,
    LogoutForm,
    SignOutForm,
    WelcomeForm,
)
from webapp.extensions import db
from webapp.forms import form_view, safe_next
from webapp.i18n import gettext as _
from webapp.i18n import lazy_gettext as _l
from webapp.models import utcnow
from webapp.security import CLEAR_DEVICE_KEY, owner_of
from webapp.services import accounts, devices, sign_ins, throttle

DEVICE_COOKIE = "backpoint_device"
"""Marks of the accounts that signed in on this browser: they skip the per-account limit."""
DEVICE_MARKS = 8
_DUMMY_HASH = generate_password_hash("not anyone's password")
"""Checked for unknown emails, so a login takes as long whether or not the account exists."""


def _known_device(email: str) -> bool:
    mark = throttle.device_mark(current_app.config["SECRET_KEY"], email)
    return mark in request.cookies.get(DEVICE_COOKIE, "").split(".")


def _remember_device(response, email: str):
    """Add this account's mark to the known-device cookie (a year; the newest few kept)."""
    mark = throttle.device_mark(current_app.config["SECRET_KEY"], email)
    marks = [m for m in request.cookies.get(DEVICE_COOKIE, "").split(".") if m and m != mark]
    response.set_cookie(
        DEVICE_COOKIE,
        ".".join([mark, *marks][:DEVICE_MARKS]),
        max_age=365 * 24 * 3600,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )
    return response


def leave_device_account(previous, user) -> int | None:
    """Signing in to `user` from this device's own (device-only) account `previous`: its login
    ends; returns its id when it has sessions to offer to move over (once), else None."""
    if previous is None or not previous.device_only or previous.id == user.id:
        return None
    sign_ins.revoke(db.session, previous, previous.sign_in.id)
    return previous.id if devices.session_count(db.session, previous.id) else None


def guarded_check(email: str, check) -> int:
    """Count this password check against every limit, *then* run check() if none is exceeded.

    Returns 0 when check() said yes, -1 when it said no, else the seconds to wait (a 429).
    The count is committed before the check, so parallel guesses cannot outrun the limit."""
    config = current_app.config
    window = timedelta(seconds=config["LOGIN_WINDOW_SECONDS"])
    limits = throttle.limits_for(config, email, request.remote_addr, _known_device(email))
    wait = throttle.attempt(db.session, limits, window, utcnow())
    db.session.commit()
    if wait:
        return wait
    if not check():
        return -1
    throttle.succeeded(db.session, limits)
    db.session.commit()
    return 0


def too_many(template: str, wait: int, **context):
    """The form again with "try again in N minutes", as a 429 with Retry-After."""
    minutes = max(1, -(-wait // 60))
    page = render_template(template, locked_minutes=minutes, **context)
    return page, 429, {"Retry-After": str(wait)}


def _new_session() -> None:
    """Start the browser session afresh: nothing of the one before (its CSRF token included)."""
    session.clear()
    g.pop("csrf_token", None)
    # Made now, so the pages that load at once (and the worker's fetches) find the session as
    # it will stay: none of them writes a cookie that could overwrite this response's.
    generate_csrf()


def _sign_in(user, method: str, remember: bool) -> None:
    """Record the login on this device, then log in with a fresh session and CSRF token."""
    duration = current_app.config["REMEMBER_COOKIE_DURATION"]
    if not isinstance(duration, timedelta):
        duration = timedelta(seconds=duration)
    sign_ins.start(
        db.session,
        user,
        method=method,
        user_agent=request.user_agent.string,
        remember_for=duration if remember else None,
        now=utcnow(),
    )
    db.session.commit()
    _new_session()
    login_user(user, remember=remember)
    g.signed_in_now = True


def _signed_out(owner: str) -> None:
    """Log out with a fresh session; the next page clears this person's copy on the device."""
    _new_session()
    logout_user()
    if owner:
        session[CLEAR_DEVICE_KEY] = owner


def _after_login(default_endpoint: str = "catalog.routines") -> str:
    target = safe_next(request.args.get("next"), url_for(default_endpoint))
    if current_user.welcomed_at is None:
        return url_for("auth.welcome", next=target)
    return target


@bp.route("/login", methods=["GET", "POST"])
@form_view
def login():
    if current_user.is_authenticated and not current_user.device_only:
        return redirect(safe_next(request.args.get("next"), url_for("catalog.routines")))
    previous = current_user._get_current_object() if current_user.is_authenticated else None
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form), 400 if form.errors else 200
    user = accounts.find_by_email(db.session, form.email.data)

    def check():
        if user is None:
            check_password_hash(_DUMMY_HASH, form.password.data)
            return False
        return user.check_password(form.password.data)

    outcome = guarded_check(form.email.data, check)
    if outcome > 0:
        return too_many("auth/login.html", outcome, form=form)
    if outcome < 0:
        form.password.errors.append(_("That email and password do not match an account."))
        return render_template("auth/login.html", form=form), 400
    moving = leave_device_account(previous, user)
    _sign_in(user, "password", remember=form.remember.data)
    if moving is not None:
        session[devices.MOVE_FROM_KEY] = moving
        return _remember_device(redirect(url_for("auth.move")), user.email)
    return _remember_device(redirect(_after_login()), user.email)


@bp.post("/logout")
@form_view
def logout():
    form = LogoutForm()
    if not form.validate_on_submit():
        return render_template("auth/logout.html", form=form), 400
    owner = owner_of(current_user)
    if current_user.is_authenticated and current_user.sign_in is not None:
        sign_ins.revoke(db.session, current_user, current_user.sign_in.id)
        db.session.commit()
    _signed_out(owner)
    flash(_("You are logged out."))
    return redirect(url_for("main.index"))


@bp.get("/logout")
def logout_page():
    """A page with the logout button, for people who arrive here by a link."""
    return render_template("auth/logout.html", form=LogoutForm())


@bp.route("/welcome", methods=["GET", "POST"])
@form_view
@login_required
def welcome():
    form = WelcomeForm()
    target = safe_next(request.args.get("next"), url_for("catalog.routines"))
    if form.validate_on_submit():
        current_user.welcomed_at = utcnow()
        db.session.commit()
        return redirect(target)
    return render_template("auth/welcome.html", form=form, next=target)


@bp.get("/account")
@login_required
def account():
    return render_template(
        "auth/account.html",
        session_count=accounts.session_count(db.session, current_user),
        sign_ins=sign_ins.listed(db.session, current_user, utcnow()),
        this_sign_in=current_user.sign_in,
        method_words=sign_ins.METHOD_WORDS,
        form=SignOutForm(),
    )


@bp.post("/account/sign-ins/<int:sign_in_id>/end")
@login_required
def end_sign_in(sign_in_id: int):
    """Sign one other device out; this device uses Log out (which also clears it)."""
    if not SignOutForm().validate_on_submit():
        abort(400, description=_l("This form expired. Nothing was changed: please send it again."))
    if sign_in_id == current_user.sign_in.id:
        flash(_("To sign this device out, use Log out."))
    elif sign_ins.revoke(db.session, current_user, sign_in_id):
        db.session.commit()
        flash(_("That device is signed out."))
    else:
        abort(404, description=_l("You have no such sign-in."))
    return redirect(url_for("auth.account"))


@bp.post("/account/sign-ins/end-others")
@login_required
def end_other_sign_ins():
    if not SignOutForm().validate_on_submit():
        abort(400, description=_l("This form expired. Nothing was changed: please send it again."))
    ended = sign_ins.revoke_others(db.session, current_user, current_user.sign_in)
    db.session.commit()
    flash(_("Every other device is signed out.") if ended else "No other device was signed in.")
    return redirect(url_for("auth.account"))


@bp.route("/account/password", methods=["GET", "POST"])
@form_view
@login_required
def change_password():
    if current_user.password_hash is None:
        return redirect(url_for("auth.secure"))
    form = ChangePasswordForm(account_email=current_user.email)
    if form.validate_on_submit():
        outcome = guarded_check(
            current_user.email, lambda: current_user.check_password(form.current.data)
        )
        if outcome > 0:
            return too_many("auth/password.html", outcome, form=form)
        if outcome < 0:
            form.current.errors.append(_("That is not your current password."))
        else:
            current_user.set_password(form.password.data)
            sign_ins.revoke_others(db.session, current_user, current_user.sign_in)
            db.session.commit()
            flash(_("Your password is changed. Other devices are signed out."))
            return redirect(url_for("auth.account"))
    return render_template("auth/password.html", form=form), 400 if form.errors else 200


@bp.route("/account/delete", methods=["GET", "POST"])
@form_view
@login_required
def delete_account():
    form = DeleteAccountForm()
    count = accounts.session_count(db.session, current_user)
    if current_user.device_only:
        # No password to confirm with: the button alone (CSRF-checked) deletes this device's log.
        form.password.validators = []
    if form.validate_on_submit():
        outcome = (
            0
            if current_user.device_only
            else guarded_check(
                current_user.email, lambda: current_user.check_password(form.password.data)
            )
        )
        if outcome > 0:
            return too_many("auth/delete.html", outcome, form=form, session_count=count)
        if outcome < 0:
            form.password.errors.append(_("That is not your password."))
        else:
            owner = owner_of(current_user)
            accounts.delete_account(db.session, current_user._get_current_object())
            db.session.commit()
            _signed_out(owner)
            flash(_("Your account and all its data are deleted."))
            return redirect(url_for("main.index"))
    return render_template(
        "auth/delete.html",
        form=form,
        session_count=count,
    ), 400 if form.errors else 200


@bp.get("/export.json")
@login_required
def export_json():
    response = jsonify(accounts.export_data(db.session, current_user))
    response.headers["Content-Disposition"] = 'attachment; filename="backpoint-sessions.json"'
    return response


@bp.get("/export.csv")
@login_required
def export_csv():
    data = accounts.export_data(db.session, current_user)
    return Response(
        accounts.sessions_csv(data["sessions"], data["pain_checks"], data["peg_answers"]),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="backpoint-sessions.csv"'},
    )
