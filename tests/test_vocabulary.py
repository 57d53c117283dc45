"""One source for the words and rules both sides use: the server's, handed to the browser."""

import json
import re
from pathlib import Path

import pytest

from webapp.security import PRIVATE_PATHS
from webapp.services.stats import is_meaningful
from webapp.vocabulary import PRESSURES, SIDE_LABELS, SIDE_WORDS, SIDES

ROOT = Path(__file__).resolve().parent.parent
CASES = json.loads((ROOT / "tests" / "meaningful_cases.json").read_text())["cases"]


@pytest.mark.parametrize(("before", "after", "meaningful"), CASES)
def test_meaningful_change_follows_the_shared_case_table(before, after, meaningful):
    assert is_meaningful(before, after) is meaningful


def app_data(client, path="/", **headers) -> dict:
    html = client.get(path, headers=headers).get_data(as_text=True)
    found = re.search(r'<script type="application/json" id="app-data">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def test_every_page_hands_its_scripts_the_words_and_rules(client):
    data = app_data(client, "/routines")
    assert data["lang"] == "en" and data["messages"] == {}
    assert data["words"]["sides"] == {side: str(SIDE_LABELS[side]) for side in SIDES}
    assert data["words"]["side_words"] == {side: str(SIDE_WORDS[side]) for side in SIDES}
    assert set(data["words"]["pressures"]) == set(PRESSURES)
    assert data["rules"]["meaningful"] == {"points": 2, "percent": 30}
    assert data["rules"]["private_paths"] == list(PRIVATE_PATHS)


def test_spanish_pages_hand_their_scripts_spanish_words(client):
    data = app_data(client, "/routines", **{"Accept-Language": "es"})
    assert data["lang"] == "es"
    assert data["words"]["sides"]["left"] == "Lado izquierdo"
    assert data["messages"]["Press and hold"] == "Mantén la presión"
    assert data["messages"]["%(num)d second left."] == {
        "one": "Queda %(num)d segundo.",
        "many": "Quedan %(num)d segundos.",
        "other": "Quedan %(num)d segundos.",
    }


def test_scripts_write_no_side_words_of_their_own():
    """The side words live in vocabulary.py only; scripts read them from the page data."""
    for path in (ROOT / "webapp" / "static" / "js").glob("*.js"):
        source = path.read_text()
        assert "'Left side'" not in source and "'Both sides at once'" not in source, path.name
