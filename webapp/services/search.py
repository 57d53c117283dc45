"""Point search: any code, alias or name, case- and accent-insensitive."""

import re
import unicodedata

import sqlalchemy as sa

from webapp.models import Point

MAX_QUERY_CHARS = 200
MAX_TERMS = 8
_LETTERS_THEN_DIGITS = re.compile(r"([a-z])[\s.\-_/]*(?=\d)")
_TERM = re.compile(r"[a-z0-9]+")
_CODE_LIKE = re.compile(r"[a-z]+\d+")


def terms(text: str) -> list[str]:
    """Split text into search terms: folded to ASCII lower case, "LI-4"/"Bladder 23" joined up."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold()
    return _TERM.findall(_LETTERS_THEN_DIGITS.sub(r"\1", folded))


def search_key(text: str) -> str:
    return " ".join(terms(text))


def point_names(point: Point) -> list[str]:
    """Every name a person might search a point by."""
    return [point.code, point.pinyin, point.name, *point.aliases, point.region]


def build_search_text(point: Point) -> str:
    """The stored haystack: " | key | key | ", so whole names and whole words can be matched."""
    keys = dict.fromkeys(search_key(name) for name in point_names(point))
    return " | " + " | ".join(key for key in keys if key) + " | "


def _condition(word: str):
    """Codes ("li1", "b47") match whole words only, so LI1 never finds LI10; other words match
    anywhere, so a partly typed name still finds its point."""
    if _CODE_LIKE.fullmatch(word):
        return Point.search_text.contains(f" {word} ", autoescape=True)
    return Point.search_text.contains(word, autoescape=True)


def search_points(session, query: str) -> list[Point]:
    """Return points whose names contain every term of the query, exact names first.

    A query with no letters or digits (empty, emoji, punctuation) matches nothing.
    """
    words = terms(query[:MAX_QUERY_CHARS])[:MAX_TERMS]
    if not words:
        return []
    found = session.scalars(
        sa.select(Point).where(*(_condition(word) for word in words)).order_by(Point.code)
    ).all()
    whole = f" | {' '.join(words)} | "

    def rank(point: Point) -> tuple[int, int]:
        if whole == f" | {search_key(point.code)} | ":
            return (0, 0)
        if whole in point.search_text:
            return (1, 0)
        return (2, 0 if point.back_routine else 1)

    return sorted(found, key=rank)


def find_points(session, query: str | None) -> list[Point]:
    """The whole catalog when there is no query, else the search results."""
    if query is None:
        return list(session.scalars(sa.select(Point).order_by(Point.code)))
    return search_points(session, query)
