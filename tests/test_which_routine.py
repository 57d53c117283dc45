"""'Which routine for me?': where and how it hurts -> routines that fit, best first, saying why."""

import pytest

from webapp.extensions import db
from webapp.services.search import HOW, WHERE, suggest


def slugs(app, where, how):
    with app.app_context():
        result = suggest(db.session, where, how, app.config["SEED_DIR"])
        return result.guidance, [(routine.slug, reasons) for routine, reasons in result.fits]


def test_low_back_and_stiff_puts_the_routine_that_fits_both_first(app):
    guidance, fits = slugs(app, ["low-back"], ["stiff"])
    assert guidance is None
    assert fits[0] == ("lower-back-basics", ["Low back", "Stiff"])
    assert all(reasons for _, reasons in fits)


def test_shooting_down_one_leg_offers_the_sciatica_routine_first(app):
    _, fits = slugs(app, ["one-leg"], ["shooting"])
    assert fits[0][0] == "lower-back-and-sciatica"


@pytest.mark.parametrize("where", [["both-legs"], ["both-legs", "low-back"]])
def test_shooting_down_both_legs_routes_to_the_safety_guidance_only(app, where):
    assert slugs(app, where, ["shooting"]) == ("both_legs", [])


def test_every_place_offers_at_least_one_routine(app):
    for value, _, _ in WHERE:
        assert slugs(app, [value], [])[1], value


def test_unknown_choices_are_ignored_not_crashed(client):
    response = client.get("/which-routine?where=elbow&how=%00&how=stiff")
    assert response.status_code == 200
    assert "Stiff" in response.get_data(as_text=True)


def test_the_page_says_why_and_routes_both_legs_to_help(client):
    html = client.get("/which-routine?where=upper-back").get_data(as_text=True)
    assert "Why:</strong> it fits upper back and shoulders." in html
    html = client.get("/which-routine?where=both-legs&how=shooting").get_data(as_text=True)
    assert "get checked first" in html and "routine-card" not in html


def test_how_options_name_words_the_synonyms_file_has(app):
    from webapp.services.search import search_key, synonyms

    keys = {key for entry in synonyms(app.config["SEED_DIR"]) for key in entry["keys"]}
    for _, label, word in WHERE + HOW:
        assert word is None or search_key(word) in keys, label
