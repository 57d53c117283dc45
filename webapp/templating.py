"""Template helpers shared by every area."""

from datetime import UTC, date, datetime

from flask import Flask
from markupsafe import Markup

from webapp import bodymap, safety
from webapp.models import Point
from webapp.outcomes import OUTCOME_WORDS
from webapp.services.stats import is_meaningful

SIDE_WORDS = {"left": "left side", "right": "right side", "both": "both sides", "center": "midline"}


def body_map(point: Point, side: str | None = None, uid: str = "", zoom: bool = False) -> Markup:
    """The point drawn on its body view, on the given side (both sides by default)."""
    side = side or ("both" if point.bilateral else "center")
    label = f"Where {point.code} {point.name} is: {point.location} ({SIDE_WORDS[side]})"
    return bodymap.render(point.map_view, point.map_x, point.map_y, side, label, uid, zoom)


def body_map_seen(point: Point) -> str:
    """From which side the point's body map is seen, in words, for its caption."""
    view = bodymap.VIEWS.get(point.map_view)
    return view.seen if view else ""


def long_date(day: date | datetime) -> str:
    """ "Saturday 21 November 2026": unambiguous wherever the reader is."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def short_date(day: date | datetime) -> str:
    """ "21 Nov 2026", for tables."""
    return f"{day.day} {day:%b %Y}"


def ago(moment: datetime) -> str:
    """ "just now", "25 minutes ago", "3 hours ago", else the date: when a device was last used."""
    minutes = int((datetime.now(UTC) - moment).total_seconds() // 60)
    if minutes < 5:
        return "just now"
    if minutes < 60:
        return f"{minutes} minutes ago"
    if minutes < 24 * 60:
        hours = minutes // 60
        return f"{hours} hour{'' if hours == 1 else 's'} ago"
    return f"on {short_date(moment)}"


def safety_flags(*levels: str) -> list[safety.RedFlag]:
    """The red flags at these levels (all when none given), read from safety.py at each call."""
    return [flag for flag in safety.RED_FLAGS if not levels or flag.level in levels]


def init_app(app: Flask) -> None:
    app.add_template_global(body_map)
    app.add_template_global(SIDE_WORDS, "side_words")
    app.add_template_global(body_map_seen)
    app.add_template_global(safety_flags)
    app.add_template_global(safety.pregnancy_points)
    app.add_template_global(safety.PAIN_SEE_DOCTOR_AT, "pain_see_doctor_at")
    app.add_template_global(is_meaningful)
    app.add_template_global(OUTCOME_WORDS, "outcome_words")
    app.add_template_filter(long_date)
    app.add_template_filter(short_date)
    app.add_template_filter(ago)
