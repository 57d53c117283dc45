"""Search: points by any code, alias or name; and one search for routines, points and pain words."""

import re
import tomllib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import sqlalchemy as sa
from rapidfuzz import fuzz, process

from webapp.i18n import lazy_gettext as _l
from webapp.models import Point, Routine
from webapp.safety import pregnancy_points
from webapp.services.catalog_text import DEFAULT_LOCALE, CatalogTexts, original

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


def build_search_text(point: Point, more_names: Sequence[str] = ()) -> str:
    """The stored haystack: " | key | key | ", so whole names and whole words can be matched.

    `more_names` are the point's names in the catalog's other languages."""
    keys = dict.fromkeys(search_key(name) for name in [*point_names(point), *more_names])
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


# --- One search for everything: routines, points and the words people use for their pain. ---

FUZZY_CUTOFF = 80
FUZZY_MIN_CHARS = 4
_SYNONYMS_FILE = "synonyms.toml"


@dataclass
class SearchResults:
    """What /search shows, in this order: safety guidance, routines, points."""

    query: str
    corrected: str | None = None
    guidance: list[str] = field(default_factory=list)
    routines: list[Routine] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)

    def first(self) -> str | None:
        """The first thing a person reads, as "guidance:x", "routine:slug" or "point:CODE"."""
        if self.guidance:
            return f"guidance:{self.guidance[0]}"
        if self.routines:
            return f"routine:{self.routines[0].slug}"
        if self.points:
            return f"point:{self.points[0].code}"
        return None


@lru_cache(maxsize=4)
def _read_synonyms(path: str) -> tuple[dict, ...]:
    with open(path, "rb") as handle:
        entries = tomllib.load(handle)["synonym"]
    return tuple(entry | {"keys": [search_key(w) for w in entry["words"]]} for entry in entries)


@lru_cache(maxsize=8)
def _read_translated_synonyms(path: str, english_path: str) -> tuple[dict, ...]:
    """Another language's words, each taking the routines, points and guidance of the English
    entry that holds its `like` word (seed loading refuses a `like` no English entry has)."""
    with open(path, "rb") as handle:
        entries = tomllib.load(handle)["synonym"]
    by_word = {word: entry for entry in _read_synonyms(english_path) for word in entry["words"]}
    return tuple(
        {k: v for k, v in by_word[entry["like"]].items() if k not in ("words", "keys")}
        | {"words": entry["words"], "keys": [search_key(w) for w in entry["words"]]}
        for entry in entries
    )


def synonyms(seed_dir: str, locale: str = DEFAULT_LOCALE) -> tuple[dict, ...]:
    """The synonyms file beside the catalog, each entry with its words as search keys; in another
    language its own words come after the English ones (people type both)."""
    english = str(Path(seed_dir) / _SYNONYMS_FILE)
    translated = Path(seed_dir) / locale / _SYNONYMS_FILE
    if locale == DEFAULT_LOCALE or not translated.is_file():
        return _read_synonyms(english)
    return _read_synonyms(english) + _read_translated_synonyms(str(translated), english)


def routine_key(routine: Routine) -> str:
    """A routine's words to search, in its language and (when translated) in English too."""
    texts = dict.fromkeys(f"{r.title} {r.focus} {r.summary}" for r in (routine, original(routine)))
    return f" {search_key(' '.join(texts))} "


def _vocabulary(entries, routines, points) -> set[str]:
    words = {word for entry in entries for key in entry["keys"] for word in key.split()}
    words |= {word for routine in routines for word in routine_key(routine).split()}
    words |= {word for point in points for word in point.search_text.split() if word != "|"}
    return words


