"""The catalog: seeding, the JSON API shapes, search, and friendly 404s."""

import re

import pytest
import sqlalchemy as sa

from tests.conftest import SHARED
from webapp.extensions import db
from webapp.models import SIDES, Article, Point, Routine, RoutineStep


def reference_codes() -> list[str]:
    """The WHO codes in the first column of the shared reference table."""
    text = (SHARED / "reference" / "acupoints.md").read_text()
    return re.findall(r"^\| ([A-Z]{2}\d+)\b", text, flags=re.MULTILINE)


def table_counts(app) -> dict[str, int]:
    with app.app_context():
        return {
            model.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
            for model in (Article, Point, Routine, RoutineStep)
        }


def test_seeding_twice_keeps_the_same_rows(app, runner):
    before = table_counts(app)
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    assert f"{before['Point']} points" in result.output
    assert f"{before['Routine']} routines" in result.output
    assert table_counts(app) == before


def test_seed_updates_a_changed_row_in_place(app, runner):
    with app.app_context():
        point = db.session.scalar(sa.select(Point).where(Point.code == "BL23"))
        point.name = "Edited by hand"
        db.session.commit()
    assert runner.invoke(args=["seed"]).exit_code == 0
    with app.app_context():
        names = db.session.scalars(sa.select(Point.name).where(Point.code == "BL23")).all()
    assert names == ["Kidney Shu"]


def test_api_points_holds_every_reference_point_under_its_who_code(client):
    codes = {point["code"] for point in client.get("/api/points").get_json()}
    expected = reference_codes()
    assert len(expected) >= 16
    assert set(expected) <= codes


def test_api_point_has_the_agreed_shape(client):
    points = {p["code"]: p for p in client.get("/api/points").get_json()}
    bl23 = points["BL23"]
    assert bl23["pinyin"] == "Shenshu"
    assert bl23["name"] == "Kidney Shu"
    assert "Sea of Vitality" in bl23["aliases"]
    assert bl23["pressure"] in {"firm", "gentle"}
    assert bl23["bilateral"] is True
    assert bl23["avoid_in_pregnancy"] is True
    assert bl23["location"] and bl23["sources"]
    assert isinstance(bl23["cautions"], list)
    assert points["BL40"]["pressure"] == "gentle"
    assert points["GV20"]["bilateral"] is False
    assert points["GV20"]["avoid_in_pregnancy"] is False


@pytest.mark.parametrize("code", ["LI4", "BL60", "CV6", "BL23", "BL52", "BL53"])
def test_points_traditionally_avoided_in_pregnancy_are_flagged(client, code):
    point = client.get(f"/api/points/{code}").get_json()
    assert point["avoid_in_pregnancy"] is True
    assert point["pregnancy_note"]


def test_every_article_mistake_named_in_the_reference_is_corrected(client):
    points = {p["code"]: p for p in client.get("/api/points").get_json()}
    for code in ("BL40", "BL53", "BL52", "SP10", "GV15", "GB30", "LI10", "LR3"):
        assert points[code]["corrections"], f"{code} should say what an article got wrong"


def test_api_routines_have_sources_and_well_formed_steps(client):
    routines = client.get("/api/routines").get_json()
    assert len(routines) >= 5
    points = {p["code"]: p for p in client.get("/api/points").get_json()}
    for routine in routines:
        assert routine["slug"] and routine["title"] and routine["summary"]
        assert routine["sources"], f"{routine['slug']} names no source"
        assert routine["minutes"] >= 1
        assert routine["steps"]
        for step in routine["steps"]:
            point = points[step["point"]]
            assert step["side"] in SIDES
            assert (step["side"] == "center") == (not point["bilateral"]), step
            assert 10 <= step["seconds"] <= 300
            assert step["instruction"]
            assert point["back_routine"], f"{point['code']} is not a back point"


def test_every_article_has_a_routine(app, client):
    with app.app_context():
        titles = set(db.session.scalars(sa.select(Article.title)))
    used = {title for r in client.get("/api/routines").get_json() for title in r["sources"]}
    assert len(titles) == 5
    assert titles <= used


