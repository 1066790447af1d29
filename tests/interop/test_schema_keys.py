"""Every key of pixi's manifest schema is either understood by pyxi or recorded as not
supported (`Manifest.unsupported`, raised as `not supported by pyxi yet: KEY` where it is
needed) — never "unknown key", never silently ignored.

Each key is put, with a placeholder string value, into the smallest manifest that reaches the
schema table it belongs to. An understood key then parses or fails its own type/value check
(a key pyxi reads but cannot solve with, stage `solve`, counts as understood); an unsupported
one is recorded under its own name.

The keys pyxi refuses today are listed in REFUSED: their cases are strict expected failures (a
refusal is not a pass), so supporting a key turns its case into an XPASS(strict) failure until
its line here is deleted: support shows as progress."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pyxi.diagnostics import PyxiError
from pyxi.manifest.parse import parse_manifest

SCHEMA = json.loads((Path(__file__).with_name("pixi-schema.json")).read_text())
BASE = '[workspace]\nname = "w"\nchannels = ["conda-forge"]\nplatforms = ["linux-64"]\n'
# schema table -> how to reach it: a function of (key, toml value) -> manifest text.
PLACES = {
    "Workspace": lambda k, v: BASE + f'"{k}" = {v}\n',
    "Feature": lambda k, v: BASE + f'[feature.f]\n"{k}" = {v}\n[environments]\ne = ["f"]\n',
    "Environment": lambda k, v: BASE + f'[feature.f]\n[environments.e]\nfeatures = ["f"]\n"{k}" = {v}\n',
    "Target": lambda k, v: BASE + f'[target.linux-64]\n"{k}" = {v}\n',
    "Activation": lambda k, v: BASE + f'[activation]\n"{k}" = {v}\n',
    "SystemRequirements": lambda k, v: BASE + f'[system-requirements]\n"{k}" = {v}\n',
    "PyPIOptions": lambda k, v: BASE + f'[pypi-options]\n"{k}" = {v}\n',
    "TaskInlineTable": lambda k, v: BASE + f'[tasks.t]\ncmd = "x"\n"{k}" = {v}\n',
    "TaskArgs": lambda k, v: BASE + f'[tasks.t]\ncmd = "x"\nargs = [{{ arg = "a", "{k}" = {v} }}]\n',
    "DependsOn": lambda k, v: BASE + f'[tasks.a]\ncmd = "x"\n[tasks.t]\ndepends-on = [{{ task = "a", "{k}" = {v} }}]\n',
    "MatchspecTable": lambda k, v: BASE + f'[dependencies.pkg]\n"{k}" = {v}\n',
    "PyPIVersion": lambda k, v: BASE + f'[pypi-dependencies.pkg]\n"{k}" = {v}\n',
    "PyPIPathRequirement": lambda k, v: BASE + f'[pypi-dependencies.pkg]\npath = "."\n"{k}" = {v}\n',
    "PyPIGitBranchRequirement": lambda k, v: BASE + f'[pypi-dependencies.pkg]\ngit = "https://g/r"\n"{k}" = {v}\n',
    "PyPIUrlRequirement": lambda k, v: BASE + f'[pypi-dependencies.pkg]\nurl = "https://u/p.whl"\n"{k}" = {v}\n',
    "WorkspacePlatform": lambda k, v: BASE.replace('platforms = ["linux-64"]', f'platforms = [{{ platform = "linux-64", "{k}" = {v} }}]'),
    "ChannelInlineTable": lambda k, v: BASE.replace('channels = ["conda-forge"]', f'channels = [{{ channel = "conda-forge", "{k}" = {v} }}]'),
    "LibcFamily": lambda k, v: BASE + f'[system-requirements.libc]\nversion = "2.28"\n"{k}" = {v}\n',
    "Package": lambda k, v: BASE + f'[package]\n"{k}" = {v}\n' + (
        "" if k == "build" else '[package.build.backend]\nname = "b"\n'),
    "Build": lambda k, v: BASE + f'[package.build]\n"{k}" = {v}\n' + (
        "" if k == "backend" else '[package.build.backend]\nname = "b"\n'),
    "BuildBackend": lambda k, v: BASE + f'[package.build.backend]\n"{k}" = {v}\n',
    "SourceLocation": lambda k, v: BASE + f'[package.build]\nbackend = {{ name = "b" }}\n'
    f'[package.build.source]\n"{k}" = {v}\n',
}
ROOT = lambda k, v: f'"{k}" = {v}\n' + BASE


# Schema table → the keys of it that pyxi refuses with "not supported by pyxi yet".
REFUSED = {
    "Workspace": ["build-variants-files", "target"],
    "Environment": ["dev"],
    "SystemRequirements": ["unix"],
    "MatchspecTable": ["extras", "flags", "lfs", "package", "when"],
    "PyPIGitBranchRequirement": ["lfs"],
}
NOT_SUPPORTED = "not supported by pyxi yet"


class Refused(Exception):
    """Every value of the key was refused by name (a known gap, listed in REFUSED)."""


def _cases() -> list[Any]:
    pairs = [("<root>", key) for key in SCHEMA["properties"] if key not in ("workspace", "project")]
    for table in PLACES:
        pairs += [(table, key) for key in SCHEMA["$defs"][table]["properties"]]
    gap = pytest.mark.xfail(raises=Refused, strict=True, reason="not supported by pyxi yet")
    return [pytest.param(table, key, marks=[gap] if key in REFUSED.get(table, ()) else [],
                         id=f"{table}-{key}") for table, key in pairs]


def _outcome(text: str, key: str) -> str:
    try:
        manifest = parse_manifest(text, Path("w", "pixi.toml"))
    except PyxiError as error:
        return str(error).splitlines()[0]
    recorded = [part for part in manifest.unsupported
                if part.path[-1] == key and part.stage != "solve"]
    return f"{NOT_SUPPORTED}: `{recorded[0].key}`" if recorded else "ok"


@pytest.mark.parametrize(("table", "key"), _cases())
def test_schema_key_is_understood(table: str, key: str) -> None:
    build = PLACES.get(table, ROOT)
    outcomes = [_outcome(build(key, value), key) for value in ('"x"', "{}", "[]", "true")]
    unknown = [o for o in outcomes if "unknown key" in o]
    assert not unknown, f"{table}.{key}: {unknown[0]}"
    refused = [NOT_SUPPORTED in o for o in outcomes]
    if all(refused) and key in REFUSED.get(table, ()):
        raise Refused(outcomes[0])
    assert not any(refused), outcomes


def test_refused_keys_are_schema_keys() -> None:
    """REFUSED names only keys the schema has (a typo would hide a gap)."""
    cases = {(p.values[0], p.values[1]) for p in _cases()}
    assert {(t, k) for t, keys in REFUSED.items() for k in keys} <= cases