def correct(words: list[str], vocabulary: set[str]) -> list[str]:
    """Each unknown word replaced by its closest known word; codes ("kd11") are never guessed."""
    out = []
    for word in words:
        if word in vocabulary or len(word) < FUZZY_MIN_CHARS or _CODE_LIKE.fullmatch(word):
            out.append(word)
            continue
        best = process.extractOne(word, vocabulary, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        out.append(best[0] if best else word)
    return out


def _mentions(text: str, key: str) -> bool:
    return f" {key} " in f" {text} "


def search_all(
    session, query: str, seed_dir: str, texts: CatalogTexts | None = None
) -> SearchResults:
    """Search routines, points and pain words at once, in the language of `texts`; tolerant of
    typos. The results are shown in that language (English where a text is missing).

    Pain words from the synonyms file bring their routines and points first (longest phrase
    first); then routines whose title, focus or summary hold every word; then points by name.
    """
    texts = texts or CatalogTexts()
    results = SearchResults(query=query)
    words = terms(query[:MAX_QUERY_CHARS])[:MAX_TERMS]
    if not words:
        return results
    entries = synonyms(seed_dir, texts.locale)
    all_routines = texts.routines(
        session.scalars(
            sa.select(Routine).where(Routine.owner_id.is_(None)).order_by(Routine.position)
        ).all()
    )
    all_points = texts.points(session.scalars(sa.select(Point).order_by(Point.code)).all())
    fixed = correct(words, _vocabulary(entries, all_routines, all_points))
    if fixed != words:
        results.corrected = " ".join(fixed)
    text = " ".join(fixed)
    by_slug = {routine.slug: routine for routine in all_routines}
    by_code = {point.code: point for point in all_points}
    matched = sorted(
        (e for e in entries if any(_mentions(text, key) for key in e["keys"])),
        key=lambda e: -max(len(key) for key in e["keys"] if _mentions(text, key)),
    )
    routines: dict[str, Routine] = {}
    points: dict[str, Point] = {}
    pregnancy = False
    for entry in matched:
        if entry.get("guidance") and entry["guidance"] not in results.guidance:
            results.guidance.append(entry["guidance"])
            pregnancy = pregnancy or entry["guidance"] == "pregnancy"
        routines |= {s: by_slug[s] for s in entry.get("routines", []) if s in by_slug}
        points |= {c: by_code[c] for c in entry.get("points", []) if c in by_code}
    for routine in all_routines:
        key = routine_key(routine)
        if all(f" {word}" in key for word in fixed):
            routines.setdefault(routine.slug, routine)
    for point in search_points(session, text):
        points.setdefault(point.code, texts.point(point))
    if not matched and not points:
        for point in search_points(session, query):
            points.setdefault(point.code, texts.point(point))
    if pregnancy:
        # The routines a pregnant person can use, only after the guidance: none of its points
        # is avoided, or treated with caution, in pregnancy.
        safe = [r for r in all_routines if not pregnancy_points(r)]
        routines = {r.slug: r for r in safe}
    results.routines = list(routines.values())
    results.points = list(points.values())
    return results


# --- "Which routine for me?": where and how it hurts, through the same synonyms file. ---

WHERE = (
    ("low-back", _l("Low back"), "lower back"),
    ("one-leg", _l("One leg"), "leg"),
    ("both-legs", _l("Both legs"), "legs"),
    ("hip", _l("Buttock or hip"), "hip"),
    ("upper-back", _l("Upper back and shoulders"), "upper back"),
    ("neck", _l("Neck"), "neck"),
)
HOW = (
    ("stiff", _l("Stiff"), "stiff"),
    ("aching", _l("Aching"), None),
    ("shooting", _l("Shooting down the leg"), "sciatica"),
)
"""(form value, label, the synonyms-file word it stands for; None adds no routine of its own)."""


@dataclass
class Suggestion:
    guidance: str | None = None
    """ "both_legs": pain shooting down both legs goes to the safety guidance, no routine."""
    fits: list[tuple[Routine, list[str]]] = field(default_factory=list)
    """Routines best first, each with the reasons ("Fits: Low back") it was offered."""


def suggest(
    session, where: list[str], how: list[str], seed_dir: str, texts: CatalogTexts | None = None
) -> Suggestion:
    """The routines that fit the chosen places and kinds of pain, best first, each saying why.

    A routine scores more the earlier the synonyms file lists it for a choice; ties keep the
    catalog's order. Shooting pain with both legs routes to the safety guidance instead.
    """
    if "shooting" in how and "both-legs" in where:
        return Suggestion(guidance="both_legs")
    entries = synonyms(seed_dir)
    catalog = sa.select(Routine).where(Routine.owner_id.is_(None)).order_by(Routine.position)
    by_slug = {r.slug: r for r in (texts or CatalogTexts()).routines(session.scalars(catalog))}
    order = list(by_slug)
    scores: dict[str, float] = {}
    reasons: dict[str, list[str]] = {}
    chosen = [o for o in WHERE if o[0] in where] + [o for o in HOW if o[0] in how]
    for _, label, word in chosen:
        if word is None:
            continue
        key = search_key(word)
        entry = next((e for e in entries if key in e["keys"]), None)
        slugs = [s for s in (entry or {}).get("routines", []) if s in by_slug]
        for rank, slug in enumerate(slugs):
            scores[slug] = scores.get(slug, 0) + 1 + (len(slugs) - rank) / (len(slugs) + 1)
            reasons.setdefault(slug, []).append(label)
    best = sorted(scores, key=lambda slug: (-scores[slug], order.index(slug)))
    return Suggestion(fits=[(by_slug[slug], reasons[slug]) for slug in best])


def offline_index(session, seed_dir: str, texts: CatalogTexts | None = None) -> dict:
    """What the browser needs to search the catalog offline (static/js/search-offline.js): the
    synonyms with their keys, and each routine's and point's search keys, as the server made them,
    in the language of `texts`. Offline search leaves out one thing: correcting typos."""
    texts = texts or CatalogTexts()
    routines = texts.routines(
        session.scalars(
            sa.select(Routine).where(Routine.owner_id.is_(None)).order_by(Routine.position)
        ).all()
    )
    points = texts.points(session.scalars(sa.select(Point).order_by(Point.code)).all())
    return {
        "max_chars": MAX_QUERY_CHARS,
        "max_terms": MAX_TERMS,
        "synonyms": [
            {key: entry.get(key) for key in ("keys", "routines", "points", "guidance")}
            for entry in synonyms(seed_dir, texts.locale)
        ],
        "routines": [
            {
                "slug": routine.slug,
                "title": routine.title,
                "focus": routine.focus,
                "summary": routine.summary,
                "key": routine_key(routine),
                "pregnancy_safe": not pregnancy_points(routine),
            }
            for routine in routines
        ],
        "points": [
            {
                "code": point.code,
                "name": point.name,
                "pinyin": point.pinyin,
                "region": point.region,
                "aliases": point.aliases[:4],
                "more_aliases": len(point.aliases) > 4,
                "pressure": point.pressure,
                "back_routine": point.back_routine,
                "search_text": point.search_text,
            }
            for point in points
        ],
    }
