"""`remove` of a name the chosen table does not have: say where the name is instead (another
feature, an environment's own tables, the other kind of dependency) as the command that removes
it there, or a close name in the chosen table, as pixi does."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from pyxi.diagnostics import PyxiError
from pyxi.manifest.model import Feature, Manifest, PlatformSpec
from pyxi.manifest.parse_envs import all_features
from pyxi.names import normalize_name
from pyxi.workspace.targets import applicable_tables

if TYPE_CHECKING:
    from pyxi.manifest.edit import ManifestEditor
    from pyxi.sync.add import Target

Place = tuple[Feature, bool]  # (feature, pypi)


def not_a_dependency(editor: ManifestEditor, name: str, pypi: bool, target: Target) -> PyxiError:
    table = "pypi-dependencies" if pypi else "dependencies"
    if target.environment:
        where = f"environment `{target.environment}`"
    else:
        where = f"feature `{target.feature}`" if target.feature else "the default feature"
    if target.platforms:
        where += " for " + ", ".join(target.platforms)
    hints = _hints(editor, name, pypi, target)
    return PyxiError(
        f"`{name}` is not in the {table} of {where}",
        help="\n".join(hints) if hints else "check the name, `--pypi`, `-f FEATURE` and "
        "`-p PLATFORM` against the manifest",
    )


def _hints(editor: ManifestEditor, name: str, pypi: bool, target: Target) -> list[str]:
    from pyxi.diagnostics import ManifestError
    from pyxi.manifest.parse import parse_manifest

    try:
        manifest = parse_manifest(editor.text(), editor.path)
    except ManifestError:
        return []
    hints: list[str] = []
    close: list[str] = []
    for (feature, is_pypi), names in _entries(manifest, target.platforms):
        chosen = is_pypi == pypi and _is_target(feature, target)
        found = [n for n in names if normalize_name(n, is_pypi) == normalize_name(name, is_pypi)]
        if found and not chosen:
            hints.append(_try_there(name, feature, is_pypi))
        elif chosen:
            close += difflib.get_close_matches(name, names, n=3, cutoff=0.8)
    if close:
        hints.append("did you mean " + ", ".join(f"`{n}`" for n in dict.fromkeys(close)) + "?")
    return hints


def _is_target(feature: Feature, target: Target) -> bool:
    if target.environment:
        return feature.environment == target.environment
    return feature.environment is None and feature.name == (target.feature or "default")


def _entries(manifest: Manifest, platforms: list[str]) -> Iterator[tuple[Place, list[str]]]:
    """Each feature's conda and PyPI names, on the given platforms (none: its own tables)."""
    specs: list[PlatformSpec | None] = [
        p for p in manifest.workspace.platforms if {p.name, p.subdir} & set(platforms)
    ]
    for feature in all_features(manifest):
        for pypi in (False, True):
            names: list[str] = []
            for platform in specs or [None]:
                for table in applicable_tables(feature, platform):
                    names += table.pypi_dependencies if pypi else table.dependencies
            yield (feature, pypi), list(dict.fromkeys(names))


def _try_there(name: str, feature: Feature, pypi: bool) -> str:
    table = "pypi-dependencies" if pypi else "dependencies"
    flag = " --pypi" if pypi else ""
    if feature.environment is not None:
        return (f"`{name}` is a {table} entry of environment `{feature.environment}`; try "
                f"`pyxi remove{flag} --environment {feature.environment} {name}`")
    if feature.name == "default":
        return f"`{name}` is a {table} entry in the default feature; try `pyxi remove{flag} {name}`"
    return (f"`{name}` is a {table} entry in feature `{feature.name}`; try "
            f"`pyxi remove{flag} --feature {feature.name} {name}`")
