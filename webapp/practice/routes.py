from flask import redirect, render_template, request, url_for
from flask_login import current_user, login_required

from webapp import safety
from webapp.catalog.locale_text import texts
from webapp.catalog.lookups import routine_or_404
from webapp.extensions import db
from webapp.models import Routine, utcnow
from webapp.outcomes import OUTCOME_WORDS
from webapp.practice import bp
from webapp.services import doctor_checks, own_routines, peg
from webapp.services.catalog_text import original


@bp.get("/routines/<slug>/session")
@login_required
def session(slug: str):
    """Check-in, safety screen and (once clear) the routine, all on one page that works offline."""
    routine = texts().routine(routine_or_404(slug))
    if current_user.welcomed_at is None:
        return redirect(url_for("auth.welcome", next=request.path))
    routines = texts().routines(own_routines.visible(db.session, current_user))
    # Routines a pregnant person can use come first; each with the points that rule it out.
    pregnancy_routines = sorted(
        ((other, safety.pregnancy_points(other)) for other in routines),
        key=lambda pair: bool(pair[1]),
    )
    checks = doctor_checks.current(db.session, current_user, utcnow())
    safety_data = safety.rules() | {
        "doctor_checks": {flag: until.isoformat() for flag, until in checks.items()},
        "pregnancy_safe": not safety.pregnancy_points(routine),
    }
    return render_template(
        "practice/session.html",
        routine=routine,
        player_data=player_data(routine),
        safety_data=safety_data,
        pregnancy_routines=pregnancy_routines,
        emergency_numbers=safety.EMERGENCY_NUMBERS,
        checkin_max_age_minutes=safety.CHECKIN_MAX_AGE_MINUTES,
        clearance_days=safety.CLEARANCE_DAYS,
        peg_due=peg.due_for(db.session, current_user, utcnow()),
    )


EXTRA_SECONDS = 30
"""What the player's "+30 s" adds to a hold."""

SERIOUS = ("doctor", "blood clot", "emergency", "stop at once", "numb")
"""Words that mark a caution about a possible medical problem: the player shows those first."""


def most_serious_first(cautions: list[str], shown: list[str] | None = None) -> list[str]:
    """The cautions, those about a possible medical problem first, otherwise in their order.

    `shown` is the same list in the page's language, put in the order the English decides."""
    shown = cautions if shown is None else shown
    order = sorted(
        range(len(cautions)),
        key=lambda n: not any(word in cautions[n].lower() for word in SERIOUS),
    )
    return [shown[n] for n in order]


def player_data(routine: Routine) -> dict:
    """What the player needs to run the routine with no network."""
    data = routine.to_dict() | {"outcome_words": OUTCOME_WORDS, "extra_seconds": EXTRA_SECONDS}
    for item, step in zip(data["steps"], routine.steps, strict=True):
        point = step.point
        item |= {
            "name": point.name,
            "pressure": point.pressure,
            "how_to_find": point.how_to_find,
            "cautions": most_serious_first(original(point).cautions, point.cautions),
        }
    return data
