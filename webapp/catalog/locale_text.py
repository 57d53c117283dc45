"""The request's language for the catalog's text (webapp/i18n.py chooses the language)."""

from flask import Response, g, request

from webapp.extensions import db
from webapp.i18n import current_language, offered_locales
from webapp.services.catalog_text import CatalogTexts, catalog_texts

LANG_ARG = "lang"
"""`?lang=es` on the catalog API: the language in the URL, so a cache keyed by URL (the service
worker's) keeps each language apart."""


def request_locale() -> str:
    """The catalog language of this request: `?lang=` when given and known, else Babel's."""
    asked = request.args.get(LANG_ARG)
    if asked in offered_locales():
        return asked
    return current_language()


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
