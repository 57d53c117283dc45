"""Clinician share links: made from the report, listed with their opens, ended at once; and the
read-only view a clinician opens with no account (never cached, indexed or sent as referrer)."""

from datetime import timedelta

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required

from webapp.doctor import bp
from webapp.doctor.forms import EndShareForm, ShareForm
from webapp.extensions import db
from webapp.forms import form_view
from webapp.history.forms import ReportForm
from webapp.i18n import gettext as _
from webapp.models import User, utcnow
from webapp.services import history, share
from webapp.services import report as doctor_report

NEW_LINK_KEY = "new_share_link"
"""The token of the link just made, shown once on the list and then forgotten."""
SHARED_HEADERS = {
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex, nofollow, noarchive",
    "Referrer-Policy": "no-referrer",
}


@bp.after_request
def _shared_headers(response):
    if request.path.startswith("/shared/"):
        response.headers.update(SHARED_HEADERS)
    return response


def _window() -> timedelta:
    return timedelta(seconds=current_app.config["LOGIN_WINDOW_SECONDS"])


@bp.route("/report/share", methods=["GET", "POST"])
@form_view
@login_required
def share_report():
    """Make a link to this report (its dates and sections) for a chosen time."""
    source = request.form if request.method == "POST" else request.args
    given = "start" in source or "end" in source
    if given:
        dates = ReportForm(source)
    else:
        today = history.today_for(history.entries_for(db.session, current_user))
        dates = ReportForm(None, start=today - timedelta(days=27), end=today)
    sections = doctor_report.sections_from(source, "sections" in source or "start" in source)
    form = ShareForm()
    dates_ok = dates.validate() if given else request.method == "GET"
    if request.method == "POST" and form.validate() and dates_ok:
        link, token = share.create(
            db.session,
            current_user,
            dates.start.data,
            dates.end.data,
            sections,
            form.valid_for.data,
            utcnow(),
            passcode=form.passcode.data or None,
            shown_name=form.shown_name.data or "",
            shown_birth_date=form.shown_birth_date.data,
        )
        db.session.commit()
        session[NEW_LINK_KEY] = {"id": link.id, "token": token}
        flash(_("Your link is ready. Show the code or send the address to your clinician."))
        return redirect(url_for("doctor.links"))
    status = 400 if request.method == "POST" or not dates_ok else 200
    return render_template(
        "doctor/share.html",
        form=form,
        dates=dates,
        chosen=sections,
        section_names=doctor_report.SECTIONS,
        section_labels=doctor_report.SECTION_LABELS,
    ), status


@bp.get("/report/links")
@login_required
def links():
    """The person's links: until when, each open, and a way to end each at once."""
    made = session.pop(NEW_LINK_KEY, None)
    new_link = None
    if made:
        url = url_for("doctor.shared", token=made["token"], _external=True)
        new_link = {"id": made["id"], "url": url, "qr": share.qr_data_uri(url)}
    return render_template(
        "doctor/links.html",
        links=share.list_for(db.session, current_user),
        new_link=new_link,
        now=utcnow(),
        end_form=EndShareForm(),
        section_words=doctor_report.SECTION_WORDS,
        opens_listed=share.OPENS_LISTED,
    )


@bp.post("/report/links/<int:link_id>/end")
@login_required
def end_link(link_id: int):
    link = share.get_for(db.session, current_user, link_id)
    if link is None:
        abort(404)
    form = EndShareForm()
    if form.validate_on_submit():
        share.end(link, utcnow())
        db.session.commit()
        flash(_("The link is ended: it no longer opens."))
    else:
        flash(_("That form expired. Nothing was changed: please try again."))
    return redirect(url_for("doctor.links"))


@bp.route("/shared/<token>", methods=["GET", "POST"])
def shared(token: str):
    """The clinician's read-only view of one report, while the link lives."""
    now = utcnow()
    link = share.find(db.session, token)
    if link is None or not link.live(now):
        wait = share.miss_wait(db.session, request.remote_addr, _window(), now)
        db.session.commit()
        if wait:
            return (
                render_template("doctor/shared_wait.html", wait=wait),
                429,
                {"Retry-After": str(wait)},
            )
        abort(404)
    error = None
    if link.passcode_hash is not None:
        if request.method == "GET":
            return render_template("doctor/shared_passcode.html", link=link, error=None)
        limits = share.passcode_limits(current_app.config, link, request.remote_addr)
        wait = share.throttle.attempt(db.session, limits, _window(), now)
        db.session.commit()
        if wait:
            return (
                render_template("doctor/shared_wait.html", wait=wait),
                429,
                {"Retry-After": str(wait)},
            )
        if not share.passcode_ok(link, request.form.get("passcode")):
            error = _("That passcode is not right. Ask the person who shared this link.")
            return render_template("doctor/shared_passcode.html", link=link, error=error), 400
        share.throttle.succeeded(db.session, limits)
    owner = db.session.get(User, link.user_id)
    entries = history.entries_for(db.session, owner)
    built = doctor_report.build(
        db.session,
        owner,
        link.first_day,
        link.last_day,
        link.sections,
        history.today_for(entries, now),
    )
    share.record_open(db.session, link, now)
    db.session.commit()
    person = link.shown_name
    if link.shown_birth_date:
        person = f"{person}, born {link.shown_birth_date.day} {link.shown_birth_date:%B %Y}"
    return render_template(
        "doctor/shared.html",
        report=built,
        link=link,
        email=owner.email,
        person=person.strip(", "),
        meaningful_rule=doctor_report.MEANINGFUL_RULE,
    )
