import sqlalchemy as sa
from flask import redirect, render_template, request, url_for
from flask_login import current_user, login_required

from webapp.catalog.lookups import routine_or_404
from webapp.extensions import db
from webapp.models import Routine
from webapp.outcomes import OUTCOME_WORDS
from webapp.practice import bp
from webapp.safety import PAIN_SEE_DOCTOR_AT, RED_FLAGS


@bp.get("/routines/<slug>/session")
@login_required
def session(slug: str):
    """Check-in, safety screen and (once clear) the routine, all on one page that works offline."""
    routine = routine_or_404(slug)
    if current_user.welcomed_at is None:
        return redirect(url_for("auth.welcome", next=request.path))
    routines = db.session.scalars(sa.select(Routine).order_by(Routine.position)).all()
    return render_template(
        "practice/session.html",
        routine=routine,
        player_data=player_data(routine),
        routines=routines,
        red_flags=RED_FLAGS,
        pain_threshold=PAIN_SEE_DOCTOR_AT,
    )


SERIOUS = ("doctor", "blood clot", "emergency", "stop at once", "numb")
"""Words that mark a caution about a possible medical problem: the player shows those first."""


def most_serious_first(cautions: list[str]) -> list[str]:
    """The cautions, those about a possible medical problem first, otherwise in their order."""
    return sorted(cautions, key=lambda text: not any(word in text.lower() for word in SERIOUS))


def player_data(routine: Routine) -> dict:
    """What the player needs to run the routine with no network."""
    data = routine.to_dict() | {"outcome_words": OUTCOME_WORDS}
    for item, step in zip(data["steps"], routine.steps, strict=True):
        point = step.point
        item |= {
            "name": point.name,
            "pressure": point.pressure,
            "how_to_find": point.how_to_find,
            "cautions": most_serious_first(point.cautions),
        }
    return data
