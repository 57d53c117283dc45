"""The pure browser modules (timeline, pain change) under Node's own test runner."""

import shutil
import subprocess

from tests.conftest import ROOT


def test_javascript_unit_tests_pass():
    node = shutil.which("node")
    assert node, "Node.js is needed for the JavaScript unit tests (make test installs it)"
    result = subprocess.run(
        [node, "--test", "tests/js/"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout
