"""The words models, statistics, the body map, templates and (as page data) scripts share.

Keys are stored and sent as they are; the words are lazy, so each reads in the request's language.
"""

from webapp.i18n import lazy_gettext as _l

SIDES = ("left", "right", "both", "center")
SIDE_LABELS = {
    "left": _l("Left side"),
    "right": _l("Right side"),
    "both": _l("Both sides at once"),
    "center": _l("Centre (midline)"),
}
"""A step's side, as the written routine and the player say it."""
SIDE_WORDS = {
    "left": _l("left side"),
    "right": _l("right side"),
    "both": _l("both sides"),
    "center": _l("midline"),
}
"""A side inside a sentence ("Where GV4 is: ... (left side)")."""
SIDE_CAPTIONS = {"left": _l("Left side"), "right": _l("Right side"), "both": _l("Both sides")}
"""The body map's caption under a marked side."""

PRESSURES = ("firm", "gentle")
PRESSURE_WORDS = {"firm": _l("Firm pressure"), "gentle": _l("Gentle pressure")}

REGION_WORDS = {
    "ankle": _l("ankle"),
    "belly": _l("belly"),
    "buttock": _l("buttock"),
    "foot": _l("foot"),
    "forearm": _l("forearm"),
    "hand": _l("hand"),
    "head": _l("head"),
    "knee": _l("knee"),
    "lower back": _l("lower back"),
    "neck": _l("neck"),
    "thigh": _l("thigh"),
    "upper back": _l("upper back"),
}
"""A point's body region (seed_data's `region`), as a card or a point page shows it."""


PAIN_WORDS = {"meaningful": _l("Meaningful drop, for now")}
"""The tag on a session whose drop meets the meaningful-change rule (services/stats.py)."""


def plain(words: dict) -> dict:
    """The same dict with its lazy words read now (JSON page data needs plain strings)."""
    return {key: str(value) for key, value in words.items()}
