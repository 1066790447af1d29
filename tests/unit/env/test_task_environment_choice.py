"""Which environment runs `pyxi run TASK` without `-e` (pixi's search): `default` first, its
task's `default-environment`, then every environment, a candidate naming itself, ambiguity."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from pyxi.diagnostics import PyxiError
from pyxi.env.tasks import choose_environment
from pyxi.manifest.parse import parse_manifest
from pyxi.workspace.environment import Environment, Workspace, build_workspace

MANIFEST = """\
[workspace]
name = "w"
channels = []
platforms = ["linux-64", "win-64"]

[tasks]
shared = "echo shared"
test = { cmd = "pytest", default-environment = "py312" }
gone = { cmd = "x", default-environment = "nope" }

[feature.py312.tasks]
test = "pytest -x"
other = "echo py312"

[feature.py313.tasks]
other = { cmd = "echo py313", default-environment = "py313" }
override = "echo feature"

[feature.winonly]
platforms = ["win-64"]

[feature.winonly.tasks]
shared = "echo windows"

[environments]
py312 = ["py312"]
py313 = ["py313"]
win = ["winonly"]

[environments.solo.tasks]
inline = "echo solo"
"""


def _workspace() -> Workspace:
    return build_workspace(parse_manifest(textwrap.dedent(MANIFEST), Path("/w/pixi.toml")))


def _linux(env: Environment):  # this "machine" runs linux-64 only
    return env.platform("linux-64")


@pytest.mark.parametrize(
    ("task", "expected"),
    [
        ("test", "py312"),      # found in `default`, whose definition names py312
        ("gone", "default"),    # a default-environment that does not exist: `default`
        ("shared", "default"),  # `win` defines it differently, but cannot run here
        ("inline", "solo"),     # only an inline environment has it
        ("override", "py313"),  # only one environment has it
        ("other", "py313"),     # two have it; py313's own definition names py313
        ("nothing", None),      # not a task: a command
    ],
)
def test_environment_choice(task: str, expected: str | None) -> None:
    env = choose_environment(_workspace(), task, None, _linux)
    assert (env.name if env else None) == expected


def test_explicit_environment_and_ambiguity() -> None:
    workspace = _workspace()
    env = choose_environment(workspace, "test", "default", _linux)
    assert env is not None and env.name == "default"
    assert choose_environment(workspace, "inline", "default", _linux) is None
    ambiguous = MANIFEST.replace('other = { cmd = "echo py313", default-environment = "py313" }',
                                 'other = "echo py313"')
    workspace = build_workspace(parse_manifest(ambiguous, Path("/w/pixi.toml")))
    with pytest.raises(PyxiError, match="`other` is ambiguous"):
        choose_environment(workspace, "other", None, _linux)
