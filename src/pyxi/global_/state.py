"""What a `pyxi global` command changed, and the lines that report it (pixi's wording)."""

from __future__ import annotations

from dataclasses import field
from typing import Any

from pyxi.datamodel import model

CHECK = "✔ "


@model(frozen=True)
class PackageChange:
    kind: str  # installed | upgraded | transitive | reinstalled | removed
    old: str | None = None
    new: str | None = None

    def versions(self) -> str | None:
        if self.kind == "installed":
            return self.new
        if self.kind == "removed":
            return None
        return f"{self.old} -> {self.new}"


@model
class EnvironmentUpdate:
    changes: dict[str, PackageChange] = field(default_factory=dict)
    direct: list[str] = field(default_factory=list)  # the environment's dependency names


# (what happened, for which item): exposed names, package names, completion names, …
Change = tuple[str, Any]

_GROUPS = {
    "added_exposed": ("Exposed executable {} from environment {}.", "Exposed executables from environment {}:"),
    "removed_exposed": ("Removed exposed executable {} from environment {}.", "Removed exposed executables from environment {}:"),
    "updated_exposed": ("Updated executable {} of environment {}.", "Updated executables of environment {}:"),
    "added_package": ("Added package {} to environment {}.", "Added packages of environment {}:"),
    "added_completion": ("Exposed completion {} of environment {}.", "Exposed completions of environment {}:"),
    "removed_completion": ("Removed completion {} of environment {}.", "Removed completions of environment {}:"),
}  # fmt: skip


@model
class StateChanges:
    changes: dict[str, list[Change]] = field(default_factory=dict)

    def touch(self, env: str) -> StateChanges:
        self.changes.setdefault(env, [])
        return self

    def add(self, env: str, kind: str, item: Any = None) -> None:
        self.changes.setdefault(env, []).append((kind, item))

    def merge(self, other: StateChanges) -> StateChanges:
        for env, items in other.changes.items():
            self.changes.setdefault(env, []).extend(items)
        return self

    @property
    def changed(self) -> bool:
        return any(self.changes.values())

    def of(self, env: str, kind: str) -> list[Any]:
        return [item for k, item in self.changes.get(env, []) if k == kind]

    def lines(self) -> list[str]:
        out: list[str] = []
        for env, items in self.changes.items():
            out += _env_lines(env, _after_last_removal(items))
        return out


def _after_last_removal(items: list[Change]) -> list[Change]:
    """Changes made before an environment was removed are not worth reporting."""
    last = max((i for i, (kind, _) in enumerate(items) if kind == "removed_env"), default=0)
    return items[last:]


def _env_lines(env: str, items: list[Change]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(items):
        kind, item = items[i]
        group = [item]
        while kind in _GROUPS and i + 1 < len(items) and items[i + 1][0] == kind:
            i += 1
            group.append(items[i][1])
        out += _kind_lines(env, kind, group)
        i += 1
    return out


def _kind_lines(env: str, kind: str, group: list[Any]) -> list[str]:
    if kind == "added_env":
        return [f"{CHECK}Added environment {env}."]
    if kind == "removed_env":
        return [f"{CHECK}Removed environment {env}."]
    if kind == "updated_env":
        return update_lines(env, group[0])
    single, several = _GROUPS[kind]
    names = sorted(str(g) for g in group)
    if len(names) == 1:
        return [CHECK + single.format(names[0], env)]
    return [CHECK + several.format(env), *(f"   - {name}" for name in names)]


def update_lines(env: str, update: EnvironmentUpdate) -> list[str]:
    top = sorted(
        (name, change) for name, change in update.changes.items()
        if name in update.direct and change.kind != "transitive"
    )  # fmt: skip
    transitive = [c for c in update.changes.values() if c.kind == "transitive"]
    if not top:
        if transitive:
            return [f"{CHECK}Updated environment {env}."]
        return [f"{CHECK}Environment {env} was already up-to-date."]
    verb = "Removed" if any(c.kind == "removed" for _, c in top) else "Updated"
    if len(top) == 1:
        name, change = top[0]
        versions = change.versions()
        return [
            f"{CHECK}{verb} package {name}{'=' + versions if versions else ''} in environment {env}."
        ]
    lines = [f"{CHECK}{verb} packages in environment {env}."]
    for name, change in top:
        versions = change.versions()
        lines.append(f"    - {name}{' ' + versions if versions else ''}")
    return lines
