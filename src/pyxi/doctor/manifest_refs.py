"""Where in the manifest something is declared, and how to name a table in a fix."""

from __future__ import annotations

from collections.abc import Iterator

from pyxi import consts
from pyxi.datamodel import model
from pyxi.diagnostics import Location
from pyxi.manifest.model import CondaDependency, Feature, PlatformSpec, PypiDependency, TargetTables
from pyxi.names import normalize_name
from pyxi.workspace.environment import Environment, Workspace
from pyxi.workspace.targets import applicable_tables

TABLES = {"conda": "dependencies", "pypi": "pypi-dependencies", "system": "system-requirements"}


@model(frozen=True)
class Declared:
    """A dependency as the manifest declares it for an environment on a platform."""

    feature: Feature
    table: str  # e.g. `[feature.gpu.pypi-dependencies]`
    dependency: CondaDependency | PypiDependency

    @property
    def location(self) -> Location | None:
        return self.dependency.location


def table_name(
    workspace: Workspace, feature: Feature | str, kind: str, target: str | None = None
) -> str:
    """`[feature.gpu.dependencies]`, `[environments.dev.dependencies]`,
    `[target.osx.pypi-dependencies]`, with `tool.pixi.` in a pyproject.toml."""
    if isinstance(feature, Feature):
        parts = list(feature.key_path)
    else:
        parts = [] if feature == consts.DEFAULT_FEATURE else ["feature", feature]
    if target:
        parts += ["target", target]
    parts.append(TABLES[kind])
    prefix = "tool.pixi." if workspace.manifest.kind == "pyproject" else ""
    return f"[{prefix}{'.'.join(parts)}]"


def declared(env: Environment, platform: PlatformSpec | None, kind: str, name: str,
             workspace: Workspace) -> Declared | None:
    """The winning declaration of `name` (conda or pypi) for the environment on the platform."""
    wanted = _key(kind, name)
    for feature in env.features:
        found = None
        for selector, tables in _tables_with_selectors(feature, platform):
            deps = tables.dependencies if kind == "conda" else tables.pypi_dependencies
            for dep_name, dep in deps.items():
                if _key(kind, dep_name) == wanted:
                    found = Declared(feature, table_name(workspace, feature, kind, selector), dep)
        if found is not None:
            return found
    return None


def _tables_with_selectors(
    feature: Feature, platform: PlatformSpec | None
) -> Iterator[tuple[str | None, TargetTables]]:
    applicable = applicable_tables(feature, platform)
    for table in applicable:
        if table is feature.default:
            yield None, table
            continue
        selector = next((s for s, t in feature.targets if t is table), None)
        yield selector, table


def _key(kind: str, name: str) -> str:
    return normalize_name(name, kind == "pypi")


def gpu_feature(env: Environment) -> Feature:
    """The feature a CUDA setting belongs in: one named like gpu/cuda, one that declares CUDA,
    else the first feature of the environment (the default feature when it is alone)."""
    for feature in env.features:
        if feature.system_requirements.cuda:
            return feature
    for feature in env.features:
        if any(word in feature.name.lower() for word in ("gpu", "cuda")):
            return feature
    return env.features[0]


def env_flag(env: Environment) -> str:
    return "" if env.name == consts.DEFAULT_ENVIRONMENT else f" -e {env.name}"
