"""Browse by body area: every point in one area, pages of each area, the outline's links."""

import re

import sqlalchemy as sa

from webapp import bodymap
from webapp.extensions import db
from webapp.models import Point


def test_every_point_region_is_in_exactly_one_area(app):
    with app.app_context():
        regions = set(db.session.scalars(sa.select(Point.region)))
    for region in regions:
        holders = [area.key for area in bodymap.AREAS if region in area.regions]
        assert len(holders) == 1, (region, holders)


def test_the_outline_links_every_area_and_the_list_repeats_them(client):
    page = client.get("/body").get_data(as_text=True)
    for area in bodymap.AREAS:
        assert page.count(f'href="/body/{area.key}"') == 2, area.key
        assert f'aria-label="{area.name}"' in page


def test_an_area_lists_its_points_and_the_routines_that_press_them(client):
    page = client.get("/body/lower-back").get_data(as_text=True)
    assert "BL23" in page and "CV6" in page and "GV20" not in page
    assert 'href="/routines/lower-back-basics"' in page
    legs = client.get("/body/legs").get_data(as_text=True)
    assert "BL40" in legs and "SP10" in legs
    assert "Not a back point: listed to correct an article" in legs


def test_an_unknown_area_is_404(client):
    assert client.get("/body/elbow").status_code == 404


def test_the_area_pages_are_precached_for_offline_use(client):
    worker = client.get("/sw.js").get_data(as_text=True)
    assert "/body" in worker
    assert all(f"/body/{area.key}" in worker for area in bodymap.AREAS)
    assert not re.search(r"/routines/my-", worker)
