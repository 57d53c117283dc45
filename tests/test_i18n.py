"""Two languages: who picks one, the switch, the catalogs, and no English left in Spanish."""

import re
import shutil
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

import pytest
import sqlalchemy as sa
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from tests.conftest import dispose_engine, make_app
from tests.shared import session_payload
from webapp.extensions import db
from webapp.models import Point, Routine, User

TRANSLATIONS = Path(__file__).resolve().parent.parent / "webapp" / "translations"
SPANISH_PO = TRANSLATIONS / "es" / "LC_MESSAGES" / "messages.po"
SPANISH = {"Accept-Language": "es-ES,es;q=0.9,en;q=0.5"}


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True)).group(1)


def read_catalog(path: Path = SPANISH_PO):
    with path.open("rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize(
    ("accept", "lang"),
    [
        ("es-ES,es;q=0.9", "es"),
        ("es-MX", "es"),
        ("en-GB,en;q=0.8", "en"),
        ("fr-FR", "en"),
        ("", "en"),
    ],
)
def test_browser_language_picks_the_page_language(client, accept, lang):
    assert html_lang(client.get("/", headers={"Accept-Language": accept})) == lang


def test_the_lang_cookie_wins_over_the_browser(client):
    client.set_cookie("lang", "en")
    assert html_lang(client.get("/", headers=SPANISH)) == "en"
    client.set_cookie("lang", "es")
    assert html_lang(client.get("/about", headers={"Accept-Language": "en"})) == "es"


def test_an_unknown_lang_cookie_falls_back_to_the_browser(client):
    client.set_cookie("lang", "xx")
    assert html_lang(client.get("/", headers=SPANISH)) == "es"


def switch(client, auth, language: str, next_page: str = "/about"):
    return client.post(
        "/language", data={"language": language, "next": next_page, "csrf_token": auth.csrf()}
    )


def test_the_switch_remembers_the_choice_in_a_cookie(client, auth):
    response = switch(client, auth, "es")
    assert response.status_code == 303
    assert response.headers["Location"] == "/about"
    cookie = client.get_cookie("lang")
    assert cookie.value == "es" and cookie.same_site == "Lax"
    page = client.get("/about", headers={"Accept-Language": "en"})
    assert html_lang(page) == "es"
    assert "Acerca de Backpoint" in page.get_data(as_text=True)


def test_the_switch_needs_its_csrf_token(client):
    response = client.post("/language", data={"language": "es", "next": "/"})
    assert response.status_code == 400
    assert client.get_cookie("lang") is None


def test_the_switch_ignores_an_unknown_language_and_a_foreign_next(client, auth):
    response = switch(client, auth, "xx", next_page="https://evil.example/")
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    assert client.get_cookie("lang") is None


def test_a_signed_in_choice_is_kept_in_the_account(app, client, signed_in):
    switch(client, signed_in, "es", next_page="/history")
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == "ada@example.com"))
        assert user.language == "es"
    # A new browser (no cookie) that signs in to the account speaks Spanish at once.
    other = app.test_client()
    other_auth = type(signed_in)(other)
    assert other_auth.login().status_code == 302
    assert html_lang(other.get("/history", headers={"Accept-Language": "en"})) == "es"


def test_every_page_has_the_switch_with_the_languages_named_in_themselves(client):
    body = client.get("/routines").get_data(as_text=True)
    assert 'action="/language"' in body
    assert 'lang="es" aria-pressed="false">Español</button>' in body
    assert 'lang="en" aria-pressed="true">English</button>' in body


def test_spanish_catalog_is_complete_with_no_fuzzy_entries():
    catalog = read_catalog()
    messages = [message for message in catalog if message.id]
    assert len(messages) > 900
    untranslated = [
        m.id for m in messages if not all(m.string if isinstance(m.string, tuple) else [m.string])
    ]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert untranslated == []
    assert fuzzy == []
    assert catalog.num_plurals == 3


def test_spanish_catalog_keeps_every_placeholder():
    problems = [
        (message.id, errors)
        for message in read_catalog()
        if message.id and (errors := list(message.check(read_catalog())))
    ]
    assert problems == []


def test_compiled_spanish_catalog_matches_its_po():
    """The .mo files are committed (see README "Adding a language"): they must not drift."""
    with (SPANISH_PO.with_suffix(".mo")).open("rb") as handle:
        compiled = read_mo(handle)
    built = BytesIO()
    write_mo(built, read_catalog())
    built.seek(0)
    fresh = read_mo(built)

    def table(catalog):
        return {_key(m.id): _key(m.string) for m in catalog if m.id}

    assert table(compiled) == table(fresh)


