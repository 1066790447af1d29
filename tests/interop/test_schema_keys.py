"""Every key of pixi's manifest schema is either understood by pyxi or refused with
`not supported by pyxi yet: KEY` — never "unknown key", never silently ignored.

Each key is put, with a placeholder string value, into the smallest manifest that reaches the
schema table it belongs to. An understood key then parses or fails its own type/value check;
an unsupported one fails with the not-supported message.

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
}
ROOT = lambda k, v: f'"{k}" = {v}\n' + BASE


# Schema table → the keys of it that pyxi refuses with "not supported by pyxi yet".
REFUSED = {
    "<root>": ["dev", "exclude-newer", "package", "pypi-exclude-newer"],
    "Workspace": ["build-variants", "build-variants-files", "exclude-newer", "s3-options",
                  "target"],
    "Feature": ["dev"],
    "Environment": ["dev"],
    "Target": ["dev"],
    "SystemRequirements": ["unix"],
    "PyPIOptions": ["dependency-overrides", "no-binary", "no-build", "skip-wheel-filename-check"],
    "MatchspecTable": ["branch", "build-number", "extras", "file-name", "flags", "git", "lfs",
                       "license", "license-family", "md5", "package", "path", "rev", "sha256",
                       "subdir", "subdirectory", "tag", "track-features", "url", "when"],
    "PyPIGitBranchRequirement": ["lfs"],
    "ChannelInlineTable": ["exclude-newer"],
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


def _outcome(text: str) -> str:
    try:
        parse_manifest(text, Path("w", "pixi.toml"))
    except PyxiError as error:
        return str(error).splitlines()[0]
    return "ok"


@pytest.mark.parametrize(("table", "key"), _cases())
def test_schema_key_is_understood(table: str, key: str) -> None:
    build = PLACES.get(table, ROOT)
    outcomes = [_outcome(build(key, value)) for value in ('"x"', "{}", "[]", "true")]
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
