"""How a practice session ended, and the words for it: one list that models, statistics,
templates and (through page data) scripts all read. No imports, so anything may use it."""

OUTCOME_WORDS = {
    "completed": "Completed",
    "partial": "Finished with holds skipped",
    "stopped_early": "Stopped early",
    "abandoned": "Left unfinished",
    "safety_stop": "Stopped at the safety check",
}
"""Every hold done; the end reached with holds skipped; Stop pressed and confirmed; left
unfinished (closed at its last active moment when the person came back); stopped at the
safety check."""
OUTCOMES = tuple(OUTCOME_WORDS)
EFFECT_SHARE = 0.5
"""A session counts towards a routine's effect ("what helps you") when at least this share of
its hold time was held."""
