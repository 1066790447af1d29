"""The house rules, checked: layers import downwards only, engines stay behind their adapters."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "pyxi"

# Higher layers may import lower ones, never the reverse (design.md's data flow).
LAYERS = ["cli", "doctor", "global_", "sync", "pack", "env", "lock", "conda", "pypi", "workspace",
          "manifest"]
# Plain data and helpers every layer may use.
SHARED = {"pyxi", "pyxi.consts", "pyxi.diagnostics", "pyxi.cache", "pyxi.progress", "pyxi.digest",
          "pyxi.manifest.model", "pyxi.lock.model", "pyxi.lock.repodata"}
# conda and pypi are siblings: neither may import the other.
SIBLINGS = {("conda", "pypi"), ("pypi", "conda")}


def _modules() -> list[tuple[str, Path]]:
    result = []
    for path in SRC.rglob("*.py"):
        parts = path.relative_to(SRC).with_suffix("").parts
        result.append((".".join(("pyxi", *parts)).removesuffix(".__init__"), path))
    return result


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else None


@pytest.mark.parametrize(("module", "path"), _modules(), ids=lambda v: str(v) if isinstance(v, str) else "")
def test_layers_import_downwards(module: str, path: Path) -> None:
    own = _layer(module)
    if own is None:
        return
    for name in _imports(path):
        if not name.startswith("pyxi.") or any(name == s or name.startswith(s + ".") for s in SHARED - {"pyxi"}):
            continue
        other = _layer(name)
        if other is None or other == own:
            continue
        assert (own, other) not in SIBLINGS, f"{module} imports its sibling {name}"
        assert LAYERS.index(other) > LAYERS.index(own), f"{module} ({own}) imports {name} ({other}), a layer above it"


def test_engines_stay_behind_their_adapters() -> None:
    allowed_rattler = ("pyxi.conda", "pyxi.testing", "pyxi.lock.repodata", "pyxi.manifest.specs")
    for module, path in _modules():
        imports = _imports(path)
        if any(name == "rattler" or name.startswith("rattler.") for name in imports):
            assert module.startswith(allowed_rattler), f"{module} imports rattler"
        if "uv" in imports:
            assert module.startswith(("pyxi.pypi", "pyxi.testing")), f"{module} runs uv"
