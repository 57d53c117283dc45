"""The pure browser modules (timeline, pain change, safety routing) under Node's test runner."""

import json
import os
import shutil
import subprocess

from tests.conftest import ROOT
from webapp import safety


def test_javascript_unit_tests_pass():
    node = shutil.which("node")
    assert node, "Node.js is needed for the JavaScript unit tests (make test installs it)"
    # The safety rules reach the JavaScript tests as the browser gets them: from the server.
    env = os.environ | {"BACKPOINT_SAFETY_RULES": json.dumps(safety.rules())}
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
