"""Property: any mutation of a real manifest gives success or exactly one clean error.

The spec manifests (tests/data/spec_manifests) are mutated structurally (a value replaced by
one of another type, a key removed or added) and textually (bytes cut or inserted), then run
through `pyxi lock` in this process. Channels point at a path that does not exist and the
network is blocked, so no mutation solves anything: the outcome is a manifest error, a channel
error, or (when nothing is left to solve) success.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
import tomlkit
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from .inprocess import BLOCKED_NETWORK, NO_CHANNEL, assert_one_clean_error, lock_manifest

SPEC = Path(__file__).resolve().parents[1] / "data" / "spec_manifests"
BASES = sorted(SPEC.glob("*.toml"))
KEYS = ["name", "channels", "platforms", "dependencies", "pypi-dependencies", "version",
        "system-requirements", "environments", "feature", "tasks", "target", "cuda", "features",
        "solve-group", "index-url", "extra-index-urls", "channel-priority", "extras", "index",
        "activation", "no-default-feature", "requires-python", "project", "workspace", "x"]
EXAMPLES = int(os.environ.get("PYXI_FUZZ_EXAMPLES", "500"))


def _neutralize(node: Any) -> None:
    """Every channel → a path that does not exist (no network, no real solve)."""
    if isinstance(node, dict):
        for key in list(node):
            if key == "channels" and isinstance(node[key], list):
                node[key] = [NO_CHANNEL]
            elif key == "channel" and isinstance(node[key], str):
                node[key] = NO_CHANNEL
            else:
                _neutralize(node[key])
    elif isinstance(node, list):
        for item in node:
            _neutralize(item)


def _base_documents() -> list[tomlkit.TOMLDocument]:
    documents = []
    for path in BASES:
        document = tomlkit.parse(path.read_text())
        _neutralize(document)
        documents.append(document)
    return documents


DOCUMENTS = _base_documents()


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = []
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for key, value in items:
        found.append((*prefix, key))
        found.extend(_paths(value, (*prefix, key)))
    return found


scalars = st.one_of(
    st.integers(-5, 10**6), st.booleans(), st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["*", "", ">=1", "==1.0", "1.0", ">=1,<<2", "=>1", "linux-64", "win-64",
                     "osx-arm64", "bogus", "12.0", "cuda", "default", "foo bar", "../x",
                     "https://user:pw@127.0.0.1:9/c", "\x00", "pytorch >=2", "numpy[extra]"]),
    st.text(max_size=12),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.sampled_from(KEYS), inner, max_size=3)),
    max_leaves=6,
)


@st.composite
def structural(draw: st.DrawFn) -> str:
    document = tomlkit.parse(tomlkit.dumps(draw(st.sampled_from(DOCUMENTS))))
    paths = _paths(document)
    path = draw(st.sampled_from(paths))
    parent: Any = document
    for key in path[:-1]:
        parent = parent[key]
    action = draw(st.sampled_from(["replace", "delete", "add"]))
    try:
        if action == "replace":
            parent[path[-1]] = draw(values)
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from(KEYS))] = draw(values)
    except Exception:  # noqa: BLE001, S110 - tomlkit refuses some edits (a key already there): keep as is
        pass
    return tomlkit.dumps(document)


@st.composite
def textual(draw: st.DrawFn) -> str:
    text = tomlkit.dumps(draw(st.sampled_from(DOCUMENTS)))
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, min(len(text), start + 40)))
    insert = draw(st.sampled_from(["", "[", "]", "=", '"', "\n", "{", "}", ",", "#", "[[x]]\n", "\x00"]))
    return text[:start] + insert + text[end:]


@pytest.fixture(scope="module")
def sandbox() -> Any:
    saved = dict(os.environ)
    os.environ.update(BLOCKED_NETWORK)
    with tempfile.TemporaryDirectory(prefix="pyxi-fuzz-") as folder:
        os.environ["PIXI_CACHE_DIR"] = str(Path(folder) / "cache")
        yield Path(folder)
    os.environ.clear()
    os.environ.update(saved)


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.one_of(structural(), textual()))
def test_mutated_manifests_fail_cleanly(sandbox: Path, text: str) -> None:
    name = "pyproject.toml" if "[tool.pixi" in text else "pixi.toml"
    folder = Path(tempfile.mkdtemp(dir=sandbox))
    path = folder / name
    path.write_text(text, encoding="utf-8", errors="surrogateescape")
    code, stderr = lock_manifest(path)
    event("located error" if "  --> " in stderr else "channel error" if "cannot fetch" in stderr
          else f"exit {code}" if code == 0 else "other error")
    if code == 0:
        assert "error" not in stderr.lower(), stderr
        return
    assert_one_clean_error(code, stderr, context=f"--- manifest ({name})\n{text}")
