"""Getting back in by email: "forgot your password", the reset link, the address check."""

from datetime import timedelta

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.auth import bp
from webapp.auth.forms import ForgotForm, ResetForm
from webapp.auth.routes import _remember_device, _sign_in, too_many
from webapp.extensions import db
from webapp.forms import form_view
from webapp.i18n import gettext as _
from webapp.models import utcnow
from webapp.services import accounts, email_links, mail, sign_ins, throttle


def _reset_limits(email: str) -> list[throttle.Limit]:
    """Reset requests have their own counters (they send mail; they never check a password)."""
    limits = throttle.limits_for(current_app.config, email, request.remote_addr, True)
    return [throttle.Limit(f"reset-{limit.key}", limit.most) for limit in limits]


@bp.route("/forgot", methods=["GET", "POST"])
@form_view
def forgot():
    form = ForgotForm()
    if not form.validate_on_submit():
        return render_template("auth/forgot.html", form=form), 400 if form.errors else 200
    email = accounts.normalize_email(form.email.data)
    window = timedelta(seconds=current_app.config["LOGIN_WINDOW_SECONDS"])
    wait = throttle.attempt(db.session, _reset_limits(email), window, utcnow())
    db.session.commit()
    if wait:
        return too_many("auth/forgot.html", wait, form=form)
    link_root = url_for("auth.reset", token="-", _external=True)[:-1]  # noqa: S106
    mail.later(_send_reset_link, email, link_root)
    # The same page either way: it never tells whether the address has an account.
    return redirect(url_for("auth.forgot_sent", email=email))


def _send_reset_link(email: str, link_root: str) -> None:
    """Mail a reset link if the address has an account (in the background: see mail.later)."""
    user = accounts.find_by_email(db.session, email)
    if user is None:
        return
    token = email_links.issue(db.session, user, "reset", utcnow())
    db.session.commit()
    mail.deliver(
        user.email,
        _("Set a new Backpoint password"),
        "reset",
        link=link_root + token,
        minutes=int(email_links.LIFETIMES["reset"].total_seconds() // 60),
    )


@bp.get("/forgot/sent")
def forgot_sent():
    minutes = int(email_links.LIFETIMES["reset"].total_seconds() // 60)
    return render_template(
        "auth/forgot_sent.html", email=request.args.get("email", ""), minutes=minutes
    )


@bp.route("/reset/<token>", methods=["GET", "POST"])
@form_view
def reset(token: str):
    user = email_links.peek(db.session, token, "reset", utcnow())
    if user is None:
        return render_template("auth/link_expired.html"), 410
    form = ResetForm(account_email=user.email)
    if not form.validate_on_submit():
        status = 400 if form.errors else 200
        return render_template("auth/reset.html", form=form, email=user.email), status
    if email_links.redeem(db.session, token, "reset", utcnow()) is None:
        return render_template("auth/link_expired.html"), 410
    user.set_password(form.password.data)
    # The link proves the mailbox is theirs, so the address counts as checked too.
    user.email_verified_at = user.email_verified_at or utcnow()
    sign_ins.revoke_others(db.session, user, None)
    throttle.clear(db.session, [throttle.email_key(user.email)])
    db.session.commit()
    _sign_in(user, "reset", remember=True)
    flash(_("Your new password is set. Every other device is signed out."))
    return _remember_device(redirect(url_for("auth.account")), user.email)


@bp.get("/verify/<token>")
def verify(token: str):
    """Mark the address checked; the link is single-use and expires (see email_links)."""
    user = email_links.redeem(db.session, token, "verify", utcnow())
    if user is None:
        return render_template("auth/link_expired.html"), 410
    user.email_verified_at = utcnow()
    db.session.commit()
    if current_user.is_authenticated and current_user.id == user.id:
        flash(_("Thank you: your address is confirmed."))
        return redirect(url_for("auth.account"))
    return render_template("auth/verified.html")
