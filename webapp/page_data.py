"""What every page hands its scripts (#app-data): the language, the interface words the browser
modules use (from the same catalog as the pages), the shared vocabulary and the rules both sides
apply, so nothing is written twice in JavaScript."""

import functools
from pathlib import Path

from babel import Locale
from babel.messages.extract import extract_from_file
from flask import current_app
from flask_babel import get_translations

from webapp.i18n import DEFAULT_LOCALE, current_language
from webapp.outcomes import OUTCOME_WORDS
from webapp.security import PRIVATE_CACHE_PREFIX, PRIVATE_PATHS
from webapp.services.stats import meaningful_rule
from webapp.vocabulary import PAIN_WORDS, PRESSURE_WORDS, SIDE_LABELS, SIDE_WORDS, plain

PLURAL_ORDER = ("zero", "one", "two", "few", "many", "other")
"""Babel numbers a language's gettext plural forms in this CLDR order (babel.plural)."""


@functools.lru_cache(maxsize=8)
def _script_messages(folder: str, stamp: tuple) -> tuple:
    """Every gettext/ngettext message of static/js (stamp: the files' mtimes, so edits count)."""
    found = {}
    for path in sorted(Path(folder).glob("*.js")):
        for _line, message, _comments, _context in extract_from_file("javascript", str(path)):
            message = message if isinstance(message, str) else tuple(message)
            # A call on a variable (no literal to translate) has nothing to hand over.
            if message and all(message):
                found[message] = None
    return tuple(found)


def script_messages() -> tuple:
    folder = Path(current_app.static_folder) / "js"
    stamp = tuple(path.stat().st_mtime_ns for path in sorted(folder.glob("*.js")))
    return _script_messages(str(folder), stamp)


def script_catalog(language: str) -> dict:
    """The browser modules' messages in this language: msgid -> text or {CLDR category: text}."""
    if language == DEFAULT_LOCALE:
        return {}
    translations = get_translations()
    tags = Locale.parse(language).plural_form.tags | {"other"}
    categories = [tag for tag in PLURAL_ORDER if tag in tags]
    catalog = {}
    for message in script_messages():
        if isinstance(message, str):
            text = translations.gettext(message)
            if text != message:
                catalog[message] = text
            continue
        singular = message[0]
        # gettext keeps a plural message's forms by index; the browser picks them by category.
        forms = {
            category: translations._catalog.get((singular, index))
            for index, category in enumerate(categories)
        }
        if all(forms.values()):
            catalog[singular] = forms
    return catalog


def app_data() -> dict:
    """The #app-data of every page."""
    language = current_language()
    return {
        "lang": language,
        "messages": script_catalog(language),
        "words": {
            "sides": plain(SIDE_LABELS),
            "side_words": plain(SIDE_WORDS),
            "pressures": plain(PRESSURE_WORDS),
            "outcomes": plain(OUTCOME_WORDS),
            "pain": plain(PAIN_WORDS),
        },
        "rules": {
            "meaningful": meaningful_rule(),
            "private_paths": list(PRIVATE_PATHS),
            "private_cache_prefix": PRIVATE_CACHE_PREFIX,
        },
    }
