"""Broken lock files: always a LockFileError that names the file (and line/key if known)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyxi.diagnostics import LockFileError
from pyxi.lockfile.read import parse_lock, read_lock

MINIMAL = """\
version: 7
platforms:
- name: linux-64
environments:
  default:
    channels:
    - url: https://conda.anaconda.org/conda-forge/
    packages:
      linux-64:
      - conda: https://conda.anaconda.org/conda-forge/linux-64/zlib-1.3.1-hb9d3cd8_2.conda
packages:
- conda: https://conda.anaconda.org/conda-forge/linux-64/zlib-1.3.1-hb9d3cd8_2.conda
  sha256: 5d7c0e5f0005f74112a34a7425179f4eb6e73c92f5d109e6af4ddeca407c92ab
  md5: c9f075ab2f33b3bbee9e62d4ad0a6cd8
  depends:
  - libzlib 1.3.1 hb9d3cd8_2
"""


def _error(tmp_path: Path, text: str | bytes) -> LockFileError:
    path = tmp_path / "pixi.lock"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(LockFileError) as info:
        read_lock(path)
    error = info.value
    assert "pixi.lock" in error.message
    assert error.location is not None and error.location.file == path
    assert (error.__cause__ is None and error.__suppress_context__) or error.__context__ is None
    return error


def test_minimal_lock_reads(tmp_path: Path) -> None:
    lock = parse_lock(MINIMAL, tmp_path / "pixi.lock")
    (package,) = lock.packages_for("default", "linux-64")
    assert package.name == "zlib" and package.build_number == 2


def test_newer_version(tmp_path: Path) -> None:
    error = _error(tmp_path, MINIMAL.replace("version: 7", "version: 8"))
    assert "newer pixi (format version 8)" in error.message
    assert "pyxi reads up to 7" in error.message
    assert error.help and "upgrade pyxi" in error.help
    assert error.location is not None and error.location.line == 1


def test_old_version(tmp_path: Path) -> None:
    error = _error(tmp_path, MINIMAL.replace("version: 7", "version: 3"))
    assert "version 3" in error.message
    assert error.help == "re-create it with `pyxi lock`"


@pytest.mark.parametrize("cut", [
    40, 200, 400,
    MINIMAL.index("packages:\n- conda") + 30,  # inside the entry's URL
    MINIMAL.index("  md5:") + 15,  # inside a hash
])
def test_truncated_file(tmp_path: Path, cut: int) -> None:
    _error(tmp_path, MINIMAL[:cut])


def test_truncated_file_names_the_missing_package(tmp_path: Path) -> None:
    text = MINIMAL[: MINIMAL.index("packages:\n- conda")] + "packages: []\n"
    error = _error(tmp_path, text)
    assert "missing from `packages`" in error.message
    assert error.location is not None and error.location.line is not None


@pytest.mark.parametrize("text", [
    "version: 7\nplatforms: [\n",
    "version: 7\n  bad indent: here\n other: x\n",
    "\t- tab\n",
    "version: 7\nenvironments: {a: b: c}\n",
    "key: 'unterminated\n",
    "%YAML 9.9\n---\nversion: 7\n",
])
def test_garbage_yaml(tmp_path: Path, text: str) -> None:
    error = _error(tmp_path, text)
    assert error.location is not None


def test_not_utf8(tmp_path: Path) -> None:
    _error(tmp_path, b"version: 7\n\xff\xfe\x00garbage")


def test_empty_file(tmp_path: Path) -> None:
    assert "empty" in _error(tmp_path, "").message


@pytest.mark.parametrize(("old", "new", "key"), [
    ("version: 7", "version: seven", "version"),
    ("version: 7", "version: '7'", "version"),
    ("version: 7\n", "", "version"),
    ("environments:\n", "environments: [1, 2]\nunused:\n", "environments"),
    ("    channels:\n", "    channels: 5\n    ignored:\n", "environments.default.channels"),
    ("      linux-64:\n      - conda", "      linux-64:\n      - foo", "packages.linux-64[0]"),
    ("  md5: c9f075ab2f33b3bbee9e62d4ad0a6cd8", "  md5: nothex", "packages[0].md5"),
    ("  depends:\n  - libzlib 1.3.1 hb9d3cd8_2", "  depends: {a: 1}", "packages[0].depends"),
    ("- name: linux-64", "- name: linux-64\n  virtual-packages: 3", "platforms[0]"),
    ("- name: linux-64", "- name: not-a-platform", "platforms[0]"),
    ("- name: linux-64", "- name: osx-64", "environments.default.packages.linux-64"),
    ("- conda: https://conda.anaconda.org/conda-forge/linux-64/zlib-1.3.1-hb9d3cd8_2.conda\n  sha",
     "- sha", "packages[0]"),
])
def test_wrong_types_and_missing_keys(tmp_path: Path, old: str, new: str, key: str) -> None:
    assert old in MINIMAL
    error = _error(tmp_path, MINIMAL.replace(old, new, 1))
    assert error.location is not None and error.location.line is not None
    assert error.location.key is not None and key in error.location.key


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(LockFileError) as info:
        read_lock(tmp_path / "pixi.lock")
    assert "pixi.lock" in info.value.message


def test_duplicate_key(tmp_path: Path) -> None:
    error = _error(tmp_path, MINIMAL.replace("version: 7\n", "version: 7\nversion: 7\n"))
    assert "duplicate key" in error.message
