"""The house rules, checked: every module has a place, layers import downwards only, shared
modules are standard-library leaves, engines stay behind their adapters.

The layers, top down (design.md, "Architecture"): data flows manifest → workspace → solve →
lock → install → run, and every package imports only its own modules, the layers below it and
the shared leaves. Every import counts: absolute or relative, at the top of a module or inside a
function, under `TYPE_CHECKING` too.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "pyxi"

# Top down. Packages on one line are siblings: neither may import the other.
LAYERS: list[tuple[str, ...]] = [
    ("testing",),  # the hermetic test world (a pytest plugin): may use anything, used by none
    ("__main__",),  # the console script: the import-light shortcuts, then the CLI
    ("cli",),  # one module per command: flags in, one call to sync/ (or below), text out
    ("doctor",),  # `pyxi doctor`'s checks
    ("global_",),  # tools outside workspaces: `pyxi global`, `exec`, `search`
    ("sync",),  # the pipelines behind the commands: lock if stale → install if changed
    ("pack",),  # `pack`/`unpack` archives and `workspace export` formats
    ("freshness",),  # is the lock up to date for the manifest? typed reasons
    ("env",),  # prefixes, stamps, host checks, platform selection, activation, run, tasks
    ("build",),  # pixi-build: source packages as rattler-build recipes, rendered and built
    ("conda", "pypi"),  # the engines' adapters: rattler / uv
    ("workspace",),  # environments = features merged per platform
    ("config",),  # pixi's config.toml files: read, merged, edited; plain values for the rest
    ("lockfile",),  # the pixi.lock format
    ("manifest",),  # TOML → typed model
]
# Shared leaves every layer may use: standard library only, importing no pyxi module but these.
SHARED = frozenset({
    "pyxi", "pyxi.atomic", "pyxi.cache", "pyxi.consts", "pyxi.datamodel", "pyxi.diagnostics", "pyxi.digest", "pyxi.envflags",
    "pyxi.helpers", "pyxi.names", "pyxi.output", "pyxi.progname", "pyxi.progress", "pyxi.quickargs",
    "pyxi.quickio", "pyxi.quickstate", "pyxi.redact", "pyxi.scratch",
})
# Other packages a shared leaf may import (inside a function), and why.
SHARED_EXTRAS = {
    "pyxi.progress": {"rich"},  # the spinner, imported only when one is drawn
    "pyxi.datamodel": {"typing_extensions"},  # for type checkers only (under TYPE_CHECKING)
}
# Where each engine may be imported.
ENGINES = {
    "rattler": ("pyxi.conda", "pyxi.testing",
                # conda specs in a manifest are checked with rattler's own parser, so a bad one
                # is a located manifest error (the manifest layer cannot call conda/)
                "pyxi.manifest.specs"),
    "uv": ("pyxi.pypi", "pyxi.testing"),
    "rattler_build": ("pyxi.build", "pyxi.testing"),
}
RANK = {package: rank for rank, line in enumerate(LAYERS) for package in line}


def modules(root: Path) -> Iterator[tuple[str, Path]]:
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        yield ".".join((root.name, *parts)).removesuffix(".__init__"), path


def imports(module: str, path: Path) -> set[str]:
    """Every module `module` imports, absolute names (`from a import b` gives `a` and `a.b`)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*parent, *([node.module] if node.module else [])])
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def layer(module: str) -> str | None:
    """The layer a pyxi module belongs to (its package, or `__main__`); None for the rest."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in RANK else None


def placement_problems(root: Path) -> list[str]:
    return [f"{module} is in no layer and is not a shared leaf"
            for module, _ in modules(root) if layer(module) is None and module not in SHARED]


def layer_problems(root: Path) -> list[str]:
    """Upward and sideways imports between layers, and shared leaves that are not leaves."""
    known = {module for module, _ in modules(root)}
    problems = []
    for module, path in modules(root):
        for name in sorted(imports(module, path)):
            if name in known and name != module:
                problem = _import_problem(module, name)
                if problem:
                    problems.append(problem)
    return problems


def _import_problem(module: str, name: str) -> str | None:
    if module in SHARED:
        return None if name in SHARED else f"shared leaf {module} imports {name}"
    own, other = layer(module), layer(name)
    if name in SHARED or other is None or own is None or own == other:
        return None
    if RANK[other] < RANK[own]:
        return f"{module} ({own}) imports {name} ({other}), a layer above it"
    if RANK[other] == RANK[own]:
        return f"{module} imports {name}: {own} and {other} are siblings"
    return None


def foreign_imports(root: Path) -> list[str]:
    """Imports of a shared leaf that are neither the standard library nor allowed extras."""
    problems = []
    for module, path in modules(root):
        if module not in SHARED:
            continue
        allowed = SHARED_EXTRAS.get(module, set())
        for name in imports(module, path):
            top = name.split(".")[0]
            if top != "pyxi" and top not in sys.stdlib_module_names and top not in allowed:
                problems.append(f"shared leaf {module} imports {name}")
    return problems


# ------------------------------------------------------------------------------ the rules


def test_every_module_has_a_place() -> None:
    assert placement_problems(SRC) == []


def test_layers_import_downwards() -> None:
    assert layer_problems(SRC) == []


def test_shared_leaves_use_the_standard_library_only() -> None:
    assert foreign_imports(SRC) == []


def test_engines_stay_behind_their_adapters() -> None:
    for module, path in modules(SRC):
        used = {name.split(".")[0] for name in imports(module, path)}
        for engine, allowed in ENGINES.items():
            if engine in used:
                assert module.startswith(allowed), f"{module} imports {engine}"


# -------------------------------------------------------------------- the checker itself


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "pyxi"
    for name, text in {"__init__.py": "", **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


CLEAN = {
    "cli/__init__.py": "", "cli/run.py": "from pyxi.sync import install\n",
    "sync/__init__.py": "", "sync/install.py": "from ..env import stamp\nfrom . import lock\n",
    "sync/lock.py": "def f():\n    from pyxi.lockfile.model import LockFile\n",
    "env/__init__.py": "", "env/stamp.py": "from pyxi import atomic\nimport json\n",
    "lockfile/__init__.py": "", "lockfile/model.py": "from pyxi.names import x\n",
    "atomic.py": "import os\nfrom pyxi import consts\n", "consts.py": "", "names.py": "",
}


@pytest.mark.parametrize(("files", "expected"), [
    ({}, []),
    ({"lockfile/model.py": "from pyxi.cli import run\n"},
     ["pyxi.lockfile.model (lockfile) imports pyxi.cli (cli), a layer above it",
      "pyxi.lockfile.model (lockfile) imports pyxi.cli.run (cli), a layer above it"]),
    ({"env/stamp.py": "from ..sync.install import x\n"},
     ["pyxi.env.stamp (env) imports pyxi.sync.install (sync), a layer above it"]),
    ({"lockfile/model.py": "def late():\n    from .. import env\n"},
     ["pyxi.lockfile.model (lockfile) imports pyxi.env (env), a layer above it"]),
    ({"conda/__init__.py": "", "pypi/__init__.py": "import pyxi.conda\n"},
     ["pyxi.pypi imports pyxi.conda: pypi and conda are siblings"]),
    ({"atomic.py": "from pyxi.env import stamp\n"},
     ["shared leaf pyxi.atomic imports pyxi.env", "shared leaf pyxi.atomic imports pyxi.env.stamp"]),
])
def test_the_checker_sees_every_upward_import(tmp_path: Path, files: dict[str, str],
                                              expected: list[str]) -> None:
    root = _tree(tmp_path, {**CLEAN, **files})
    assert layer_problems(root) == expected


def test_the_checker_places_every_module(tmp_path: Path) -> None:
    root = _tree(tmp_path, {**CLEAN, "listing.py": "", "misc/__init__.py": ""})
    assert placement_problems(root) == [
        "pyxi.listing is in no layer and is not a shared leaf",
        "pyxi.misc is in no layer and is not a shared leaf",
    ]


def test_the_checker_keeps_shared_leaves_to_the_standard_library(tmp_path: Path) -> None:
    root = _tree(tmp_path, {**CLEAN, "names.py": "import yaml\nimport re\n"})
    assert foreign_imports(root) == ["shared leaf pyxi.names imports yaml"]
