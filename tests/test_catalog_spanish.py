"""Catalog pages, the catalog API and search in the request's language, English behind each."""

import json
import tomllib
from pathlib import Path

import pytest
import sqlalchemy as sa

from webapp.extensions import db
from webapp.models import Routine
from webapp.practice.routes import player_data
from webapp.services.catalog import read_seed
from webapp.services.catalog_text import catalog_texts
from webapp.services.search import search_all
from webapp.translation_models import CatalogText

SEED = Path(__file__).resolve().parent.parent / "seed_data"
SPANISH = read_seed(SEED)["translations"]["es"]
CASES = tomllib.loads((SEED / "es" / "search_cases.toml").read_text())["case"]
BASICS = SPANISH["routines"]["lower-back-basics"]
KNEE = SPANISH["points"]["BL40"]
ACCEPT_SPANISH = {"Accept-Language": "es-ES,es;q=0.9,en;q=0.5"}


@pytest.fixture(params=["accept-language", "cookie"])
def spanish(request, client):
    """A client whose requests ask for Spanish, by the browser's language or by the lang cookie."""
    if request.param == "cookie":
        client.set_cookie("lang", "es")
        return client, {"Accept-Language": "en"}
    return client, ACCEPT_SPANISH


def page(client, url, headers=None) -> str:
    response = client.get(url, headers=headers or {})
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_the_routine_page_shows_the_spanish_steps(spanish):
    client, headers = spanish
    html = page(client, "/routines/lower-back-basics", headers)
    assert BASICS["title"] in html
    assert BASICS["summary"] in html
    assert all(step in html for step in BASICS["steps"])
    assert SPANISH["points"]["BL23"]["location"] in html
    assert "Lower back basics" not in html


def test_the_point_page_shows_the_spanish_cautions_and_corrections(spanish):
    client, headers = spanish
    html = page(client, "/points/BL40", headers)
    assert all(caution in html for caution in KNEE["cautions"])
    assert KNEE["how_to_find"] in html
    assert KNEE["corrections"][0]["correct"] in html
    assert "blood clot" not in html


@pytest.mark.parametrize(
    "url, expected",
    [
        ("/", BASICS["title"]),
        ("/routines", SPANISH["routines"]["flare-sitting"]["title"]),
        ("/points", SPANISH["points"]["KI1"]["name"]),
        ("/body/lower-back", SPANISH["points"]["BL52"]["name"]),
        ("/search?q=ciatica", SPANISH["routines"]["lower-back-and-sciatica"]["title"]),
        ("/which-routine?where=low-back", BASICS["title"]),
    ],
)
def test_the_catalog_lists_are_in_spanish(spanish, url, expected):
    client, headers = spanish
    assert expected in page(client, url, headers)


def test_english_stays_the_default(client):
    html = page(client, "/routines/lower-back-basics", {"Accept-Language": "de, en;q=0.5"})
    assert "Lower back basics" in html
    assert BASICS["title"] not in html


def test_the_api_answers_in_spanish_and_says_so(spanish):
    client, headers = spanish
    response = client.get("/api/routines/lower-back-basics", headers=headers)
    body = response.get_json()
    assert response.headers["Content-Language"] == "es"
    assert {"Accept-Language", "Cookie"} <= set(response.vary)
    assert body["title"] == BASICS["title"]
    assert [step["instruction"] for step in body["steps"]] == BASICS["steps"]
    assert body["steps"][0]["point_name"] == SPANISH["points"]["BL23"]["name"]
    assert [s["seconds"] for s in body["steps"]] == [90, 60, 60, 60]
    points = client.get("/api/points", headers=headers).get_json()
    knee = next(point for point in points if point["code"] == "BL40")
    assert knee["cautions"] == KNEE["cautions"]
    english = client.get("/api/points/BL40?lang=en").get_json()
    assert [c["article"] for c in knee["corrections"]] == [
        c["article"] for c in english["corrections"]
    ]
    assert [c["said"] for c in knee["corrections"]] == [c["said"] for c in KNEE["corrections"]]
    assert knee["pressure"] == "gentle"


def test_the_language_in_the_url_wins_and_is_a_cache_key_of_its_own(client):
    client.set_cookie("lang", "es")
    english = client.get("/api/routines?lang=en")
    spanish = client.get("/api/routines?lang=es", headers={"Accept-Language": "en"})
    assert english.headers["Content-Language"] == "en"
    assert english.get_json()[0]["title"] == "Lower back basics"
    assert spanish.get_json()[0]["title"] == BASICS["title"]
    # The answer depends on the URL alone: a cache keyed by URL cannot mix the languages.
    assert "Accept-Language" not in spanish.vary


def test_the_offline_search_index_is_in_spanish_with_spanish_words(client):
    index = client.get("/api/search-index?lang=es").get_json()
    titles = [routine["title"] for routine in index["routines"]]
    assert BASICS["title"] in titles
    words = {key for entry in index["synonyms"] for key in entry["keys"]}
    assert {"ciatica", "embarazada", "planta del pie", "sciatica"} <= words
    basics = next(r for r in index["routines"] if r["slug"] == "lower-back-basics")
    assert " zona lumbar " in basics["key"] and " lower back " in basics["key"]


def test_a_field_missing_in_spanish_falls_back_to_english(app, client):
    with app.app_context():
        row = db.session.scalar(
            sa.select(CatalogText).where(CatalogText.kind == "point", CatalogText.key == "BL40")
        )
        row.fields = {k: v for k, v in row.fields.items() if k != "how_to_find"}
        db.session.commit()
    knee = client.get("/api/points/BL40?lang=es").get_json()
    assert knee["name"] == KNEE["name"]
    assert knee["how_to_find"].startswith("Sit or lie with the knee a little bent.")


@pytest.mark.parametrize("case", CASES, ids=[case["query"] for case in CASES])
def test_each_spanish_word_and_misspelling_finds_the_expected_first(app, case):
    with app.app_context():
        texts = catalog_texts(db.session, "es")
        results = search_all(db.session, case["query"], app.config["SEED_DIR"], texts)
        assert results.first() == case["first"]


def test_spanish_search_results_are_shown_in_spanish(app):
    with app.app_context():
        texts = catalog_texts(db.session, "es")
        results = search_all(db.session, "embarazada", app.config["SEED_DIR"], texts)
        english = search_all(db.session, "pregnant", app.config["SEED_DIR"])
        assert [r.slug for r in results.routines] == [r.slug for r in english.routines]
        titles = [routine.title for routine in results.routines]
        assert titles == [SPANISH["routines"][r.slug]["title"] for r in english.routines]
        points = search_all(db.session, "rodilla", app.config["SEED_DIR"], texts).points
        assert points[0].name == KNEE["name"]


def test_spanish_words_are_not_searched_for_an_english_page(app):
    with app.app_context():
        results = search_all(db.session, "lumbago", app.config["SEED_DIR"])
        assert results.first() == "routine:lower-back-basics"
        assert search_all(db.session, "embarazada", app.config["SEED_DIR"]).guidance == []


def test_the_player_gets_spanish_steps_with_the_serious_cautions_first(app):
    with app.app_context():
        row = db.session.scalar(sa.select(Routine).where(Routine.slug == "lower-back-basics"))
        data = player_data(catalog_texts(db.session, "es").routine(row))
    knee = data["steps"][1]
    assert data["title"] == BASICS["title"]
    assert knee["instruction"] == BASICS["steps"][1]
    assert knee["how_to_find"] == KNEE["how_to_find"]
    assert [step["seconds"] for step in data["steps"]] == [90, 60, 60, 60]
    # The English puts the blood-clot warning first; the Spanish list follows that order.
    assert "coágulo" in knee["cautions"][0]
    assert sorted(knee["cautions"]) == sorted(KNEE["cautions"])


def test_the_session_page_carries_spanish_player_data(client, signed_in):
    client.post("/welcome", data={"csrf_token": signed_in.csrf()})
    client.set_cookie("lang", "es")
    html = page(client, "/routines/lower-back-basics/session")
    data = json.loads(html.split('id="routine-data">')[1].split("</script>")[0])
    assert [step["instruction"] for step in data["steps"]] == BASICS["steps"]
