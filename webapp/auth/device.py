"""Starting without an account: the device-only account, securing it, moving its sessions."""

from datetime import timedelta

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required

from webapp.auth import bp
from webapp.auth.forms import RegisterForm, WelcomeForm
from webapp.auth.registration import ask_for_link
from webapp.auth.routes import _sign_in, too_many
from webapp.extensions import db
from webapp.forms import form_view, safe_next
from webapp.i18n import gettext as _
from webapp.i18n import ngettext
from webapp.models import utcnow
from webapp.security import ADOPT_DEVICE_KEY
from webapp.services import devices, sign_ins, throttle

MOVE_FROM_KEY = devices.MOVE_FROM_KEY


@bp.route("/start", methods=["GET", "POST"])
@form_view
def start():
    """The welcome, then one tap: a private account kept only by this device's cookie."""
    target = safe_next(request.args.get("next"), url_for("catalog.routines"))
    if current_user.is_authenticated:
        return redirect(target)
    form = WelcomeForm()
    if form.validate_on_submit():
        window = timedelta(seconds=current_app.config["DEVICE_ACCOUNTS_WINDOW_SECONDS"])
        limit = throttle.Limit(
            f"device-new:{request.remote_addr or 'unknown'}",
            current_app.config["DEVICE_ACCOUNTS_PER_ADDRESS"],
        )
        wait = throttle.attempt(db.session, [limit], window, utcnow())
        db.session.commit()
        if wait:
            return too_many("auth/start.html", wait, form=form, next=target)
        user = devices.create(db.session, utcnow())
        db.session.commit()
        _sign_in(user, "device", remember=True)
        return redirect(target)
    return render_template("auth/start.html", form=form, next=target)


@bp.route("/account/secure", methods=["GET", "POST"])
@form_view
@login_required
def secure():
    """Ask for the link that gives this log an email and password; every session stays."""
    if current_user.email is not None:
        return redirect(url_for("auth.account"))
    form = RegisterForm()
    if not form.validate_on_submit():
        return render_template("auth/secure.html", form=form), 400 if form.errors else 200
    wait, email = ask_for_link(form)
    if wait:
        return too_many("auth/secure.html", wait, form=form)
    return redirect(url_for("auth.registered", email=email))


@bp.route("/account/move", methods=["GET", "POST"])
@form_view
@login_required
def move():
    source_id = session.get(MOVE_FROM_KEY)
    count = devices.session_count(db.session, source_id) if source_id else 0
    if not count:
        session.pop(MOVE_FROM_KEY, None)
        return redirect(url_for("history.index"))
    form = WelcomeForm()
    if form.validate_on_submit():
        session.pop(MOVE_FROM_KEY, None)
        if request.form.get("choice") == "move":
            moved = devices.move_sessions(db.session, source_id, current_user)
            db.session.commit()
            # Its sessions still waiting on this device (not sent yet) go along, on the next page.
            session[ADOPT_DEVICE_KEY] = sign_ins.owner_key(current_app.secret_key, source_id)
            flash(
                ngettext(
                    "%(num)d session moved into this account.",
                    "%(num)d sessions moved into this account.",
                    moved,
                )
            )
        else:
            flash(_("The sessions of this device stay apart; they are deleted once unused."))
        return redirect(url_for("history.index"))
    return render_template("auth/move.html", form=form, count=count)


def device_notice_once() -> bool:
    """True the first time a device-only account's history or account page is shown (then never).

    Called by templates/auth/_device_notice.html, so the calm "only on this device" note is said
    once, on those pages only, never in the middle of a session. Only a page the person opens
    counts (Sec-Fetch-Mode: navigate): the service worker fetching /history for offline use
    in the background does not use the note up."""
    user = current_user
    if not (user.is_authenticated and user.device_only) or user.device_notice_at is not None:
        return False
    if request.headers.get("Sec-Fetch-Mode", "navigate") == "navigate":
        user.device_notice_at = utcnow()
        db.session.commit()
    return True


@bp.app_context_processor
def _device_helpers():
    return {"device_notice_once": device_notice_once}
