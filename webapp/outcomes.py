"""How a practice session ended, and the words for it: one list that models, statistics,
templates and (through page data) scripts all read. Only Babel's lazy text is imported, so
anything may use it; the words read in the request's language."""

from webapp.i18n import lazy_gettext as _l

OUTCOME_WORDS = {
    "completed": _l("Completed"),
    "partial": _l("Finished with holds skipped"),
    "stopped_early": _l("Stopped early"),
    "abandoned": _l("Left unfinished"),
    "safety_stop": _l("Stopped at the safety check"),
}
"""Every hold done; the end reached with holds skipped; Stop pressed and confirmed; left
unfinished (closed at its last active moment when the person came back); stopped at the
safety check."""
OUTCOMES = tuple(OUTCOME_WORDS)
EFFECT_SHARE = 0.5
"""A session counts towards a routine's effect ("what helps you") when at least this share of
its hold time was held."""