def test_a_pregnancy_cleared_person_has_at_least_one_routine(client):
    routines = client.get("/api/routines").get_json()
    assert any(not routine["avoid_in_pregnancy"] for routine in routines)


def test_routine_minutes_count_holds_and_get_ready_pauses(client):
    routine = client.get("/api/routines/lower-back-basics").get_json()
    # Holds of 90 + 60 + 60 + 60 s, each after a 3 s get-ready pause: 282 s, about 5 minutes.
    assert [step["seconds"] for step in routine["steps"]] == [90, 60, 60, 60]
    assert routine["total_seconds"] == 282
    assert routine["minutes"] == 5


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("B47", "BL52"),
        ("b47", "BL52"),
        ("B48", "BL53"),
        ("B54", "BL40"),
        ("KD1", "KI1"),
        ("AP1", "LI4"),
        ("Sea of Vitality", "BL23"),
        ("sea of vitality", "BL23"),
        ("Commanding Middle", "BL40"),
        ("hegu", "LI4"),
        ("Hégu", "LI4"),
        ("LI-4", "LI4"),
        ("li 4", "LI4"),
        ("Bladder 54", "BL40"),
        ("bl23", "BL23"),
        ("Xue Hai", "SP10"),
        ("  YONGQUAN ", "KI1"),
    ],
)
def test_search_finds_a_point_by_any_name(client, query, expected):
    codes = [p["code"] for p in client.get("/api/points", query_string={"q": query}).get_json()]
    assert codes, f"{query!r} found nothing"
    assert codes[0] == expected, f"{query!r} found {codes}"


def test_search_of_a_code_does_not_return_the_whole_catalog(client):
    codes = [p["code"] for p in client.get("/api/points?q=KD1").get_json()]
    assert codes == ["KI1"]


@pytest.mark.parametrize("query", ["LI1", "GV1", "BL4", "B4"])
def test_a_code_matches_whole_codes_only(client, query):
    assert client.get("/api/points", query_string={"q": query}).get_json() == []


def test_a_partly_typed_name_still_finds_its_point(client):
    codes = [p["code"] for p in client.get("/api/points?q=yongq").get_json()]
    assert codes == ["KI1"]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "x" * 500,
        "😀🔥",
        "'; DROP TABLE point; --",
        "%",
        "_",
        "\\",
        "<script>alert(1)</script>",
    ],
)
def test_odd_searches_answer_no_results(client, query):
    page = client.get("/points", query_string={"q": query})
    assert page.status_code == 200
    assert "No results" in page.get_data(as_text=True)
    api = client.get("/api/points", query_string={"q": query})
    assert api.status_code == 200
    assert api.get_json() == []


def test_search_results_escape_the_query(client):
    page = client.get("/points", query_string={"q": "<b>bold</b>"}).get_data(as_text=True)
    assert "<b>bold</b>" not in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page


def test_point_catalog_without_a_query_lists_every_point(client):
    html = client.get("/points").get_data(as_text=True)
    for code in reference_codes():
        assert f'href="/points/{code}"' in html


@pytest.mark.parametrize(
    "path", ["/routines/no-such-routine", "/points/XX99", "/nowhere", "/points/%F0%9F%98%80"]
)
def test_unknown_pages_get_a_friendly_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "Browse the routines" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/api/routines/no-such-routine", "/api/points/XX99", "/api/x"])
def test_unknown_api_paths_get_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.is_json
    assert response.get_json()["error"] == "Not Found"


def test_lower_case_point_code_redirects_to_the_canonical_page(client):
    response = client.get("/points/bl23")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/points/BL23")


def test_routine_page_shows_steps_sides_times_and_sources(client):
    routine = client.get("/api/routines").get_json()[0]
    html = client.get(f"/routines/{routine['slug']}").get_data(as_text=True)
    assert routine["title"] in html
    for step in routine["steps"]:
        assert f'href="/points/{step["point"]}"' in html
    for title in routine["sources"]:
        assert title.replace("'", "&#39;") in html
