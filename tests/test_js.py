"""The pure browser modules (timeline, pain change, safety routing) under Node's test runner."""

import json
import os
import shutil
import subprocess

from tests.conftest import ROOT
from tests.test_search_all import CASES
from webapp import safety
from webapp.extensions import db
from webapp.services.search import search_all
from webapp.services.stats import is_meaningful, meaningful_rule


def search_table(app, client, path) -> str:
    """The offline search index as the browser gets it, and what the server's own search puts
    first for each case of seed_data/search_cases.toml it answers without correcting a typo."""
    cases = []
    with app.app_context():
        for case in CASES:
            results = search_all(db.session, case["query"], app.config["SEED_DIR"])
            if results.corrected is None:
                assert results.first() == case["first"]
                cases.append({"query": case["query"], "expected": case["first"]})
    assert len(cases) >= len(CASES) // 2, "most cases are typed right: the table is really used"
    index = client.get("/api/search-index").get_json()
    path.write_text(json.dumps({"index": index, "cases": cases}))
    return str(path)


def test_javascript_unit_tests_pass(app, client, tmp_path):
    node = shutil.which("node")
    assert node, "Node.js is needed for the JavaScript unit tests (make test installs it)"
    # The safety rules reach the JavaScript tests as the browser gets them: from the server.
    env = os.environ | {
        "BACKPOINT_SAFETY_RULES": json.dumps(safety.rules()),
        "BACKPOINT_SEARCH_TABLE": search_table(app, client, tmp_path / "search.json"),
        # The meaningful-change rule as page data, and the server's verdict on every pair.
        "BACKPOINT_MEANINGFUL_RULE": json.dumps(meaningful_rule()),
        "BACKPOINT_MEANINGFUL_TABLE": json.dumps(
            [[b, a, is_meaningful(b, a)] for b in range(11) for a in range(11)]
        ),
    }
    result = subprocess.run(
        [node, "--test", "tests/js/"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout
