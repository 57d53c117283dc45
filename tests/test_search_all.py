"""One search for everything: the case table beside the synonyms, typos, and the /search page."""

import tomllib
from pathlib import Path

import pytest
import sqlalchemy as sa

from webapp.extensions import db
from webapp.models import Point, Routine
from webapp.safety import pregnancy_points
from webapp.services.search import search_all, synonyms

SEED = Path(__file__).resolve().parent.parent / "seed_data"
CASES = tomllib.loads((SEED / "search_cases.toml").read_text())["case"]


@pytest.mark.parametrize("case", CASES, ids=[case["query"] for case in CASES])
def test_each_word_and_misspelling_finds_the_expected_first(app, case):
    with app.app_context():
        results = search_all(db.session, case["query"], app.config["SEED_DIR"])
        assert results.first() == case["first"]


def test_every_routine_and_point_the_synonyms_name_is_in_the_catalog(app):
    with app.app_context():
        slugs = set(db.session.scalars(sa.select(Routine.slug)))
        codes = set(db.session.scalars(sa.select(Point.code)))
        for entry in synonyms(app.config["SEED_DIR"]):
            assert set(entry.get("routines", [])) <= slugs, entry["words"]
            assert set(entry.get("points", [])) <= codes, entry["words"]


def test_pregnancy_offers_only_routines_without_points_avoided_in_pregnancy(app):
    with app.app_context():
        results = search_all(db.session, "pregnant", app.config["SEED_DIR"])
        assert results.guidance == ["pregnancy"]
        assert results.routines
        assert all(not pregnancy_points(routine) for routine in results.routines)


def test_a_typo_is_corrected_and_said(app):
    with app.app_context():
        results = search_all(db.session, "siatica", app.config["SEED_DIR"])
        assert results.corrected == "sciatica"
        exact = search_all(db.session, "sciatica", app.config["SEED_DIR"])
        assert exact.corrected is None


def test_a_code_is_never_guessed_into_another(app):
    with app.app_context():
        results = search_all(db.session, "kd11", app.config["SEED_DIR"])
        assert results.points == []
        assert results.corrected is None


@pytest.mark.parametrize("query", ["", "   ", "😀", "!!!", "x" * 5000, "a\x00b"])
def test_odd_input_is_answered_not_crashed(client, query):
    response = client.get("/search", query_string={"q": query})
    assert response.status_code == 200


def test_nonsense_says_no_results(client):
    response = client.get("/search", query_string={"q": "zzqqxx"})
    assert response.status_code == 200
    assert "No results" in response.get_data(as_text=True)


def test_search_page_shows_guidance_before_routines_for_pregnancy(client):
    page = client.get("/search", query_string={"q": "pregnant"}).get_data(as_text=True)
    assert page.index("Ask your doctor or midwife first") < page.index('class="card routine-card"')


def test_search_page_without_a_query_is_a_form(client):
    page = client.get("/search").get_data(as_text=True)
    assert 'role="search"' in page and "No results" not in page


def test_points_search_keeps_working(client):
    page = client.get("/points", query_string={"q": "kd1"}).get_data(as_text=True)
    assert "KI1" in page
