"""`pyxi global list`: the environments as a tree (pixi's layout), or pixi's JSON."""

from __future__ import annotations

import re
from typing import Any

from pyxi.diagnostics import PyxiError
from pyxi.global_.model import GlobalEnv, Mapping
from pyxi.global_.paths import GlobalPaths
from pyxi.global_.records import InstalledRecord, installed_records, record_named

NOTHING_FOUND = "No global environments found."


def _compile(regex: str | None) -> re.Pattern[str] | None:
    if regex is None:
        return None
    try:
        return re.compile(regex)
    except re.error as error:
        raise PyxiError(f"invalid regular expression `{regex}`: {error}") from error


def selected(
    envs: dict[str, GlobalEnv], regex: str | None, only: list[str] | None
) -> list[GlobalEnv]:
    pattern = _compile(regex)
    return [
        env for name, env in sorted(envs.items())
        if env.dependencies
        and (pattern is None or pattern.search(name))
        and (only is None or name in only)
    ]  # fmt: skip


def _version(records: list[InstalledRecord], name: str) -> str | None:
    record = record_named(records, name)
    return record.package.version if record else None


def environments_json(paths: GlobalPaths, envs: list[GlobalEnv]) -> list[dict[str, Any]]:
    out = []
    for env in envs:
        records = installed_records(paths.env_prefix(env.name))
        item: dict[str, Any] = {
            "name": env.name,
            "dependencies": [
                {"name": n, "version": _version(records, n)} for n in env.dependencies
            ],
            "exposed": [
                {"exposed_name": m.exposed, "executable": m.executable} for m in env.exposed
            ],
        }
        if env.platform:
            item["platform"] = env.platform
        out.append(item)
    return out


def environments_tree(paths: GlobalPaths, envs: list[GlobalEnv], states: dict[str, str]) -> str:
    """One entry per environment: `├── NAME: VERSION (state)`, then its dependencies (when
    they are not just the package of the same name), exposed commands and shortcuts."""
    lines = []
    for index, env in enumerate(envs):
        last = index == len(envs) - 1
        records = installed_records(paths.env_prefix(env.name))
        state = f"({states[env.name]})" if env.name in states else ""
        head = f"{'└──' if last else '├──'} {env.name}"
        version = _version(records, env.name)
        only_itself = all(n == env.name for n in env.dependencies)
        lines.append(
            f"{head}: {version} {state}".rstrip()
            if only_itself and version
            else f"{head} {state}".rstrip()
        )
        if not only_itself:
            deps = ", ".join(_dep_text(records, n) for n in env.dependencies)
            lines.append(_section("dependencies", deps, last, more=True))
        lines.append(_section("exposes", _exposes(env.exposed), last, more=bool(env.shortcuts)))
        if env.shortcuts:
            lines.append(_section("shortcuts", ", ".join(env.shortcuts), last, more=False))
    return "\n".join(lines)


def _dep_text(records: list[InstalledRecord], name: str) -> str:
    version = _version(records, name)
    return f"{name} {version}" if version else name


def _exposes(mappings: list[Mapping]) -> str:
    return ", ".join(m.display() for m in mappings) or "Nothing"


def _section(label: str, content: str, last: bool, more: bool) -> str:
    return f"{' ' if last else '│'}   {'├' if more else '└'}─ {label}: {content}"


def environment_packages(
    paths: GlobalPaths, env: GlobalEnv, regex: str | None
) -> list[dict[str, Any]]:
    """Rows for the table of one environment's installed packages."""
    pattern = _compile(regex)
    rows = []
    for record in installed_records(paths.env_prefix(env.name)):
        package = record.package
        if pattern is not None and not pattern.search(package.name):
            continue
        rows.append({
            "name": package.name, "version": package.version, "build": package.build,
            "kind": "conda", "source": (package.channel or "").rstrip("/"),
            "size_bytes": package.size or 0, "is_explicit": package.name in env.dependencies,
        })  # fmt: skip
    return sorted(rows, key=lambda row: row["name"])


def environment_details(env: GlobalEnv) -> list[str]:
    lines = ["Exposes:", _exposes(env.exposed)]
    if env.channels:
        lines += ["Channels:", ", ".join(env.channels)]
    if env.platform:
        lines.append(f"Platform: {env.platform}")
    return lines
