"""Input deep enough to exhaust Python's stack: long `depends-on` and `include-group` chains
work (the walks are iterative), a long dependency chain prints as a tree, and TOML nested
deeper than a reader accepts is a located error, never "internal error: RecursionError"."""

from __future__ import annotations

import hashlib

import pytest

from .conftest import Workspace

HEADER = '[workspace]\nname = "deep"\nchannels = []\nplatforms = ["linux-64"]\n'
CHAIN = 1500  # well past Python's default recursion limit of 1000


def _task_chain(length: int, cycle: bool = False) -> str:
    first = f't0 = {{ cmd = "echo first", depends-on = ["t{length - 1}"] }}\n' if cycle else 't0 = "echo first"\n'
    rest = "".join(f't{i} = {{ cmd = "true", depends-on = ["t{i - 1}"] }}\n' for i in range(1, length))
    return HEADER + "\n[tasks]\n" + first + rest


def test_a_long_depends_on_chain_runs_in_order(workspace: Workspace) -> None:
    workspace.write(_task_chain(CHAIN))
    result = workspace.pyxi("run", "-n", f"t{CHAIN - 1}")
    announced = [line.split("(")[1].split(" in ")[0] for line in result.stderr.splitlines() if "pyxi task" in line]
    assert announced == [f"t{i}" for i in range(CHAIN)]
    assert workspace.pyxi("run", f"t{CHAIN - 1}").returncode == 0


def test_a_long_depends_on_cycle_is_reported(workspace: Workspace) -> None:
    workspace.write(_task_chain(CHAIN, cycle=True))
    result = workspace.pyxi("run", "-n", "t5", expect=1)
    assert result.stderr.startswith("error: task `t5` depends on itself: t5 -> t4 -> t3"), result.stderr


def test_a_long_include_group_chain_is_expanded(workspace: Workspace) -> None:
    groups = "".join(f'g{i} = [{{ include-group = "g{i - 1}" }}]\n' for i in range(1, CHAIN))
    workspace.write(
        '[project]\nname = "me"\nversion = "0.1"\n\n[dependency-groups]\ng0 = ["colorama"]\n' + groups
        + '\n[tool.pixi.workspace]\nchannels = []\nplatforms = ["linux-64"]\n'
        + f'\n[tool.pixi.environments]\nlast = ["g{CHAIN - 1}"]\n',
        "pyproject.toml",
    )
    result = workspace.pyxi("lock", expect=1)  # colorama needs a python: the chain was expanded
    assert "has PyPI dependencies but no python" in result.stderr, result.stderr


NESTED = 1200


@pytest.mark.parametrize("filename", ["pixi.toml", "pyproject.toml"])
@pytest.mark.parametrize("command", [("run", "echo"), ("lock",), ("install",), ("task", "list")],
                         ids=" ".join)
def test_toml_nested_too_deeply_is_a_located_error(workspace: Workspace, filename: str, command: tuple[str, ...]) -> None:
    text = _deep_manifest(workspace, filename)
    result = workspace.pyxi(*command, expect=1)
    line = text[: text.index("y = [")].count("\n") + 1
    assert result.stderr.startswith(f"error: invalid TOML in {filename}: arrays or inline tables nested {NESTED} levels deep")
    assert f"--> {workspace.root / filename}:{line}" in result.stderr
    assert "help: " in result.stderr


def _deep_manifest(workspace: Workspace, filename: str) -> str:
    deep = "[" * NESTED + "]" * NESTED
    if filename == "pixi.toml":
        text = HEADER + f"\n[tool.other]\nx = 1\ny = {deep}\n"
    else:
        text = f'[project]\nname = "me"\n\n[tool.pixi.workspace]\nchannels = []\nplatforms = ["linux-64"]\n\n[tool.x]\ny = {deep}\n'
    workspace.write(text, filename)
    return text


@pytest.mark.parametrize("filename", ["pixi.toml", "pyproject.toml"])
def test_info_reports_the_machine_despite_a_deep_manifest(workspace: Workspace, filename: str) -> None:
    _deep_manifest(workspace, filename)
    result = workspace.pyxi("info")  # as for any unreadable manifest: the machine part only
    assert "Platform" in result.stdout and "internal error" not in result.stderr


def test_editing_toml_nested_too_deeply_is_a_located_error(workspace: Workspace) -> None:
    workspace.write(HEADER + "\n[tool.other]\ny = " + "[" * 150 + "]" * 150 + "\n")  # pyxi reads it
    workspace.pyxi("task", "list")
    result = workspace.pyxi("add", "--no-install", "foo", expect=1)
    assert result.stderr.startswith("error: cannot edit pixi.toml:")
    assert f"--> {workspace.root / 'pixi.toml'}:7" in result.stderr and "help: " in result.stderr


def _chain_lock(length: int) -> str:
    """A v6 lock whose conda packages p0 → p1 → … depend on each other in one long chain."""
    url = "https://example.org/chan/linux-64/p{i}-1.0-0.conda"
    envs = "".join(f"      - conda: {url.format(i=i)}\n" for i in range(length))
    packages = "".join(
        f"- conda: {url.format(i=i)}\n  sha256: {hashlib.sha256(str(i).encode()).hexdigest()}\n"
        f"  md5: {hashlib.md5(str(i).encode()).hexdigest()}\n"
        + (f"  depends:\n  - p{i + 1}\n" if i + 1 < length else "")
        for i in range(length)
    )
    return ("version: 6\nenvironments:\n  default:\n    channels:\n    - url: https://example.org/chan/\n"
            f"    packages:\n      linux-64:\n{envs}packages:\n{packages}")


def test_a_long_dependency_chain_prints_as_a_tree(workspace: Workspace) -> None:
    workspace.write(HEADER.replace("channels = []", 'channels = ["https://example.org/chan"]')
                    + '\n[dependencies]\np0 = "*"\n')
    workspace.lock.write_text(_chain_lock(CHAIN))
    result = workspace.pyxi("tree", "--frozen")
    lines = result.stdout.splitlines()
    assert len(lines) == CHAIN and lines[0] == "p0 1.0"
    assert lines[-1].endswith(f"└── p{CHAIN - 1} 1.0")
    inverted = workspace.pyxi("tree", "--frozen", "--invert", f"p{CHAIN - 1}").stdout.splitlines()
    assert len(inverted) == CHAIN and inverted[-1].endswith("└── p0 1.0")


def test_the_iterative_walk_keeps_order_sharing_and_cycles(workspace: Workspace) -> None:
    tasks = ('a = { cmd = "true", depends-on = ["b", "c"] }\nb = { cmd = "true", depends-on = ["d"] }\n'
             'c = { cmd = "true", depends-on = ["d"] }\nd = "true"\n'
             'x = { cmd = "true", depends-on = ["y"] }\ny = { cmd = "true", depends-on = ["x"] }\n')
    workspace.write(HEADER + "\n[tasks]\n" + tasks)
    result = workspace.pyxi("run", "-n", "a")
    announced = [line.split("(")[1].split(" in ")[0] for line in result.stderr.splitlines() if "pyxi task" in line]
    assert announced == ["d", "b", "c", "a"]  # dependencies first, in order, a shared one once
    cycle = workspace.pyxi("run", "-n", "x", expect=1)
    assert cycle.stderr.startswith("error: task `x` depends on itself: x -> y -> x"), cycle.stderr
