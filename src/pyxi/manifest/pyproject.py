"""What a pyproject.toml's standard tables add to the pixi tables under `[tool.pixi]`.

- `project.requires-python` → conda `python` in the default feature (unless set there);
- `project.dependencies` → default-feature pypi-dependencies (a conda dependency of the same
  name wins, and so does an explicit `[tool.pixi.pypi-dependencies]` entry);
- each `project.optional-dependencies` / `[dependency-groups]` group → a feature of that name,
  with self-references (`me[test]`) and `{ include-group = "x" }` expanded.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pyxi.datamodel import model
from pyxi.manifest.errors import Source, want_list, want_str, want_table, wrong_type
from pyxi.manifest.keyindex import KeyPath
from pyxi.manifest.model import CondaDependency, Feature, PypiDependency
from pyxi.manifest.specs import pep440_to_conda
from pyxi.names import normalize_pypi_name

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
        where = ("project", "requires-python")
        spec = pep440_to_conda(src, want_str(src, project["requires-python"], where), where)
        default.dependencies["python"] = CondaDependency("python", spec, location=src.loc(where))
    groups = _Groups(src, _groups(src, data, project), normalize_pypi_name(str(project.get("name", ""))))
    deps_path = ("project", "dependencies")
    conda_names = {normalize_pypi_name(name) for name in default.dependencies}
    for dep in groups.requirements(deps_path, project.get("dependencies", [])):
        if normalize_pypi_name(dep.name) not in conda_names:
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


@model(frozen=True)
class _Groups:
    """Expands group contents: `me[extra]` self-references and `{ include-group = "x" }`."""

    src: Source
    table: GroupTable
    self_name: str

    def requirements(self, path: KeyPath, items: object) -> list[PypiDependency]:
        """The requirements of one list, groups expanded in place; iterative, so a chain of
        thousands of `include-group`s needs no deep Python stack."""
        deps: list[PypiDependency] = []
        frames = [_Frame(path, iter(enumerate(want_list(self.src, items, path))))]
        expanding: set[str] = set()  # the groups being expanded: one met again includes itself
        while frames:
            frame = frames[-1]
            if frame.group and not frame.started:
                self._enter(frame, expanding)
            entry = next(frame.entries, None)
            if entry is None:
                expanding.discard(frames.pop().group or "")
                continue
            item_path = frame.path + (str(entry[0]),)
            for name in reversed(self._included(entry[1], item_path, deps)):
                frames.append(_Frame((), iter(()), name, item_path))
        return deps

    def _included(self, item: object, path: KeyPath, deps: list[PypiDependency]) -> list[str]:
        """The groups an entry includes; a plain requirement is added to `deps` instead."""
        if isinstance(item, dict):
            if set(item) != {"include-group"}:
                wrong_type(self.src, item, 'a requirement string or `{ include-group = "name" }`', path)
            return [want_str(self.src, item["include-group"], path + ("include-group",))]
        dep = pep508(self.src, want_str(self.src, item, path), path)
        if self.self_name and normalize_pypi_name(dep.name) == self.self_name:
            return list(dep.extras)  # `me[test]`: this project's own extras
        deps.append(dep)
        return []

    def _enter(self, frame: _Frame, expanding: set[str]) -> None:
        """Start expanding group `frame.group`, included at `frame.origin`."""
        name = frame.group or ""
        if name not in self.table:
            self.src.error(f"group `{name}` is not defined", frame.origin)
        if name in expanding:
            self.src.error(f"group `{name}` includes itself", frame.origin)
        frame.path, items = self.table[name]
        frame.entries = iter(enumerate(want_list(self.src, items, frame.path)))
        frame.started = True
        expanding.add(name)


@model
class _Frame:
    """One list being expanded: its key path and remaining entries (a group's once started)."""

    path: KeyPath
    entries: Iterator[tuple[int, Any]]
    group: str | None = None
    origin: KeyPath = ()
    started: bool = False


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
        url=source.get("url"), git=source.get("git"), rev=source.get("rev"),
        path=source.get("path"),
    )


def _url_source(url: str) -> dict[str, str]:
    if url.startswith("git+"):
        repo, sep, rev = url[4:].rpartition("@")
        return {"git": repo, "rev": rev} if sep and "/" not in rev else {"git": url[4:]}
    if url.startswith("file://"):
        return {"path": url[len("file://") :]}
    return {"url": url}

