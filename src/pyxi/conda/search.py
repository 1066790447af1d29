"""Package records of channels, by MatchSpec (glob names allowed: `py*`), without solving."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import rattler

from pyxi.diagnostics import PyxiError

from .solve import make_gateway


def _spec(text: str) -> rattler.MatchSpec:
    try:
        return rattler.MatchSpec(text, exact_names_only=False)
    except Exception as error:  # rattler raises its own parse error types
        raise PyxiError(
            f"cannot read the package spec `{text}`: {error}",
            help="write a name (`numpy`), a glob (`'py*'`) or a spec (`'numpy >=2'`)",
        ) from error


def find_records(
    channels: list[str], subdirs: list[str], specs: list[str], cache_dir: Path
) -> list[dict[str, Any]]:
    """Every record matching one of `specs`, as repodata JSON (with `url`, `channel`, `fn`),
    oldest first (name, then version, build number, build)."""
    parsed = [_spec(s) for s in specs]
    gateway = make_gateway(cache_dir)
    try:
        groups = asyncio.run(
            gateway.query(
                [rattler.Channel(c) for c in channels], _subdirs(subdirs), parsed, recursive=False
            )
        )
    except Exception as error:  # unreachable channel, broken repodata
        raise _unreadable(channels, error) from error
    matching = [r for group in groups for r in group if any(s.matches(r) for s in parsed)]
    ordered = sorted(matching, key=_order)
    return [json.loads(r.to_json()) for r in ordered]


def _subdirs(names: list[str]) -> list[rattler.Subdir]:
    return [rattler.Subdir(name) for name in names]


def _order(record: rattler.RepoDataRecord) -> tuple[Any, ...]:
    return (str(record.name.normalized), record.version, record.build_number, str(record.build))


def package_names(channels: list[str], subdirs: list[str], cache_dir: Path) -> list[str]:
    gateway = make_gateway(cache_dir)
    try:
        names = asyncio.run(
            gateway.names([rattler.Channel(c) for c in channels], _subdirs(subdirs))
        )
    except Exception as error:
        raise _unreadable(channels, error) from error
    return sorted(str(name.normalized) for name in names)


def _unreadable(channels: list[str], error: Exception) -> PyxiError:
    return PyxiError(
        f"cannot read the packages of {', '.join(channels)}",
        notes=[str(error).strip()],
        help="check the channel name or URL and that it can be reached from here",
    )
