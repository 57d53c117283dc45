import uuid
from datetime import UTC, datetime, timedelta, timezone

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from webapp.extensions import db
from webapp.forms import form_view, safe_next
from webapp.history import bp
from webapp.history.forms import (
    AddSessionForm,
    DeleteSessionForm,
    PainCheckForm,
    ReportForm,
    SessionForm,
)
from webapp.i18n import gettext as _
from webapp.models import PracticeSession, utcnow
from webapp.services import (
    figures,
    history,
    own_routines,
    pain_checks,
    peg,
    sessions,
    stats,
    trend,
)
from webapp.services import report as doctor_report
from webapp.services.sessions import get_for


def _own_session(session_id: uuid.UUID) -> PracticeSession:
    row = get_for(db.session, current_user, session_id)
    if row is None:
        abort(404)
    return row


def _back() -> str:
    return safe_next(request.args.get("next"), url_for("history.index"))


@bp.get("/history")
@login_required
def index():
    """The log, newest first, with the pain trend, what helps, and any nudges."""
    span = history.find_range(request.args.get("range"))
    now = utcnow()
    today = figures.today_for(db.session, current_user, now)
    recent = figures.recent_entries(db.session, current_user, today)
    since = None if span.days is None else now - timedelta(days=span.days)
    total, shown = figures.counts(db.session, current_user, since)
    checks = pain_checks.list_for(db.session, current_user)
    first_day = None if span.days is None else today - timedelta(days=span.days)
    shown_checks = history.checks_in(checks, first_day)
    if shown > trend.MAX_POINTS:
        # Too many to draw one by one: a point a day or week, grouped in SQL (trend.py).
        first = trend.first_day(db.session, current_user, since)
        width = trend.width_for(first, today)
        rows = []
        chart = history.bucket_chart(
            trend.grouped(db.session, current_user, width, since), checks=shown_checks
        )
    else:
        entries = figures.chart_entries(db.session, current_user, span.days, now)
        rows = history.chart_rows(entries, history.in_range(entries, span, now))
        chart = history.chart_data(rows, checks=shown_checks)
    peg_answers = peg.list_for(db.session, current_user)
    log = history.log_page(
        db.session, current_user, request.args.get("page", 1, type=int), total=total
    )
    return render_template(
        "history/index.html",
        span=span,
        ranges=history.RANGES,
        rows=rows,
        shown=shown,
        chart=chart,
        checks=shown_checks,
        recent_checks=checks[-5:][::-1],
        pain_form=PainCheckForm(),
        total=total,
        summaries=figures.routine_summaries(db.session, current_user),
        streak=figures.streak(db.session, current_user, today),
        per_week=stats.sessions_per_week(recent, today),
        nudges=stats.nudges(recent, today),
        log=log,
        days=history.by_day(log.sessions),
        peg_answers=peg_answers,
        peg_due=peg.is_due(peg_answers, now),
    )


@bp.route("/history/<uuid:session_id>", methods=["GET", "POST"])
@form_view
@login_required
def session(session_id: uuid.UUID):
    """One session: its details, and its pain before/after and note, open to correction."""
    row = _own_session(session_id)
    form = SessionForm(obj=row)
    if row.outcome == "safety_stop":
        form.pain_after.choices = form.pain_after.choices[:1]
    if form.validate_on_submit():
        changes = {
            "pain_before": form.pain_before.data,
            "pain_after": form.pain_after.data,
            "note": form.note.data,
            "updated_at": utcnow(),
        }
        sessions.apply_edit(row, changes)
        db.session.commit()
        flash(_("Changes saved."))
        return redirect(_back())
    return render_template(
        "history/session.html", row=row, form=form, back=_back()
    ), 400 if form.errors else 200


@bp.route("/history/<uuid:session_id>/delete", methods=["GET", "POST"])
@form_view
@login_required
def delete(session_id: uuid.UUID):
    """Delete one session, after a confirmation that says what goes."""
    row = _own_session(session_id)
    form = DeleteSessionForm()
    if form.validate_on_submit():
        db.session.delete(row)
        db.session.commit()
        flash(_("The session is deleted."))
        return redirect(_back())
    return render_template(
        "history/delete.html", row=row, form=form, back=_back()
    ), 400 if form.errors else 200


@bp.get("/report")
@login_required
def report():
    """One printable report for a doctor: the chosen days and sections, overview first."""
    today = figures.today_for(db.session, current_user)
    form = ReportForm(
        request.args if request.args else None, start=today - timedelta(days=27), end=today
    )
    chosen = doctor_report.sections_from(request.args, "sections" in request.args)
    words = {
        "section_names": doctor_report.SECTIONS,
        "section_labels": doctor_report.SECTION_LABELS,
    }
    if request.args and not form.validate():
        return render_template(
            "history/report.html", form=form, report=None, chosen=chosen, **words
        ), 400
    built = doctor_report.build(
        db.session, current_user, form.start.data, form.end.data, chosen, today
    )
    return render_template(
        "history/report.html",
        form=form,
        report=built,
        chosen=chosen,
        share_args={name: "y" for name in chosen},
        meaningful_rule=doctor_report.MEANINGFUL_RULE,
        **words,
    )


def _zone(form: AddSessionForm) -> timezone:
    return timezone(timedelta(minutes=int(form.utc_offset.data or 0)))


@bp.route("/history/add", methods=["GET", "POST"])
@form_view
@login_required
def add():
    """Add a session done away from the phone: routine, when, pain before and after."""
    routines = own_routines.visible(db.session, current_user)
    form = AddSessionForm()
    form.routine.choices = [SelectChoice(routine.slug, routine.title) for routine in routines]
    if form.validate_on_submit():
        started = form.started.data.replace(tzinfo=_zone(form))
        if started > datetime.now(UTC) + timedelta(minutes=5):
            form.started.errors.append(_("That is in the future: give when you started."))
        elif started < sessions.EARLIEST:
            form.started.errors.append(_("Give a date from the year 2000 on."))
        else:
            routine = next(item for item in routines if item.slug == form.routine.data)
            row = sessions.add_manual(
                db.session,
                current_user,
                routine,
                started,
                form.pain_before.data,
                form.pain_after.data,
                form.note.data,
            )
            db.session.commit()
            flash(_("Session added."))
            return redirect(url_for("history.index", _anchor=f"session-{row.id}"))
    return render_template("history/add.html", form=form), 400 if form.errors else 200


@bp.route("/history/pain-check", methods=["GET", "POST"])
@form_view
@login_required
def pain_check():
    """Log pain on its own (the page's script sends it through the outbox, even offline)."""
    form = PainCheckForm()
    if form.validate_on_submit():
        now = datetime.now(UTC)
        zone = figures.latest_zone(db.session, current_user)
        item = pain_checks.PainCheckInput(
            uuid.uuid4(), now.astimezone(zone), form.pain.data, form.note.data
        )
        pain_checks.store(db.session, current_user, item)
        db.session.commit()
        flash(_("Pain %(pain)d logged.", pain=form.pain.data))
        return redirect(url_for("history.index"))
    return render_template("history/pain_check.html", form=form), 400 if form.errors else 200
