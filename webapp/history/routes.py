import uuid
from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from webapp.extensions import db
from webapp.forms import form_view, safe_next
from webapp.history import bp
from webapp.history.forms import DeleteSessionForm, NoteForm, ReportForm
from webapp.models import PracticeSession
from webapp.services import history, stats
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
    entries = history.entries_for(db.session, current_user)
    today = history.today_for(entries)
    rows = history.chart_rows(entries, history.in_range(entries, span))
    log = history.log_page(
        db.session, current_user, request.args.get("page", 1, type=int), total=len(entries)
    )
    return render_template(
        "history/index.html",
        span=span,
        ranges=history.RANGES,
        rows=rows,
        chart=history.chart_data(rows),
        total=len(entries),
        summaries=stats.routine_summaries(entries),
        streak=stats.current_streak(entries, today),
        per_week=stats.sessions_per_week(entries, today),
        nudges=stats.nudges(entries, today),
        log=log,
        days=history.by_day(log.sessions),
    )


@bp.route("/history/<uuid:session_id>", methods=["GET", "POST"])
@form_view
@login_required
def session(session_id: uuid.UUID):
    """One session: its details and its note, which the person can edit."""
    row = _own_session(session_id)
    form = NoteForm(obj=row)
    if form.validate_on_submit():
        row.note = form.note.data
        db.session.commit()
        flash("Note saved.")
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
        flash("The session is deleted.")
        return redirect(_back())
    return render_template(
        "history/delete.html", row=row, form=form, back=_back()
    ), 400 if form.errors else 200


@bp.get("/report")
@login_required
def report():
    """One printable page for a doctor: the chosen days' sessions, trend and summaries."""
    entries = history.entries_for(db.session, current_user)
    today = history.today_for(entries)
    form = ReportForm(
        request.args if request.args else None, start=today - timedelta(days=27), end=today
    )
    if request.args and not form.validate():
        return render_template("history/report.html", form=form, report=None), 400
    start, end = form.start.data, form.end.data
    shown = [entry for entry in entries if start <= entry.day <= end]
    rows = history.chart_rows(entries, shown)
    unit = stats.period_unit(start, end)
    return render_template(
        "history/report.html",
        form=form,
        report={
            "start": start,
            "end": end,
            "days": (end - start).days + 1,
            "overview": history.overview(shown, (end - start).days + 1),
            "safety_stops": [entry for entry in shown if not entry.practised],
            "unit": unit,
            "periods": stats.periods(shown, start, end, unit),
            "summaries": stats.routine_summaries(shown),
            "rows": rows,
            "chart": history.chart_data(rows, start, end),
            "printed": today,
        },
    )
