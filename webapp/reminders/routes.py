import sqlalchemy as sa
from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from webapp.api.routes import json_body
from webapp.extensions import db
from webapp.forms import form_view
from webapp.i18n import gettext as _
from webapp.i18n import lazy_gettext as _l
from webapp.models import PushSubscription, ReminderSetting, utcnow
from webapp.reminders import bp
from webapp.reminders.forms import ReminderForm
from webapp.services import calendar_feed, push, reminders


@bp.after_request
def _private(response):
    """Everything here is one person's (the feed's URL is its key): never kept by a cache."""
    response.headers["Cache-Control"] = "no-store"
    return response


def _save(row: ReminderSetting, values: dict) -> None:
    reminders.apply(row, values, utcnow())
    row.updated_at = utcnow()
    db.session.add(row)
    db.session.commit()


def _page_data(saved_zone: str | None) -> dict:
    """What reminders.js needs from the server: the push key, and the zone saved (if any)."""
    keys = push.vapid_keys(current_app.config, current_app.instance_path)
    return {
        "vapid_public_key": keys.public,
        "saved_zone": saved_zone,
        "subscriptions_url": url_for("reminders.subscribe"),
    }


@bp.route("/reminders", methods=["GET", "POST"])
@login_required
@form_view
def settings():
    row = reminders.settings_for(db.session, current_user)
    stored = db.session.get(ReminderSetting, current_user.id) is not None
    form = ReminderForm(
        data=None
        if request.method == "POST"
        else {
            "enabled": row.enabled,
            "time": row.local_time,
            "time_zone": row.time_zone,
            "days": row.days,
            "skip_if_done": row.skip_if_done,
        }
    )
    if form.validate_on_submit():
        values, errors = reminders.validate(form.values())
        if not errors:
            _save(row, values)
            flash(reminders.describe(row))
            return redirect(url_for("reminders.settings"))
        for name, message in errors.items():
            getattr(form, name).errors.append(message)
    feed_url = None
    if row.calendar_token:
        feed_url = url_for("reminders.calendar", token=row.calendar_token, _external=True)
    data = _page_data(row.time_zone if stored else None)
    status = 400 if form.errors else 200
    return render_template(
        "reminders/settings.html",
        form=form,
        row=row,
        summary=reminders.describe(row) if stored else _("Reminders are off."),
        feed_url=feed_url,
        page_data=data,
    ), status


@bp.post("/reminders/calendar")
@login_required
def new_calendar():
    """Make the private calendar link, or a new one that replaces (revokes) the old."""
    row = reminders.settings_for(db.session, current_user)
    row.calendar_token = reminders.new_calendar_token()
    db.session.add(row)
    db.session.commit()
    flash(_("Your calendar link is ready. Any earlier link no longer works."))
    return redirect(url_for("reminders.settings") + "#calendar")


@bp.post("/reminders/calendar/off")
@login_required
def revoke_calendar():
    row = db.session.get(ReminderSetting, current_user.id)
    if row is not None and row.calendar_token:
        row.calendar_token = None
        db.session.commit()
    flash(_("Your calendar link no longer works. Remove the calendar from your calendar app too."))
    return redirect(url_for("reminders.settings") + "#calendar")


@bp.get("/reminders/calendar/<token>.ics")
def calendar(token: str):
    """The private feed; the token is the only key, and a revoked one is simply not found."""
    row = None
    if 20 <= len(token) <= 64:
        row = db.session.scalar(
            sa.select(ReminderSetting).where(ReminderSetting.calendar_token == token)
        )
    if row is None:
        abort(404)
    body = calendar_feed.feed(
        row,
        url_for("main.last_routine", _external=True),
        url_for("reminders.settings", _external=True),
        utcnow(),
    )
    response = current_app.response_class(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="backpoint.ics"'
    return response


@bp.get("/api/reminders")
@login_required
def api_settings():
    return jsonify(reminders.to_json(reminders.settings_for(db.session, current_user)))


@bp.put("/api/reminders")
@login_required
def api_update():
    values, errors = reminders.validate(json_body())
    if errors:
        return jsonify({"errors": errors}), 400
    row = reminders.settings_for(db.session, current_user)
    _save(row, values)
    return jsonify(reminders.to_json(row))


def _store_subscription(item: dict) -> bool:
    """Insert or update the row for this endpoint; True when it was new."""
    row = db.session.scalar(
        sa.select(PushSubscription).where(PushSubscription.endpoint == item["endpoint"])
    )
    created = row is None
    if created:
        row = PushSubscription(endpoint=item["endpoint"])
        db.session.add(row)
    # A device signed in by someone new belongs to them now: its reminders follow the person.
    row.user_id = current_user.id
    # Tied to this device's login: ending it (logout, "sign out" elsewhere) deletes the row.
    row.sign_in_id = current_user.sign_in.id if current_user.sign_in is not None else None
    row.p256dh, row.auth = item["p256dh"], item["auth"]
    db.session.commit()
    return created


@bp.post("/api/push-subscriptions")
@login_required
def subscribe():
    """Store this device's subscription; the same endpoint again updates it (one row a device)."""
    allow = bool(current_app.config.get("PUSH_ALLOW_LOOPBACK"))
    item, errors = push.validate_subscription(json_body(), allow)
    if errors:
        return jsonify({"errors": errors}), 400
    try:
        created = _store_subscription(item)
    except sa.exc.IntegrityError:
        # Two requests for one new endpoint at once: the other stored it; this one updates it.
        db.session.rollback()
        created = _store_subscription(item)
    return jsonify({"endpoint": item["endpoint"]}), 201 if created else 200


@bp.delete("/api/push-subscriptions")
@login_required
def unsubscribe():
    data = json_body()
    endpoint = data.get("endpoint") if isinstance(data, dict) else None
    if not isinstance(endpoint, str) or not endpoint:
        return jsonify({"errors": {"endpoint": _("Give the endpoint to unsubscribe.")}}), 400
    deleted = db.session.execute(
        sa.delete(PushSubscription).where(
            PushSubscription.endpoint == endpoint, PushSubscription.user_id == current_user.id
        )
    ).rowcount
    db.session.commit()
    if not deleted:
        abort(404, description=_l("This device has no reminder subscription for you."))
    return "", 204
