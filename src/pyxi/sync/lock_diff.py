"""What changed between two locks, per environment and platform, in pixi's two layouts.

JSON (`update --json`, `upgrade --json`), pixi's `LockFileJsonDiff`:

    {"version": 1,
     "environment": {ENV: {PLATFORM: [
        {"name": "numpy", "before": {…} | null, "after": {…} | null,
         "type": "conda" | "pypi", "explicit": true}]}}}

`before`/`after` are the locked records, cut down to the fields that differ between the two
(a field only one side has shows as null on the other); null for an added or a removed
package. `explicit` (left out when false) marks a package the environment asks for by name.

Text (stderr, as pixi prints it): `Environment: ENV`, then the changes every platform shares,
then `Platform: ENV:PLATFORM` and the changes of that platform alone; `+` added, `-` removed,
`~` changed.
"""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING, Any

from pyxi.datamodel import model
from pyxi.lockfile.model import CondaPackage, LockedPackage, LockFile
from pyxi.names import normalize_name

if TYPE_CHECKING:
    from pyxi.workspace.environment import Workspace

Key = tuple[str, str]


@model(frozen=True)
class Change:
    """One package added, removed or changed by a lock update."""

    name: str
    kind: str
    before: str | None
    after: str | None
    old: LockedPackage | None = field(default=None, compare=False, repr=False)
    new: LockedPackage | None = field(default=None, compare=False, repr=False)

    def line(self) -> str:
        if self.before is None:
            return f"+ {self.name} {self.after}"
        if self.after is None:
            return f"- {self.name} {self.before}"
        return f"{self.name} {self.before} -> {self.after}"

    def pixi_line(self) -> str:
        """pixi's form: `~ conda numpy 2.1.3 h0 -> 2.2.0 h0`."""
        mark = "+" if self.before is None else "-" if self.after is None else "~"
        before, after = _shown(self.old), _shown(self.new)
        if mark == "~":
            return f"{mark} {self.kind} {self.name} {before} -> {after}"
        return f"{mark} {self.kind} {self.name} {after or before}"


@model
class LockDiff:
    """The changes of a lock update, per environment and platform."""

    changes: dict[Key, list[Change]] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not any(self.changes.values())

    def lines(self) -> list[str]:
        result: list[str] = []
        for (env, platform), changes in sorted(self.changes.items()):
            if changes:
                result.append(f"Environment `{env}` on {platform}:")
                result += [f"  {change.line()}" for change in changes]
        return result

    def pixi_lines(self) -> list[str]:
        """pixi's text layout: per environment, the changes shared by all its platforms first."""
        result: list[str] = []
        for env in sorted({env for (env, _), changes in self.changes.items() if changes}):
            per_platform = {p: {c.pixi_line() for c in cs} for (e, p), cs in self.changes.items()
                            if e == env and cs}
            common = set.intersection(*per_platform.values())
            result.append(f"Environment: {env}")
            result += [f"  {line}" for line in sorted(common)]
            for platform, lines in sorted(per_platform.items()):
                if lines - common:
                    result.append(f"Platform: {env}:{platform}")
                    result += [f"  {line}" for line in sorted(lines - common)]
        return result

    def to_json(self, workspace: Workspace | None = None) -> dict[str, Any]:
        environments: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for (env, platform), changes in sorted(self.changes.items()):
            if changes:
                named = _explicit_names(workspace, env, platform)
                rows = [_json_row(change, named) for change in changes]
                environments.setdefault(env, {})[platform] = rows
        return {"version": 1, "environment": environments}


def diff_locks(old: LockFile | None, new: LockFile) -> LockDiff:
    diff = LockDiff()
    keys = {(e, p) for e, env in new.environments.items() for p in env.packages}
    if old is not None:
        keys |= {(e, p) for e, env in old.environments.items() for p in env.packages}
    for key in sorted(keys):
        before, after = _by_name(old, key), _by_name(new, key)
        changes = []
        for name in sorted(set(before) | set(after)):
            was, now = before.get(name), after.get(name)
            if was is None or now is None or _moved(was, now):
                kind = now.kind if now is not None else was.kind if was is not None else ""
                changes.append(Change(name[1], kind, _version(was) if was else None,
                                      _version(now) if now else None, was, now))
        diff.changes[key] = changes
    return diff


def _by_name(lock: LockFile | None, key: Key) -> dict[tuple[str, str], LockedPackage]:
    """Conda and PyPI packages are apart, as in pixi: one of each kind may share a name."""
    if lock is None:
        return {}
    return {(p.kind, normalize_name(p.name, p.kind == "pypi")): p for p in lock.packages_for(*key)}


def _moved(was: LockedPackage, now: LockedPackage) -> bool:
    """pixi's test: a package changed when its location did (a new version, build or file)."""
    return was.location != now.location or _version(was) != _version(now)


def _version(package: LockedPackage) -> str:
    if isinstance(package, CondaPackage):
        return package.version
    return package.version or package.location


def _shown(package: LockedPackage | None) -> str:
    if package is None:
        return ""
    if isinstance(package, CondaPackage):
        return f"{package.version} {package.build}"
    return _version(package)


def record(package: LockedPackage) -> dict[str, Any]:
    """A locked package as a JSON object: its entry as pixi.lock holds it (what pixi serialises),
    conda ones with `name`, `version`, `build`, `build_number` and `subdir` always there."""
    if isinstance(package, CondaPackage):
        from pyxi.lockfile.write_packages import conda_entry

        identity = {"name": package.name, "version": package.version, "build": package.build,
                    "build_number": package.build_number, "subdir": package.subdir}
        entry = conda_entry(package)  # pixi's keys in the lock's order, `conda` first
        for key, value in identity.items():
            entry.setdefault(key, value)
        return entry
    from pyxi.lockfile.write_packages import pypi_entry

    return pypi_entry(package)


def _json_row(change: Change, explicit: set[str]) -> dict[str, Any]:
    before = record(change.old) if change.old is not None else None
    after = record(change.new) if change.new is not None else None
    if before is not None and after is not None:
        before, after = _differing(before, after)
    # pixi names PyPI packages by their dist-info form (`typing_extensions`)
    name = change.name.replace("-", "_") if change.kind == "pypi" else change.name
    row: dict[str, Any] = {"name": name, "before": before, "after": after,
                           "type": change.kind}
    if change.name in explicit:
        row["explicit"] = True
    return row


def _differing(a: dict[str, Any], b: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that differ; a field one side lacks is null there."""
    keys = [k for k in {**a, **b} if a.get(k) != b.get(k)]
    return {k: a.get(k) for k in keys}, {k: b.get(k) for k in keys}


def _explicit_names(workspace: Workspace | None, env_name: str, platform_name: str) -> set[str]:
    if workspace is None or env_name not in workspace.environments:
        return set()
    env = workspace.environments[env_name]
    platform = env.platform(platform_name)
    if platform is None:
        return set()
    names = {normalize_name(d.name, False) for d in env.conda_dependencies(platform)}
    return names | {normalize_name(d.name, True) for d in env.pypi_dependencies(platform)}
