from datetime import timedelta

from flask import (
    Response,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from webapp.auth import bp
from webapp.auth.forms import (
    ChangePasswordForm,
    DeleteAccountForm,
    LoginForm,
    LogoutForm,
    RegisterForm,
    WelcomeForm,
)
from webapp.extensions import db
from webapp.forms import form_view, safe_next
from webapp.models import utcnow
from webapp.services import accounts, throttle


def _rules(kind: str) -> throttle.ThrottleRules:
    config = current_app.config
    return throttle.ThrottleRules(
        max_failures=config[f"LOGIN_MAX_FAILURES_PER_{kind}"],
        window=timedelta(seconds=config["LOGIN_WINDOW_SECONDS"]),
        lockout=timedelta(seconds=config["LOGIN_LOCKOUT_SECONDS"]),
    )


def _after_login(default_endpoint: str = "catalog.routines") -> str:
    target = safe_next(request.args.get("next"), url_for(default_endpoint))
    if current_user.welcomed_at is None:
        return url_for("auth.welcome", next=target)
    return target


@bp.route("/register", methods=["GET", "POST"])
@form_view
def register():
    if current_user.is_authenticated:
        return redirect(url_for("catalog.routines"))
    form = RegisterForm()
    if form.validate_on_submit():
        user = accounts.create_user(db.session, form.email.data, form.password.data)
        db.session.commit()
        login_user(user, remember=True)
        return redirect(_after_login())
    return render_template("auth/register.html", form=form), 400 if form.errors else 200


@bp.route("/login", methods=["GET", "POST"])
@form_view
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next"), url_for("catalog.routines")))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form), 400 if form.errors else 200
    now = utcnow()
    email_key, address_key = keys = throttle.throttle_keys(form.email.data, request.remote_addr)
    wait = throttle.locked_for(db.session, keys, now)
    if wait:
        minutes = max(1, -(-wait // 60))
        response = render_template("auth/login.html", form=form, locked_minutes=minutes)
        return response, 429, {"Retry-After": str(wait)}
    user = accounts.find_by_email(db.session, form.email.data)
    if user is None or not user.check_password(form.password.data):
        throttle.record_failure(db.session, email_key, _rules("ACCOUNT"), now)
        throttle.record_failure(db.session, address_key, _rules("ADDRESS"), now)
        db.session.commit()
        form.password.errors.append("That email and password do not match an account.")
        return render_template("auth/login.html", form=form), 400
    throttle.clear(db.session, [email_key])
    db.session.commit()
    login_user(user, remember=form.remember.data)
    return redirect(_after_login())


@bp.post("/logout")
@form_view
def logout():
    form = LogoutForm()
    if not form.validate_on_submit():
        return render_template("auth/logout.html", form=form), 400
    logout_user()
    flash("You are logged out.")
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
    )


@bp.route("/account/password", methods=["GET", "POST"])
@form_view
@login_required
def change_password():
    form = ChangePasswordForm(account_email=current_user.email)
    if form.validate_on_submit():
        if not current_user.check_password(form.current.data):
            form.current.errors.append("That is not your current password.")
        else:
            current_user.set_password(form.password.data)
            db.session.commit()
            login_user(current_user._get_current_object(), remember=True)
            flash("Your password is changed. Other devices are signed out.")
            return redirect(url_for("auth.account"))
    return render_template("auth/password.html", form=form), 400 if form.errors else 200


@bp.route("/account/delete", methods=["GET", "POST"])
@form_view
@login_required
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.password.data):
            form.password.errors.append("That is not your password.")
        else:
            accounts.delete_account(db.session, current_user._get_current_object())
            db.session.commit()
            logout_user()
            flash("Your account and all its data are deleted.")
            return redirect(url_for("main.index"))
    return render_template(
        "auth/delete.html",
        form=form,
        session_count=accounts.session_count(db.session, current_user),
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
        accounts.sessions_csv(data["sessions"], data["pain_checks"]),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="backpoint-sessions.csv"'},
    )
