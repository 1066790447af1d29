"""Conda versions through rattler: bumping one (`pyxi workspace version major`) and matching
one against a spec (`requires-pixi`)."""

from __future__ import annotations

from typing import Literal

import rattler

from pyxi.diagnostics import PyxiError

Part = Literal["major", "minor", "patch"]


def bump_version(version: str, part: Part) -> str:
    """`1.2.3` → `2.0.0` / `1.3.0` / `1.2.4`, as pixi bumps it."""
    try:
        parsed = rattler.Version(version)
        bumped = {"major": parsed.bump_major, "minor": parsed.bump_minor,
                  "patch": parsed.bump_patch}[part]()
    except Exception as error:  # noqa: BLE001 - rattler raises its own exception types
        raise PyxiError(f"cannot bump the version `{version}`: {error}",
                        help="set a version such as `1.2.3` with `pyxi workspace version set`") from None
    return str(bumped)


def spec_matches(spec: str, version: str) -> bool:
    return bool(rattler.VersionSpec(spec).matches(rattler.Version(version)))
