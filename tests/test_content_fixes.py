"""Content the catalog review found wrong: article summaries, CV6's place, source wording."""

import re

from tests.conftest import ROOT
from webapp import bodymap
from webapp.services.catalog import read_seed

SEED = read_seed(ROOT / "seed_data")
ARTICLES = {article["key"]: article for article in SEED["articles"]}
POINTS = {point["code"]: point for point in SEED["points"]}


def test_the_too_far_out_buttock_point_is_blamed_on_article_003_not_001():
    assert "too far out" not in ARTICLES["001"]["reliability"]
    assert "hand-width from the sacrum" in ARTICLES["003"]["reliability"]


def test_article_002_gives_one_to_two_minutes_only_for_bl23_and_bl40():
    summary = ARTICLES["002"]["summary"]
    assert "held for 1 to 2 minutes:" not in summary
    assert "1 to 2 minutes on BL23 and BL40" in summary


def test_article_004_holds_b47_for_one_to_two_minutes():
    summary = ARTICLES["004"]["summary"]
    assert "each held for 30 to 60 seconds" not in summary
    assert "'B47') for 1 to 2 minutes" in summary


def test_cv6_is_drawn_one_and_a_half_cun_below_the_navel():
    # The front view's navel is its small midline circle; the groin lines meet the pubic bone,
    # and navel to pubic bone is 5 cun (acupoints.md).
    front = bodymap.VIEWS["front"].markup
    navel = float(re.search(r'<circle class="bm-line" cx="100" cy="([\d.]+)"', front).group(1))
    pubic = float(re.search(r'C\d+ \d+ \d+ \d+ 96 ([\d.]+)"', front).group(1))
    cun = (pubic - navel) / 5
    cv6 = POINTS["CV6"]["map"]
    assert cv6["view"] == "front"
    assert (cv6["y"] - navel) / cun == 1.5


def test_source_citations_say_the_routine_was_adapted(client):
    html = client.get("/routines/lower-back-basics").get_data(as_text=True)
    assert re.search(r"<li>Adapted from <cite>[^<]+</cite></li>", html)
    point = client.get("/points/BL23").get_data(as_text=True)
    assert "Adapted from <cite>" in point
