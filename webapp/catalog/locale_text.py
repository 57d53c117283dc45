"""The request's language for the catalog's text, and a minimal Babel set-up until the string
layer's own (webapp/i18n.py, issue 18a) replaces `select_locale` and `init_app` here."""

from flask import Flask, Response, g, request
from flask_babel import Babel, get_locale

from webapp.extensions import db
from webapp.services.catalog_text import DEFAULT_LOCALE, CatalogTexts, catalog_texts

LANGUAGES = (DEFAULT_LOCALE, "es")
LANG_COOKIE = "lang"
LANG_ARG = "lang"
"""`?lang=es` on the catalog API: the language in the URL, so a cache keyed by URL (the service
worker's) keeps each language apart."""


def select_locale() -> str:
    """The `lang` cookie when it names a language we have, else the browser's Accept-Language."""
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT_LOCALE


def init_app(app: Flask) -> None:
    if "babel" not in app.extensions:
        Babel(app, locale_selector=select_locale)


def request_locale() -> str:
    """The catalog language of this request: `?lang=` when given and known, else Babel's."""
    asked = request.args.get(LANG_ARG)
    if asked in LANGUAGES:
        return asked
    locale = get_locale()
    return locale.language if locale is not None else DEFAULT_LOCALE


def texts() -> CatalogTexts:
    """The catalog's text in the request's language, read once per request."""
    locale = request_locale()
    cached = g.get("catalog_texts")
    if cached is None or cached.locale != locale:
        cached = g.catalog_texts = catalog_texts(db.session, locale)
    return cached


def in_language(response: Response) -> Response:
    """Say which language a catalog answer is in, and what chose it when the URL did not."""
    response.headers["Content-Language"] = request_locale()
    if LANG_ARG not in request.args:
        response.vary.update(("Accept-Language", "Cookie"))
    return response
