"""The weekly PEG pages: answer it (peg.js sends it through the outbox), correct or delete it."""

import uuid
from datetime import UTC, datetime

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from webapp.doctor import bp
from webapp.doctor.forms import DeletePegForm, PegForm
from webapp.doctor_models import PEG_ITEMS, PegAnswer
from webapp.extensions import db
from webapp.forms import form_view, safe_next
from webapp.i18n import gettext as _
from webapp.models import utcnow
from webapp.services import history, peg


def _own_answer(answer_id: uuid.UUID) -> PegAnswer:
    row = peg.get_for(db.session, current_user, answer_id)
    if row is None:
        abort(404)
    return row


def _back() -> str:
    return safe_next(request.args.get("next"), url_for("history.index", _anchor="peg-title"))


@bp.route("/history/peg", methods=["GET", "POST"])
@form_view
@login_required
def answer():
    """This week's three questions; without scripts the form posts here."""
    form = PegForm()
    if form.validate_on_submit():
        entries = history.entries_for(db.session, current_user)
        zone = entries[-1].started_at.tzinfo if entries else UTC
        values = {item: getattr(form, item).data for item in PEG_ITEMS}
        item = peg.PegInput(uuid.uuid4(), datetime.now(UTC).astimezone(zone), **values)
        stored, _ = peg.store(db.session, current_user, item)
        db.session.commit()
        flash(_("Saved: your PEG score this week is %(score)s.", score=stored.score))
        return redirect(_back())
    answers = peg.list_for(db.session, current_user)
    return render_template(
        "doctor/peg.html",
        form=form,
        questions=peg.QUESTIONS,
        last=answers[-1] if answers else None,
        due=peg.is_due(answers, utcnow()),
    ), 400 if form.errors else 200


@bp.route("/history/peg/<uuid:answer_id>", methods=["GET", "POST"])
@form_view
@login_required
def edit(answer_id: uuid.UUID):
    """Correct one week's answers."""
    row = _own_answer(answer_id)
    form = PegForm(obj=row)
    if form.validate_on_submit():
        changes = {item: getattr(form, item).data for item in PEG_ITEMS}
        peg.apply_edit(row, changes | {"updated_at": utcnow()})
        db.session.commit()
        flash(_("Changes saved."))
        return redirect(_back())
    return render_template(
        "doctor/peg_edit.html", form=form, row=row, questions=peg.QUESTIONS, back=_back()
    ), 400 if form.errors else 200


@bp.route("/history/peg/<uuid:answer_id>/delete", methods=["GET", "POST"])
@form_view
@login_required
def delete(answer_id: uuid.UUID):
    """Delete one week's answers, after a confirmation."""
    row = _own_answer(answer_id)
    form = DeletePegForm()
    if form.validate_on_submit():
        db.session.delete(row)
        db.session.commit()
        flash(_("The answers are deleted."))
        return redirect(_back())
    return render_template(
        "doctor/peg_delete.html", form=form, row=row, back=_back()
    ), 400 if form.errors else 200
