"""Registering by link: the address first, the password on the page its mailed link opens.

A new and a taken address get the same page, status and cookies after the same work: the
lookup that tells them apart runs off the request thread, in the mail it sends."""

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.auth import bp
from webapp.auth.forms import ChoosePasswordForm, RegisterForm
from webapp.auth.routes import _after_login, _remember_device, _sign_in, too_many
from webapp.extensions import db
from webapp.forms import form_view, safe_next
from webapp.i18n import gettext as _
from webapp.models import utcnow
from webapp.services import accounts, devices, email_links, mail, sign_ins, throttle

LINK_HOURS = int(email_links.LIFETIMES["register"].total_seconds() // 3600)


def _register_limits(email: str) -> list[throttle.Limit]:
    """Link requests have their own counters (they send mail, they check no password)."""
    config = current_app.config
    return [
        throttle.Limit(f"register-{throttle.email_key(email)}", config["REGISTER_LINKS_PER_EMAIL"]),
        throttle.Limit(
            f"register-addr:{request.remote_addr or 'unknown'}",
            config["REGISTER_LINKS_PER_ADDRESS"],
        ),
    ]


def ask_for_link(form: RegisterForm) -> tuple[int, str]:
    """Count the request (atomically, before anything else), then mail the address in the
    background. Returns (seconds to wait, 0 when none; the normalised address)."""
    email = accounts.normalize_email(form.email.data)
    window = timedelta(seconds=current_app.config["REGISTER_WINDOW_SECONDS"])
    wait = throttle.attempt(db.session, _register_limits(email), window, utcnow())
    db.session.commit()
    if wait:
        return wait, email
    token = email_links.registration_token(current_app.config["SECRET_KEY"], email, utcnow())
    target = safe_next(request.args.get("next"), "") or None
    links = {
        "link": url_for("auth.finish_registration", token=token, next=target, _external=True),
        "login_url": url_for("auth.login", _external=True),
        "forgot_url": url_for("auth.forgot", _external=True),
    }
    mail.later(_send_register_mail, email, links)
    return 0, email


def _send_register_mail(email: str, links: dict) -> None:
    """A new address gets the link to choose a password; a taken one, word of the attempt."""
    if accounts.find_by_email(db.session, email) is None:
        subject = _("Choose your Backpoint password")
        mail.deliver(email, subject, "register", link=links["link"], hours=LINK_HOURS)
    else:
        mail.deliver(
            email,
            _("Someone tried to create a Backpoint account"),
            "register_taken",
            login_url=links["login_url"],
            forgot_url=links["forgot_url"],
        )


@bp.route("/register", methods=["GET", "POST"])
@form_view
def register():
    if current_user.is_authenticated:
        return redirect(url_for("auth.secure" if current_user.device_only else "catalog.routines"))
    form = RegisterForm()
    if not form.validate_on_submit():
        return render_template("auth/register.html", form=form), 400 if form.errors else 200
    wait, email = ask_for_link(form)
    if wait:
        return too_many("auth/register.html", wait, form=form)
    return redirect(url_for("auth.registered", email=email))


@bp.get("/register/sent")
def registered():
    """After asking for a link: the same page whether or not the address has an account."""
    return render_template(
        "auth/register_sent.html", email=request.args.get("email", ""), hours=LINK_HOURS
    )


@bp.route("/register/finish/<token>", methods=["GET", "POST"])
@form_view
def finish_registration(token: str):
    """Choose the password: a new account, or this browser's own log (device-only, or kept by
    a passkey alone) gets the address, so every session logged here stays."""
    email = email_links.registration_email(current_app.config["SECRET_KEY"], token, utcnow())
    # An account for the address means the link was used (or the address was taken since).
    if email is None or accounts.find_by_email(db.session, email) is not None:
        return render_template("auth/link_expired.html"), 410
    here = current_user._get_current_object() if current_user.is_authenticated else None
    securing = here is not None and here.email is None
    form = ChoosePasswordForm(account_email=email)
    if securing:
        form.submit.label.text = _("Secure my log")
    if not form.validate_on_submit():
        count = devices.session_count(db.session, here.id) if securing else 0
        page = render_template(
            "auth/register_finish.html", form=form, email=email, securing=securing, count=count
        )
        return page, 400 if form.errors else 200
    if securing:
        user = here
        user.email = email
        user.set_password(form.password.data)
    else:
        user = accounts.create_user(db.session, email, form.password.data)
    # Only the mailbox's owner has the link: the address is confirmed by using it.
    user.email_verified_at = utcnow()
    try:
        db.session.commit()
    except sa.exc.IntegrityError:  # the same link sent twice at once: one of them makes it
        db.session.rollback()
        return render_template("auth/link_expired.html"), 410
    if securing:
        flash(_("Your log is secured: log in with %(email)s on any device.", email=email))
        return _remember_device(redirect(url_for("auth.account")), email)
    if here is not None and here.sign_in is not None:  # another login on this browser ends
        sign_ins.revoke(db.session, here, here.sign_in.id)
    _sign_in(user, "registration", remember=True)
    return _remember_device(redirect(_after_login()), email)
