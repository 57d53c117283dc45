"""Which passwords are too common to use, from zxcvbn's list (shipped in the package, offline)."""

import functools

from zxcvbn.frequency_lists import FREQUENCY_LISTS

COMMON_COUNT = 10000
"""The most common passwords of zxcvbn's list (leaked-password frequency, most common first)."""


@functools.cache
def _common() -> frozenset[str]:
    return frozenset(FREQUENCY_LISTS["passwords"][:COMMON_COUNT])


def is_common(password: str) -> bool:
    """True for a password among the most common ones, whatever its case or outer spaces."""
    return password.strip().casefold() in _common()
