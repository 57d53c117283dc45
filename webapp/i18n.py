"""The string layer: Flask-Babel, which languages are offered, and whose choice picks one."""

import functools
from pathlib import Path

from babel import Locale
from babel.support import NullTranslations
from flask import Flask, current_app, g, has_app_context, has_request_context, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import Babel, LazyString, get_locale, get_translations
from flask_login import current_user
from jinja2 import pass_eval_context
from markupsafe import Markup

DEFAULT_LOCALE = "en"
LANG_COOKIE = "lang"
"""The language of someone not signed in (a signed-in person's choice is in their account)."""
LANG_COOKIE_DAYS = 365

babel = Babel()


def translation_dirs(app: Flask) -> list[Path]:
    """The folders Flask-Babel reads catalogs from (BABEL_TRANSLATION_DIRECTORIES, with ';')."""
    names = app.config.get("BABEL_TRANSLATION_DIRECTORIES", "translations")
    return [Path(app.root_path, name) for name in names.split(";") if name]


def offered_locales(app: Flask | None = None) -> list[str]:
    """English, then every language with a compiled catalog: adding one needs no code change.

    Read from the folders once per app (every request asks), as Flask-Babel keeps each catalog
    it has loaded: a new language is offered after a restart.
    """
    app = app or current_app
    offered = app.extensions.get("backpoint.locales")
    if offered is None:
        offered = app.extensions["backpoint.locales"] = _found_locales(app)
    return list(offered)


def _found_locales(app: Flask) -> tuple[str, ...]:
    found = {
        folder.name
        for base in translation_dirs(app)
        if base.is_dir()
        for folder in base.iterdir()
        if (folder / "LC_MESSAGES" / "messages.mo").is_file()
    }
    return (DEFAULT_LOCALE, *sorted(found - {DEFAULT_LOCALE}))


@functools.cache
def language_name(code: str) -> str:
    """A language's own name for itself ("English", "Español"), as a switch offers it."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def select_locale() -> str | None:
    """The person's own choice (account, else cookie), then Accept-Language, then English."""
    if not has_request_context():
        return None
    offered = offered_locales()
    chosen = None
    if current_user and current_user.is_authenticated:
        chosen = getattr(current_user, "language", None)
    chosen = chosen or request.cookies.get(LANG_COOKIE)
    if chosen in offered:
        return chosen
    return request.accept_languages.best_match(offered) or DEFAULT_LOCALE


def current_language() -> str:
    """The language code of this request ("en", "es"), for <html lang> and page data."""
    locale = get_locale()
    return str(locale.language) if locale else DEFAULT_LOCALE


def _language_choices() -> list[tuple[str, str]]:
    return [(code, language_name(code)) for code in offered_locales()]


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON, which also writes lazy words (page data, API answers) in the language."""

    @staticmethod
    def default(o):
        if isinstance(o, LazyString):
            return str(o)
        return DefaultJSONProvider.default(o)


def _say_language(response):
    # The service worker keeps a page only in the cache of its own language (static/sw.js).
    if response.mimetype == "text/html":
        response.headers["Content-Language"] = current_language()
        response.vary.add("Accept-Language")
    return response


def catalog():
    """The translations of this request's language, looked up once per request and language.

    Flask-Babel finds them anew at every call (four lookups of the request's context): a long
    page asks a few hundred times, which cost several ms a page. The language is checked at
    each call, so force_locale (reminders in each person's language) still gets its own: it
    sets a new Locale on Flask-Babel's context in `g` (flask_babel._get_current_context, a
    pinned version; tests/test_i18n.py forces a language within a request)."""
    if not has_app_context():
        return NullTranslations()  # the strings as written, as Flask-Babel does
    here = vars(g._get_current_object())  # one lookup of `g`, not one an attribute
    found = here.get("_backpoint_catalog")
    if found is not None and found[0] is getattr(here.get("_flask_babel"), "babel_locale", None):
        return found[1]
    locale = get_locale()
    here["_backpoint_catalog"] = found = (locale, get_translations())
    return found[1]


def gettext(string: str, **variables) -> str:
    """Flask-Babel's gettext through `catalog` (the same result, without its lookups)."""
    text = catalog().ugettext(string)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    """Flask-Babel's ngettext through `catalog`: %(num)d is the number, as there."""
    variables.setdefault("num", num)
    return catalog().ungettext(singular, plural, num) % variables


def lazy_gettext(string: str, **variables) -> LazyString:
    """A string translated when it is written out, in the language of that moment."""
    return LazyString(gettext, string, **variables)


def _in_template(eval_ctx, text: str) -> str:
    """A translation as a template writes it, newstyle: markup in an autoescaped template (our
    own catalog's text), so the variables formatted into it are what gets escaped."""
    return Markup(text) if eval_ctx.autoescape else text  # noqa: S704


@pass_eval_context
def _template_gettext(eval_ctx, string: str, /, **variables) -> str:
    """A template's _() and gettext(): `gettext`'s lookup, always formatted (so "%%" is "%"
    with or without variables), as Jinja's newstyle gettext writes it.

    Jinja's own goes through three context calls for each (its `_` looks up `gettext`, which
    wraps the callable given to it): 9 µs a call, a tenth of the history page's drawing. This
    is one call, with the same result."""
    return _in_template(eval_ctx, catalog().ugettext(string)) % variables


@pass_eval_context
def _template_ngettext(eval_ctx, singular: str, plural: str, num: int, /, **variables) -> str:
    """A template's ngettext(), as Jinja's newstyle one writes it: %(num)d is the number."""
    variables.setdefault("num", num)
    return _in_template(eval_ctx, catalog().ungettext(singular, plural, num)) % variables


def init_app(app: Flask) -> None:
    app.json = JSONProvider(app)
    app.after_request(_say_language)
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LOCALE)
    babel.init_app(app, locale_selector=select_locale)
    # Templates' _(), gettext() and ngettext() through `catalog`, newstyle as Flask-Babel
    # installs them (pgettext and npgettext, which no template uses, stay Flask-Babel's).
    app.jinja_env.newstyle_gettext = True
    app.jinja_env.globals.update(
        _=_template_gettext, gettext=_template_gettext, ngettext=_template_ngettext
    )
    app.add_template_global(current_language)
    app.add_template_global(_language_choices, "language_choices")
