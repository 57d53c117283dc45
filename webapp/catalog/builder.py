"""Building, editing and deleting one's own routine: plain forms that work without scripts.

Adding, moving and removing a step are buttons of the same form (name="action"), so the page
needs no dragging and every change is one keyboard press; the server keeps what was typed.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField, TextAreaField

from webapp.catalog import bp
from webapp.catalog.locale_text import texts
from webapp.extensions import db
from webapp.forms import form_view
from webapp.i18n import gettext as _
from webapp.i18n import lazy_gettext as _l
from webapp.models import utcnow
from webapp.services import own_routines

DEFAULT_SECONDS = 60
BUILDER_SIDES = ("both", "left", "right")
"""What the side menu offers; a midline point is held on the midline whatever is chosen."""


class BuilderForm(FlaskForm):
    """The name and notes; the steps are rows steps-N-point/side/seconds (see read_steps)."""

    title = StringField(_l("Name"), description=_l("For example: Evening, lying down."))
    summary = TextAreaField(
        _l("Notes (optional)"), description=_l("What it is for, when you use it.")
    )


class DeleteForm(FlaskForm):
    submit = SubmitField(_l("Delete this routine"))


def read_steps(form_data, points: dict) -> list[dict]:
    """The step rows as typed, in order; the side follows the point (midline or both sides)."""
    steps = []
    number = 0
    # One row more than allowed is enough for the "at most" error; the rest is not read.
    while f"steps-{number}-point" in form_data and number <= own_routines.MAX_STEPS:
        code = form_data.get(f"steps-{number}-point", "")
        side = form_data.get(f"steps-{number}-side", "both")
        point = points.get(code)
        if point is not None and not point.bilateral:
            side = "center"
        elif side not in BUILDER_SIDES:
            side = "both"
        seconds = form_data.get(f"steps-{number}-seconds", "").strip()
        steps.append(
            {"point": code, "side": side, "seconds": int(seconds) if seconds.isdigit() else seconds}
        )
        number += 1
    return steps


def apply_action(action: str, steps: list[dict]) -> list[dict] | None:
    """The steps after an add/up/down/remove button, or None when the action is not one."""
    if action == "add":
        return [*steps, {"point": "", "side": "both", "seconds": DEFAULT_SECONDS}]
    verb, _, index = action.partition("-")
    if not index.isdigit() or int(index) >= len(steps):
        return None
    n = int(index)
    steps = list(steps)
    if verb == "remove":
        del steps[n]
    elif verb == "up" and n > 0:
        steps[n - 1], steps[n] = steps[n], steps[n - 1]
    elif verb == "down" and n < len(steps) - 1:
        steps[n + 1], steps[n] = steps[n], steps[n + 1]
    elif verb not in ("up", "down"):
        return None
    return steps


def _render(form, steps, errors, routine=None, status=200, moved=None):
    points = texts().points(own_routines.offered_points(db.session))
    regions: dict[str, list] = {}
    for point in points:
        regions.setdefault(point.region, []).append(point)
    return render_template(
        "catalog/builder.html",
        form=form,
        steps=steps,
        errors=errors,
        routine=routine,
        regions=regions,
        points={point.code: point for point in points},
        sides=BUILDER_SIDES,
        hold=own_routines.HOLD_SECONDS,
        max_steps=own_routines.MAX_STEPS,
        moved=moved,
        compared=routine is not None and own_routines.in_comparison(db.session, routine),
    ), status


def _build(routine=None):
    """One view for new and edit: act on a step button, or save and go to the routine."""
    form = BuilderForm(obj=routine)
    points = {point.code: point for point in own_routines.offered_points(db.session)}
    if request.method == "GET":
        steps = [
            {"point": s.point.code, "side": s.side, "seconds": s.seconds}
            for s in (routine.steps if routine else [])
        ] or [{"point": "", "side": "both", "seconds": DEFAULT_SECONDS}]
        return _render(form, steps, {}, routine)
    steps = read_steps(request.form, points)
    if not form.validate_on_submit():
        return _render(form, steps, {}, routine, 400)
    action = request.form.get("action", "save")
    if action != "save":
        changed = apply_action(action, steps)
        if changed is None:
            abort(400, description=_l("That button does not exist on this form."))
        return _render(form, changed or steps, {}, routine, moved=action)
    body = {"title": form.title.data, "summary": form.summary.data, "steps": steps}
    item, errors = own_routines.validate(db.session, body)
    if errors:
        return _render(form, steps, errors, routine, 400)
    if routine is None:
        routine = own_routines.create(db.session, current_user, item)
    else:
        routine = own_routines.update(db.session, routine, item, utcnow())
    db.session.commit()
    flash(_("Saved %(title)s.", title=routine.title))
    return redirect(url_for("catalog.routine", slug=routine.slug), code=303)


def _own_or_404(slug: str):
    routine = own_routines.find_own(db.session, current_user, slug)
    if routine is None:
        abort(404, description=_l("You have no routine of your own with that name."))
    return routine


@bp.route("/routines/new", methods=["GET", "POST"])
@form_view
@login_required
def new_routine():
    """Make a routine of one's own from the catalog's points."""
    return _build()


@bp.route("/routines/<slug>/edit", methods=["GET", "POST"])
@form_view
@login_required
def edit_routine(slug: str):
    """Change one's own routine; sessions already done keep the steps they were done with."""
    return _build(_own_or_404(slug))


@bp.route("/routines/<slug>/delete", methods=["GET", "POST"])
@form_view
@login_required
def delete_routine(slug: str):
    """Ask, then take the routine off every list; its past sessions stay in the history."""
    routine = _own_or_404(slug)
    form = DeleteForm()
    if form.validate_on_submit():
        own_routines.delete(db.session, routine, utcnow())
        db.session.commit()
        flash(_("Deleted %(title)s. Its past sessions stay in your history.", title=routine.title))
        return redirect(url_for("catalog.routines"), code=303)
    done = own_routines.sessions_count(db.session, routine)
    compared = own_routines.in_comparison(db.session, routine)
    return render_template(
        "catalog/delete_routine.html", routine=routine, form=form, done=done, compared=compared
    )
