"""The test world ships as a pytest plugin that pytest finds through the package's metadata."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest


def test_declared_as_a_pytest11_entry_point(request: pytest.FixtureRequest) -> None:
    (entry,) = [e for e in entry_points(group="pytest11") if e.name == "pyxi"]
    assert entry.value == "pyxi.testing.pytest_plugin"
    plugin = request.config.pluginmanager.get_plugin("pyxi")
    assert plugin is not None and plugin.__name__ == "pyxi.testing.pytest_plugin"


def test_another_suite_gets_the_fixtures_without_a_conftest(tmp_path: Path) -> None:
    """A project that only installs pyxi can ask for its fixtures; nothing is built until asked."""
    (tmp_path / "test_uses_pyxi.py").write_text(
        "def test_it(package_cache, mapping_server):\n"
        "    import os\n"
        "    assert package_cache.is_dir()\n"
        "    assert os.environ['PYXI_CONDA_PYPI_MAPPING_URL'] == mapping_server.url\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(tmp_path),
         str(tmp_path), f"--basetemp={tmp_path / 'tmp'}"],
        capture_output=True, text=True, cwd=tmp_path, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout


def test_importing_the_plugin_builds_nothing() -> None:
    code = ("import sys, pyxi.testing.pytest_plugin; "
            "print(sorted(m for m in sys.modules if m.startswith(('pyxi.', 'rattler'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['pyxi.testing', 'pyxi.testing.pytest_plugin']"
