"""What a pyproject.toml's standard tables add to the pixi tables under `[tool.pixi]`.

- `project.requires-python` → conda `python` in the default feature (unless set there);
- `project.dependencies` → default-feature pypi-dependencies (a conda dependency of the same
  name wins, and so does an explicit `[tool.pixi.pypi-dependencies]` entry);
- each `project.optional-dependencies` / `[dependency-groups]` group → a feature of that name,
  with self-references (`me[test]`) and `{ include-group = "x" }` expanded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pyxi.manifest.errors import Source, want_list, want_str, want_table, wrong_type
from pyxi.manifest.keyindex import KeyPath
from pyxi.manifest.model import CondaDependency, Feature, PypiDependency
from pyxi.manifest.specs import pep440_to_conda

GroupTable = dict[str, tuple[KeyPath, list[Any]]]


def project_name(src: Source, data: dict[str, Any]) -> str | None:
    project = data.get("project")
    if not isinstance(project, dict) or "name" not in project:
        return None
    return want_str(src, project["name"], ("project", "name"))


def apply_project_tables(
    src: Source, data: dict[str, Any], features: dict[str, Feature]
) -> set[str]:
    """Fold `[project]` and `[dependency-groups]` into `features`; returns the group names."""
    project = want_table(src, data.get("project", {}), ("project",))
    default = features["default"].default
    if "requires-python" in project and "python" not in default.dependencies:
        path = ("project", "requires-python")
        spec = pep440_to_conda(src, want_str(src, project["requires-python"], path), path)
        default.dependencies["python"] = CondaDependency("python", spec, location=src.loc(path))
    groups = _Groups(src, _groups(src, data, project), _normalize(str(project.get("name", ""))))
    deps_path = ("project", "dependencies")
    conda_names = {_normalize(name) for name in default.dependencies}
    for dep in groups.requirements(deps_path, project.get("dependencies", [])):
        if _normalize(dep.name) not in conda_names:
            default.pypi_dependencies.setdefault(dep.name, dep)
    for name, (path, items) in groups.table.items():
        feature = features.setdefault(name, Feature(name=name, location=src.loc(path)))
        for dep in groups.requirements(path, items):
            feature.default.pypi_dependencies.setdefault(dep.name, dep)
    return set(groups.table)


def _groups(src: Source, data: dict[str, Any], project: dict[str, Any]) -> GroupTable:
    groups: GroupTable = {}
    sources: list[tuple[KeyPath, object]] = [
        (("project", "optional-dependencies"), project.get("optional-dependencies", {})),
        (("dependency-groups",), data.get("dependency-groups", {})),
    ]
    for table_path, table in sources:
        for name, items in want_table(src, table, table_path).items():
            groups[name] = (table_path + (name,), want_list(src, items, table_path + (name,)))
    return groups


@dataclass(frozen=True)
class _Groups:
    """Expands group contents: `me[extra]` self-references and `{ include-group = "x" }`."""

    src: Source
    table: GroupTable
    self_name: str

    def requirements(
        self, path: KeyPath, items: object, seen: frozenset[str] = frozenset()
    ) -> list[PypiDependency]:
        deps: list[PypiDependency] = []
        for i, item in enumerate(want_list(self.src, items, path)):
            item_path = path + (str(i),)
            if isinstance(item, dict):
                deps += self._include(item, item_path, seen)
                continue
            dep = pep508(self.src, want_str(self.src, item, item_path), item_path)
            if not self.self_name or _normalize(dep.name) != self.self_name:
                deps.append(dep)
                continue
            for extra in dep.extras:
                deps += self._expand(extra, item_path, seen)
        return deps

    def _include(
        self, item: dict[str, Any], path: KeyPath, seen: frozenset[str]
    ) -> list[PypiDependency]:
        if set(item) != {"include-group"}:
            wrong_type(self.src, item, 'a requirement string or `{ include-group = "name" }`', path)
        name = want_str(self.src, item["include-group"], path + ("include-group",))
        return self._expand(name, path, seen)

    def _expand(self, name: str, path: KeyPath, seen: frozenset[str]) -> list[PypiDependency]:
        if name not in self.table:
            self.src.error(f"group `{name}` is not defined", path)
        if name in seen:
            self.src.error(f"group `{name}` includes itself", path)
        group_path, items = self.table[name]
        return self.requirements(group_path, items, seen | {name})


def pep508(src: Source, text: str, path: KeyPath) -> PypiDependency:
    """A PEP 508 requirement string as a `PypiDependency` (marker kept, URL sorted by kind)."""
    from packaging.requirements import InvalidRequirement, Requirement

    try:
        req = Requirement(text)
    except InvalidRequirement as error:
        src.error(f"invalid requirement `{text}`: {error}", path)
    source: dict[str, str] = {}
    if req.url:
        source = _url_source(req.url)
    return PypiDependency(
        req.name,
        str(req.specifier) or None,
        extras=tuple(sorted(req.extras)),
        marker=str(req.marker) if req.marker else None,
        location=src.loc(path),
        **source,  # type: ignore[arg-type]
    )


def _url_source(url: str) -> dict[str, str]:
    if url.startswith("git+"):
        repo, sep, rev = url[4:].rpartition("@")
        return {"git": repo, "rev": rev} if sep and "/" not in rev else {"git": url[4:]}
    if url.startswith("file://"):
        return {"path": url[len("file://") :]}
    return {"url": url}


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()
