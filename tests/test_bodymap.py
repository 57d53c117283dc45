"""The body map: every catalog point has coordinates on a known view and renders for each side."""

import xml.etree.ElementTree as ET

import pytest

from tests.conftest import ROOT
from webapp import bodymap
from webapp.services.catalog import read_seed

SVG = "{http://www.w3.org/2000/svg}"
POINTS = read_seed(ROOT / "seed_data")["points"]


def sides(point):
    return ["left", "right", "both"] if point["bilateral"] else ["center"]


def markers(svg):
    return [c for c in svg.iter(f"{SVG}circle") if c.get("class") == "bm-point"]


@pytest.mark.parametrize("view", sorted(bodymap.VIEWS))
def test_each_view_draws_valid_svg(view):
    svg = ET.fromstring(str(bodymap.render(view, 10, 10, "center", "x")))
    figure = bodymap.VIEWS[view]
    width, height = figure.size
    margin = figure.margin
    assert svg.get("viewBox") == " ".join(
        f"{n:g}" for n in (0 - margin or 0, 0, width + 2 * margin, height)
    )
    assert figure.seen


@pytest.mark.parametrize("point", POINTS, ids=[p["code"] for p in POINTS])
def test_every_point_has_coordinates_inside_its_view(point):
    view = bodymap.VIEWS[point["map"]["view"]]
    width, height = view.size
    assert 0 < point["map"]["x"] < width
    assert 0 < point["map"]["y"] < height


@pytest.mark.parametrize(
    ("point", "side"),
    [(p, side) for p in POINTS for side in sides(p)],
    ids=[f"{p['code']}-{side}" for p in POINTS for side in sides(p)],
)
def test_every_point_renders_on_each_of_its_sides(point, side):
    where = point["map"]
    markup = str(
        bodymap.render(where["view"], where["x"], where["y"], side, f"Where {point['code']} is")
    )
    assert "style=" not in markup and "<style" not in markup
    svg = ET.fromstring(markup)
    assert svg.get("role") == "img"
    title = svg.find(f"{SVG}title")
    assert title.text == f"Where {point['code']} is"
    assert svg.get("aria-labelledby") == title.get("id")
    view = bodymap.VIEWS[where["view"]]
    found = markers(svg)
    if view.mirror == "body":
        expected = {"both": 2}.get(side, 1)
        assert len(found) == expected
        xs = sorted(float(c.get("cx")) for c in found)
        width = view.size[0]
        if side == "right":
            assert xs == [pytest.approx(width - where["x"], abs=0.1)]
        if side == "both":
            assert xs == pytest.approx(sorted([where["x"], width - where["x"]]), abs=0.1)
    else:
        assert len(found) == 1
        mirrored = "scale(-1 1)" in markup
        assert mirrored == (side == "right")


def test_the_same_point_twice_on_a_page_gets_distinct_title_ids():
    first = ET.fromstring(str(bodymap.render("back", 90, 150, "both", "x", uid="1")))
    again = ET.fromstring(str(bodymap.render("back", 90, 150, "both", "x", uid="4")))
    assert first.find(f"{SVG}title").get("id") != again.find(f"{SVG}title").get("id")


def test_an_unknown_side_is_refused():
    with pytest.raises(ValueError, match="side must be one of"):
        bodymap.render("back", 90, 150, "up", "x")


def test_zoom_shows_the_part_of_the_body_around_the_point_with_its_side_labels():
    low_back = ET.fromstring(str(bodymap.render("back", 91, 153, "both", "x", zoom=True)))
    assert low_back.get("viewBox") == "-56 43 312 220"
    texts = [t.text for t in low_back.iter(f"{SVG}text")]
    assert texts == ["Left", "Right"]
    assert [float(t.get("y")) for t in low_back.iter(f"{SVG}text")] == [69, 69]
    # The labels start at the outer edges of the margins beside the figure's 0..200 width.
    left, right = low_back.iter(f"{SVG}text")
    assert (float(left.get("x")), left.get("text-anchor")) == (-54, None)
    assert (float(right.get("x")), right.get("text-anchor")) == (254, "end")
    knee = ET.fromstring(str(bodymap.render("back", 82, 282, "left", "x", zoom=True)))
    assert knee.get("viewBox") == "-56 172 312 220"
    hand = ET.fromstring(str(bodymap.render("hand", 123, 150, "left", "x", zoom=True)))
    assert hand.get("viewBox") == bodymap.VIEWS["hand"].view_box
