"""A fair test of two routines: choose them, follow the day's proposal, read the result, stop."""

from datetime import timedelta

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from webapp.catalog import bp
from webapp.extensions import db
from webapp.forms import form_view
from webapp.i18n import gettext as _
from webapp.i18n import lazy_gettext as _l
from webapp.models import utcnow
from webapp.services import comparisons, own_routines, stats

PLAN_DAYS = 7


class CompareForm(FlaskForm):
    routine_a = SelectField(
        _l("First routine"), validators=[InputRequired(_l("Choose a routine."))]
    )
    routine_b = SelectField(
        _l("Second routine"), validators=[InputRequired(_l("Choose a routine."))]
    )
    utc_offset = HiddenField(default="0")
    submit = SubmitField(_l("Start the comparison"))

    def validate_routine_b(self, field):
        if field.data == self.routine_a.data:
            raise ValidationError(_("Choose two different routines."))

    def offset(self) -> int:
        try:
            minutes = int(self.utc_offset.data)
        except (TypeError, ValueError):
            return 0
        return minutes if -14 * 60 <= minutes <= 14 * 60 else 0


class StopForm(FlaskForm):
    submit = SubmitField(_l("Stop the comparison"))


@bp.route("/compare", methods=["GET", "POST"])
@form_view
@login_required
def compare():
    """The running comparison (today's routine, the result so far) or the form to begin one."""
    routines = own_routines.visible(db.session, current_user)
    form = CompareForm()
    choices = [SelectChoice(r.slug, r.title) for r in routines]
    form.routine_a.choices = form.routine_b.choices = choices
    if form.validate_on_submit():
        by_slug = {r.slug: r for r in routines}
        a, b = by_slug[form.routine_a.data], by_slug[form.routine_b.data]
        comparisons.start(db.session, current_user, a, b, form.offset(), utcnow())
        db.session.commit()
        flash(_("Comparison started: %(a)s and %(b)s.", a=a.title, b=b.title))
        return redirect(url_for("catalog.compare"), code=303)
    running = comparisons.current(db.session, current_user)
    if running is None:
        if not form.is_submitted() and len(routines) > 1:
            form.routine_b.data = routines[1].slug
        return render_template(
            "catalog/compare.html",
            form=form,
            running=None,
            min_each=stats.COMPARE_MIN_EACH,
        ), (400 if form.errors else 200)
    now = utcnow()
    progress = comparisons.progress(db.session, running, now)
    pick = {"a": running.routine_a, "b": running.routine_b}
    today = max(0, comparisons.day_number(running, now))
    start_day = (running.started_at + timedelta(minutes=running.utc_offset_minutes)).date()
    plan = [
        (start_day + timedelta(days=day), pick[comparisons.proposal(running.seed, day)])
        for day in range(today, today + PLAN_DAYS)
    ]
    return render_template(
        "catalog/compare.html",
        running=running,
        today=pick[progress.today],
        progress=progress,
        plan=plan,
        verdict=comparisons.verdict(progress, running.routine_a, running.routine_b),
        stop_form=StopForm(),
        min_each=stats.COMPARE_MIN_EACH,
    )


@bp.post("/compare/stop")
@form_view
@login_required
def stop_comparison():
    """End the running comparison; its sessions stay in the history as they are."""
    form = StopForm()
    running = comparisons.current(db.session, current_user)
    if form.validate_on_submit() and running is not None:
        running.stopped_at = utcnow()
        db.session.commit()
        flash(_("Comparison stopped. Your sessions stay in your history."))
    return redirect(url_for("catalog.compare"), code=303)
