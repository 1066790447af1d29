"""`[workspace] conda-pypi-map`: every form pixi accepts, and located errors for the rest."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pyxi.diagnostics import ManifestError
from pyxi.manifest.model import CondaPypiMapEntry, Manifest

HEADER = """\
[workspace]
name = "ws"
channels = ["conda-forge", "robostack"]
platforms = ["linux-64"]
"""


def test_absent_is_none(parse: Callable[..., Manifest]) -> None:
    assert parse(HEADER).workspace.conda_pypi_map is None


def test_false_turns_it_off(parse: Callable[..., Manifest]) -> None:
    mapping = parse(HEADER + "conda-pypi-map = false\n").workspace.conda_pypi_map
    assert mapping is not None and mapping.disabled and mapping.entries == ()


def test_every_entry_form(parse: Callable[..., Manifest]) -> None:
    text = HEADER + """\
[workspace.conda-pypi-map]
conda-forge = "local/mapping.json"
robostack = { location = "https://example.com/m.json", mapping-mode = "replace", same-name-heuristic = false }
"https://prefix.dev/other" = false
mine = { mapping = { PyTorch = "torch", airflow = ["airflow", "apache-airflow"], tzdata = false } }
"""
    mapping = parse(text).workspace.conda_pypi_map
    assert mapping is not None and not mapping.disabled
    by_channel = {entry.channel: entry for entry in mapping.entries}
    assert by_channel["conda-forge"].source == "local/mapping.json"
    assert by_channel["conda-forge"].mode == "overlay"
    assert by_channel["conda-forge"].location is not None
    assert by_channel["conda-forge"].location.line == 6
    robostack = by_channel["robostack"]
    assert (robostack.source, robostack.mode, robostack.same_name_heuristic) == (
        "https://example.com/m.json", "replace", False)
    assert by_channel["https://prefix.dev/other"] == CondaPypiMapEntry(
        "https://prefix.dev/other", disabled=True, location=by_channel["https://prefix.dev/other"].location)
    assert by_channel["mine"].inline == (
        ("pytorch", ("torch",)), ("airflow", ("airflow", "apache-airflow")), ("tzdata", ()))


def test_empty_table_is_deprecated_but_accepted(parse: Callable[..., Manifest]) -> None:
    manifest = parse(HEADER + "conda-pypi-map = {}\n")
    assert manifest.workspace.conda_pypi_map is not None
    assert any("`conda-pypi-map = {}` is deprecated" in w for w in manifest.warnings)


@pytest.mark.parametrize(
    ("text", "line", "key", "message", "help"),
    [
        ("conda-pypi-map = true\n", 5, "workspace.conda-pypi-map",
         "`conda-pypi-map = true` is not supported", "`false`"),
        ("conda-pypi-map = 'x.json'\n", 5, "workspace.conda-pypi-map",
         "expected a table or `false`, found a string", "conda-forge ="),
        ("conda-pypi-map = { conda-forge = true }\n", 5, "workspace.conda-pypi-map.conda-forge",
         "`true` is not supported", "`false`"),
        ("conda-pypi-map = { conda-forge = 3 }\n", 5, "workspace.conda-pypi-map.conda-forge",
         "expected a string, a table or `false`, found an integer", "mapping.json"),
        ("conda-pypi-map = { conda-forge = '' }\n", 5, "workspace.conda-pypi-map.conda-forge",
         "the mapping location is empty", "http(s)"),
        ("conda-pypi-map = { conda-forge = 'ftp://x/m.json' }\n", 5,
         "workspace.conda-pypi-map.conda-forge", "unsupported scheme `ftp`", "http(s)"),
        ("conda-pypi-map = { conda-forge = {} }\n", 5, "workspace.conda-pypi-map.conda-forge",
         "expected at least one of `location`", "mapping-mode"),
        ("[workspace.conda-pypi-map]\nconda-forge = { locaton = 'm.json' }\n", 6,
         "workspace.conda-pypi-map.conda-forge.locaton", "unknown key `locaton`", "`location`"),
        ("[workspace.conda-pypi-map]\nconda-forge = { mapping-mode = 'merge' }\n", 6,
         "workspace.conda-pypi-map.conda-forge.mapping-mode", "invalid value `merge`", "`overlay`"),
        ("[workspace.conda-pypi-map]\nconda-forge = { same-name-heuristic = 'no' }\n", 6,
         "workspace.conda-pypi-map.conda-forge.same-name-heuristic", "expected a boolean", None),
        ("[workspace.conda-pypi-map]\nconda-forge = { location = 1 }\n", 6,
         "workspace.conda-pypi-map.conda-forge.location", "expected a string", None),
        ("[workspace.conda-pypi-map]\nconda-forge = { mapping = ['torch'] }\n", 6,
         "workspace.conda-pypi-map.conda-forge.mapping", "expected a table of conda name", "tzdata = false"),
        ("[workspace.conda-pypi-map]\nconda-forge = { mapping = { pytorch = true } }\n", 6,
         "workspace.conda-pypi-map.conda-forge.mapping.pytorch", "(`true` is not supported)", "`false`"),
        ("[workspace.conda-pypi-map.conda-forge.mapping]\npytorch = ['torch', 1]\n", 6,
         "workspace.conda-pypi-map.conda-forge.mapping.pytorch[1]", "expected a string", None),
    ],
)
def test_bad_values_are_located(
    parse_error: Callable[..., ManifestError], text: str, line: int, key: str, message: str,
    help: str | None,
) -> None:
    error = parse_error(HEADER + text)
    assert message in error.message
    assert error.location is not None
    assert (error.location.file, error.location.line, error.location.key) == (
        Path("/ws/pixi.toml"), line, key)
    if help is not None:
        assert help in (error.help or "")


def test_pyproject_location(parse_error: Callable[..., ManifestError]) -> None:
    text = """\
[project]
name = "p"

[tool.pixi.workspace]
channels = ["conda-forge"]
platforms = ["linux-64"]
conda-pypi-map = { conda-forge = 1 }
"""
    error = parse_error(text, "pyproject.toml")
    assert error.location is not None
    assert (error.location.line, error.location.key) == (
        7, "tool.pixi.workspace.conda-pypi-map.conda-forge")