def _key(value):
    return tuple(value) if isinstance(value, list | tuple) else value


def test_a_third_language_needs_no_code_change(database, tmp_path):
    """A compiled catalog in a translations folder is all it takes to offer a language."""
    folder = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS, folder)
    stub = folder / "fr" / "LC_MESSAGES"
    stub.mkdir(parents=True)
    catalog = read_catalog()
    catalog.locale = "fr"
    for message in catalog:
        if message.id == "About Backpoint":
            message.string = "À propos de Backpoint"
        elif message.id:
            message.string = "" if isinstance(message.id, str) else ("",) * catalog.num_plurals
    with (stub / "messages.mo").open("wb") as handle:
        write_mo(handle, catalog)
    app = make_app(database, BABEL_TRANSLATION_DIRECTORIES=str(folder))
    client = app.test_client()
    page = client.get("/about", headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    body = page.get_data(as_text=True)
    assert html_lang(page) == "fr"
    assert "À propos de Backpoint" in body
    assert 'lang="fr" aria-pressed="true">Français</button>' in body
    with app.app_context():
        dispose_engine()


class VisibleText(HTMLParser):
    """The text a person reads or hears: element text and the attributes screen readers say."""

    SKIP = {"script", "style", "template"}
    SPOKEN = (
        "aria-label",
        "alt",
        "title",
        "placeholder",
        "data-leave-words",
        "data-leave-label",
        "data-stay-label",
    )

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        for name, value in attrs:
            if value and (
                name in self.SPOKEN
                or (tag == "input" and name == "value" and ("type", "submit") in attrs)
            ):
                self.parts.append(value)
        if tag == "meta" and ("name", "description") in attrs:
            self.parts.append(dict(attrs).get("content", ""))

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


SEED = Path(__file__).resolve().parent.parent / "seed_data"


def english_phrases() -> set[str]:
    """Runs of at least three words of every English message whose Spanish differs.

    A phrase the catalog content also uses (an article's title, a routine's focus) is left out:
    that text is translated with the seed data, not in the interface catalog."""
    seed = " ".join(" ".join(path.read_text().split()) for path in SEED.glob("*.toml"))
    found = set()
    for message in read_catalog():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for english in ids:
            if english in strings:
                continue
            text = re.sub(r"<[^>]+>", " ", english)
            for fragment in re.split(r"%\([a-z_]+\)[sd]|\{[a-z]+\}|%%", text):
                fragment = " ".join(fragment.split()).strip(" .,:;()“”")
                if len(fragment.split()) >= 3 and fragment not in seed:
                    found.add(fragment)
    return found


def spanish_pages(app, client, auth) -> dict[str, str]:
    """Every page a person can reach, rendered in Spanish (the player's states are in its page)."""
    with app.app_context():
        slug = db.session.scalar(sa.select(Routine.slug).where(Routine.owner_id.is_(None)).limit(1))
        code = db.session.scalar(sa.select(Point.code).limit(1))
    public = [
        "/",
        "/about",
        "/routines",
        f"/routines/{slug}",
        "/points",
        f"/points/{code}",
        "/points?q=zzzz",
        "/search",
        "/search?q=leg",
        "/search?q=pregnant",
        "/search?q=zzzz",
        "/which-routine",
        "/which-routine?where=low-back&how=stiff",
        "/which-routine?where=both-legs",
        "/body",
        "/body/lower-back",
        "/offline",
        "/login",
        "/register",
        "/forgot",
        "/start",
        "/no-such-page",
    ]
    pages = {path: client.get(path, headers=SPANISH).get_data(as_text=True) for path in public}
    assert auth.register().status_code == 302
    pages["signed in /welcome"] = client.get("/welcome", headers=SPANISH).get_data(as_text=True)
    client.post("/welcome", data={"csrf_token": auth.csrf()})
    auth.post_session(session_payload(routine=slug, pain_before=6, pain_after=3, note="Mejor"))
    auth.post_session(session_payload(routine=slug, pain_before=4, pain_after=5))
    private = [
        "/",
        "/history",
        "/history?range=all",
        "/account",
        "/account/password",
        "/account/delete",
        "/reminders",
        "/report",
        "/report/share",
        "/report/links",
        f"/routines/{slug}/session",
        "/history/add",
        "/history/pain-check",
        "/history/peg",
        "/compare",
        "/routines/new",
        "/welcome",
    ]
    for path in private:
        pages["signed in " + path] = client.get(path, headers=SPANISH).get_data(as_text=True)
    return pages


def test_no_english_interface_string_is_left_on_any_spanish_page(app, client, auth):
    phrases = english_phrases()
    assert len(phrases) > 500
    left = {}
    for path, html in spanish_pages(app, client, auth).items():
        assert '<html lang="es">' in html, path
        text = visible_text(html)
        found = sorted(phrase for phrase in phrases if phrase in text)
        if found:
            left[path] = found
    assert left == {}


def test_the_body_maps_side_labels_are_in_the_page_language(client):
    """One-word labels escape the phrase check above: the back view's Left/Right margins."""
    spanish = client.get("/points/BL23", headers=SPANISH).get_data(as_text=True)
    english = client.get("/points/BL23").get_data(as_text=True)
    assert ">Left</text>" in english and ">Right</text>" in english
    assert ">Izquierda</text>" in spanish and ">Derecha</text>" in spanish
    assert ">Left</text>" not in spanish and ">Right</text>" not in spanish


def test_templates_follow_a_language_forced_within_the_same_request(app):
    """The templates' catalog is looked up once per request, yet force_locale (a reminder or
    an email in the person's own language) still switches it, and back."""
    from flask import render_template_string
    from flask_babel import force_locale

    with app.test_request_context("/", headers=SPANISH):
        assert render_template_string('{{ _("Sessions") }}') == "Sesiones"
        with force_locale("en"):
            assert render_template_string('{{ _("Sessions") }}') == "Sessions"
            assert (
                render_template_string('{{ ngettext("%(num)d session", "%(num)d sessions", 2) }}')
                == "2 sessions"
            )
        assert render_template_string('{{ _("Sessions") }}') == "Sesiones"
    with app.test_request_context("/"):
        assert render_template_string('{{ _("Sessions") }}') == "Sessions"
        with force_locale("es"):
            assert render_template_string('{{ _("Sessions") }}') == "Sesiones"


TEMPLATE_WORDS = [
    '{{ _("Sessions") }}',
    '{{ gettext("Sessions") }}',
    '{{ _("at %(time)s", time="<b>18:05</b>") }}',
    "{{ _(\"at %(time)s\", time=('<time>%s</time>'|safe) % '18:05') }}",
    '{{ _("100%% of %(what)s", what="a & b") }}',
    '{{ _("%(routine)s, %(date)s at %(time)s", routine="R", date="D", time="T") }}',
    '{{ ngettext("%(num)d session", "%(num)d sessions", 1) }}',
    '{{ ngettext("%(num)d session", "%(num)d sessions", n) }}',
    '{{ ngettext("%(done)d of %(num)d hold done", "%(done)d of %(num)d holds done", 3, done=2) }}',
    '{% set words = _("Delete") %}{{ words }}|{{ words|length }}',
    "{% autoescape false %}{{ _(\"at %(time)s\", time='<b>') }}{% endautoescape %}",
]


@pytest.mark.parametrize("source", TEMPLATE_WORDS)
@pytest.mark.parametrize("headers", [{}, SPANISH], ids=["en", "es"])
def test_templates_words_are_jinjas_newstyle_gettext(app, source, headers):
    """A template's _(), gettext() and ngettext() are one call each (webapp/i18n.py), and
    write exactly what Jinja's newstyle ones write: escaped variables, markup kept, "%%"."""
    from flask import render_template_string
    from jinja2.ext import _gettext_alias, _make_new_gettext, _make_new_ngettext

    from webapp.i18n import catalog

    with app.test_request_context("/", headers=headers):
        ours = render_template_string(source, n=5)
        env = app.jinja_env
        saved = {name: env.globals[name] for name in ("_", "gettext", "ngettext")}
        env.globals.update(
            _=_gettext_alias,
            gettext=_make_new_gettext(lambda string: catalog().ugettext(string)),
            ngettext=_make_new_ngettext(lambda s, p, n: catalog().ungettext(s, p, n)),
        )
        try:
            jinjas = render_template_string(source, n=5)
        finally:
            env.globals.update(saved)
    assert ours == jinjas
    assert env.globals["_"] is not _gettext_alias  # the lean one is installed
