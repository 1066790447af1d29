"""CI runs the checks, then exactly the test command README.md gives."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_ci_ends_with_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("**Run the tests**", 1)[1]
    command = re.search(r"```sh\n(.+?)\n```", block, re.DOTALL)
    assert command is not None
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert lines[-1] == command.group(1)
    checks = lines[:-1]
    assert ".venv/bin/ruff check src tests" in checks and ".venv/bin/mypy" in checks


def test_the_checkers_are_pinned_in_the_test_extra() -> None:
    import tomli

    project = tomli.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    extra = project["project"]["optional-dependencies"]["test"]
    assert {"ruff>=0.17,<0.18", "mypy>=2,<3", "types-PyYAML>=6"} <= set(extra)
    assert project["tool"]["mypy"]["files"] == ["src"]
